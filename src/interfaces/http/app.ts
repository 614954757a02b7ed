import cors from 'cors';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import type { Authenticate } from '../../application/users/authenticate.js';
import { type AccountLimiters, type AccountUseCases, accountsRoutes } from './accounts/accounts.routes.js';
import { registerAccountDocs } from './accounts/accounts.docs.js';
import { requireAuth } from './auth.js';
import { type DatabaseProbe, healthRoutes, registerHealthDocs } from './health.routes.js';
import { buildOpenApiDocument } from './openapi.js';
import { errorHandler, notFoundHandler } from './problem.js';
import { type AuthLimiters, type AuthUseCases, authRoutes } from './users/auth.routes.js';
import { registerUserDocs } from './users/users.docs.js';
import { type UserUseCases, usersRoutes } from './users/users.routes.js';

export interface AppOptions {
  apiPrefix: string;
  corsOrigins: string[];
  logger: Logger;
  probeDatabase: DatabaseProbe;
  isUnavailable: (err: unknown) => boolean;
  useCases: AuthUseCases & UserUseCases & AccountUseCases & { authenticate: Authenticate };
  limiters: AuthLimiters & AccountLimiters;
}

const BODY_LIMIT = '1mb';

export function createApp(opts: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  app.use(pinoHttp({ logger: opts.logger, quietReqLogger: true }));
  if (opts.corsOrigins.length > 0) {
    const anyOrigin = opts.corsOrigins.includes('*');
    // Bearer tokens travel in a header, not cookies, so credentials are never needed cross-origin.
    app.use(cors({ origin: anyOrigin ? '*' : opts.corsOrigins, credentials: false }));
  }
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use(express.urlencoded({ extended: false, limit: BODY_LIMIT }));

  const openapi = buildOpenApiDocument(opts.apiPrefix, [registerHealthDocs, registerUserDocs, registerAccountDocs]);
  const sendOpenApi: express.RequestHandler = (_req, res) => void res.json(openapi);
  app.get(['/openapi.json', `${opts.apiPrefix}/openapi.json`], sendOpenApi);
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(openapi, { swaggerOptions: { persistAuthorization: true } }));

  const authenticated = requireAuth(opts.useCases.authenticate);
  app.use(opts.apiPrefix, healthRoutes(opts.probeDatabase));
  app.use(opts.apiPrefix, authRoutes(opts.useCases, opts.limiters, authenticated));
  app.use(opts.apiPrefix, usersRoutes(opts.useCases, authenticated));
  app.use(opts.apiPrefix, accountsRoutes(opts.useCases, opts.limiters, authenticated));

  app.use(notFoundHandler);
  app.use(
    errorHandler({
      isUnavailable: opts.isUnavailable,
      onUnavailable: (err) => { opts.logger.warn({ err }, 'dependency unavailable'); },
      onUnexpected: (err) => { opts.logger.error({ err }, 'unhandled error'); },
    }),
  );
  return app;
}
