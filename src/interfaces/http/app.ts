import cors from 'cors';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import swaggerUi from 'swagger-ui-express';
import type { Authenticate } from '../../application/users/authenticate.js';
import { type AccountLimiters, type AccountUseCases, accountsRoutes } from './accounts/accounts.routes.js';
import { registerAccountDocs } from './accounts/accounts.docs.js';
import { requireAuth } from './auth.js';
import { registerDocumentDocs } from './documents/documents.docs.js';
import { type DocumentUseCases, documentsRoutes } from './documents/documents.routes.js';
import { BATCH_BODY_LIMIT, documentSchemas } from './documents/documents.schemas.js';
import { type DatabaseProbe, type DrainingCheck, healthRoutes, registerHealthDocs } from './health.routes.js';
import { httpMetrics, metricsEndpoint } from './observability/metrics.js';
import { requestLogger } from './observability/request-log.js';
import { labelRoutes, routeLabel, routeLabeller } from './observability/route-label.js';
import { type OpenApiDocument, buildOpenApiDocument } from './openapi.js';
import { errorHandler, methodNotAllowedHandler, notFoundHandler } from './problem.js';
import { apiSecurityHeaders, docsContentSecurityPolicy } from './security-headers.js';
import { type AuthLimiters, type AuthUseCases, authRoutes } from './users/auth.routes.js';
import { registerSessionDocs } from './users/sessions.docs.js';
import { registerUserDocs } from './users/users.docs.js';
import { type UserUseCases, usersRoutes } from './users/users.routes.js';

export interface AppOptions {
  apiPrefix: string;
  corsOrigins: string[];
  /** Express's 'trust proxy': which X-Forwarded-* hops to believe for req.ip (per-IP limits, session records). */
  trustProxy: boolean | number | string[];
  logger: Logger;
  /** This app's own registry (never the global one), so several apps can live in one process. */
  metrics: { registry: Registry; token: string | undefined };
  probeDatabase: DatabaseProbe;
  isDraining: DrainingCheck;
  isUnavailable: (err: unknown) => boolean;
  /** EMBEDDING_DIM: request schemas and the OpenAPI document check vectors against it. */
  embeddingDimension: number;
  useCases: AuthUseCases & UserUseCases & AccountUseCases & DocumentUseCases & { authenticate: Authenticate };
  limiters: AuthLimiters & AccountLimiters;
}

const BODY_LIMIT = '1mb';

export function createApp(opts: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', opts.trustProxy);

  const docSchemas = documentSchemas(opts.embeddingDimension);
  const openapi = buildOpenApiDocument(opts.apiPrefix, [
    registerHealthDocs,
    registerUserDocs,
    registerSessionDocs,
    registerAccountDocs,
    registerDocumentDocs(docSchemas),
  ]);
  const routes = knownRoutes(openapi, opts.apiPrefix);
  const routeOf = routeLabeller([...routes.keys()]);
  const methodsByRoute = new Map([...routes].map(([template, methods]) => [routeLabel(template), methods]));
  observe(app, opts, routeOf);
  app.use(apiSecurityHeaders);
  app.get('/metrics', metricsEndpoint(opts.metrics.registry, opts.metrics.token));
  if (opts.corsOrigins.length > 0) {
    const anyOrigin = opts.corsOrigins.includes('*');
    // Bearer tokens travel in a header, not cookies, so credentials are never needed cross-origin.
    app.use(cors({ origin: anyOrigin ? '*' : opts.corsOrigins, credentials: false }));
  }
  // Before authentication and body parsing: a wrong method is the answer whoever asks and whatever is sent.
  app.use(methodNotAllowedHandler(methodsByRoute));
  const authenticated = requireAuth(opts.useCases.authenticate);
  // Only the batch route gets a larger body limit, and only once the caller is known: an anonymous
  // client cannot make the server parse 32 MB. The general parser below then skips the parsed body.
  app.post(`${opts.apiPrefix}/documents/batch`, authenticated, express.json({ limit: BATCH_BODY_LIMIT }));
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use(express.urlencoded({ extended: false, limit: BODY_LIMIT }));

  const sendOpenApi: express.RequestHandler = (_req, res) => void res.json(openapi);
  app.get(['/openapi.json', `${opts.apiPrefix}/openapi.json`], sendOpenApi);
  app.use('/docs', docsContentSecurityPolicy, swaggerUi.serve, swaggerUi.setup(openapi, { swaggerOptions: { persistAuthorization: true } }));

  app.use(opts.apiPrefix, healthRoutes(opts.probeDatabase, opts.isDraining));
  app.use(opts.apiPrefix, authRoutes(opts.useCases, opts.limiters, authenticated));
  app.use(opts.apiPrefix, usersRoutes(opts.useCases, authenticated));
  app.use(opts.apiPrefix, accountsRoutes(opts.useCases, opts.limiters, authenticated));
  app.use(opts.apiPrefix, documentsRoutes(opts.useCases, docSchemas, authenticated));

  app.use(notFoundHandler);
  app.use(
    errorHandler({
      isUnavailable: opts.isUnavailable,
      onUnavailable: (err, req) => { req.log.warn({ err }, 'dependency unavailable'); },
      onUnexpected: (err, req) => { req.log.error({ err }, 'unhandled error'); },
    }),
  );
  return app;
}

/** Logs and metrics come first, so every answer is counted, even a 404 or a body parser's 413. */
function observe(app: Express, opts: AppOptions, routeOf: (url: string) => string): void {
  app.use(labelRoutes(routeOf));
  app.use(requestLogger(opts.logger));
  app.use(httpMetrics(opts.metrics.registry));
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * Every path the app serves, by route template, with its methods: the documented API from the OpenAPI
 * document, and the documents about it and the metrics, which are read only. Express answers HEAD
 * wherever it answers GET.
 */
function knownRoutes(openapi: OpenApiDocument, apiPrefix: string): Map<string, readonly string[]> {
  const readOnly = ['GET', 'HEAD'];
  const routes = new Map<string, readonly string[]>(
    ['/openapi.json', `${apiPrefix}/openapi.json`, '/docs/*', '/metrics'].map((path) => [path, readOnly]),
  );
  for (const [path, item] of Object.entries(openapi.paths ?? {})) {
    const methods = HTTP_METHODS.filter((m) => item[m] !== undefined).map((m) => m.toUpperCase());
    routes.set(path, methods.includes('GET') ? [...methods, 'HEAD'] : methods);
  }
  return routes;
}
