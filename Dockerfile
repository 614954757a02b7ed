# seed-api image. Targets:
#   runtime (default, last stage)  compiled server, production dependencies only, non-root
#   dev                            runs src/ with `tsx watch` (docker-compose.yml mounts src/ and migrations/)
# Build: docker build -t seed-api .

# ---- deps: every dependency, for compiling and for the dev target ----------------------------------
FROM node:24-slim AS deps
WORKDIR /app
# .npmrc carries engine-strict and strict-allow-scripts; package.json's allowScripts denies every
# install script. --ignore-scripts says the same to whatever npm version the base image bundles.
COPY package.json package-lock.json .npmrc ./
RUN npm ci --ignore-scripts --no-audit --no-fund

# ---- build: TypeScript -> dist/ -------------------------------------------------------------------
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---- dev: from source with reload (docker compose up) ----------------------------------------------
FROM deps AS dev
ENV NODE_ENV=development
COPY tsconfig.json ./
COPY src ./src
COPY migrations ./migrations
USER node
EXPOSE 8000
CMD ["node_modules/.bin/tsx", "watch", "src/main.ts"]

# ---- runtime: what production runs -----------------------------------------------------------------
FROM node:24-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY migrations ./migrations
# Only the embedded PGlite (no DATABASE_URL, for a quick try) writes here; the code stays root-owned.
RUN mkdir .data && chown node:node .data
USER node
EXPOSE 8000
# Liveness through node's global fetch (the slim image has no curl).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+(process.env.API_V1_PREFIX||'/api/v1')+'/health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node itself is PID 1 and handles SIGTERM (graceful shutdown). Never `npm start` here: npm does not
# forward the signal. One-off commands: node dist/cli/migrate.js
#                                      node dist/cli/create-admin.js --email E --password P
CMD ["node", "--enable-source-maps", "dist/main.js"]
