import cors from 'cors';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import type { Authenticate } from '../../application/users/authenticate.js';
import { requireAuth } from './auth.js';
import { registerDocumentDocs } from './documents/documents.docs.js';
import { type DocumentUseCases, documentsRoutes } from './documents/documents.routes.js';
import { BATCH_BODY_LIMIT, documentSchemas } from './documents/documents.schemas.js';
import { type DatabaseProbe, healthRoutes, registerHealthDocs } from './health.routes.js';
import { buildOpenApiDocument } from './openapi.js';
import { errorHandler, notFoundHandler } from './problem.js';
import { type AuthUseCases, authRoutes } from './users/auth.routes.js';
import { registerUserDocs } from './users/users.docs.js';
import { type UserUseCases, usersRoutes } from './users/users.routes.js';

export interface AppOptions {
  apiPrefix: string;
  corsOrigins: string[];
  logger: Logger;
  probeDatabase: DatabaseProbe;
  isUnavailable: (err: unknown) => boolean;
  /** EMBEDDING_DIM: request schemas and the OpenAPI document check vectors against it. */
  embeddingDimension: number;
  useCases: AuthUseCases & UserUseCases & DocumentUseCases & { authenticate: Authenticate };
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
  const authenticated = requireAuth(opts.useCases.authenticate);
  // Only the batch route gets a larger body limit, and only once the caller is known: an anonymous
  // client cannot make the server parse 32 MB. The general parser below then skips the parsed body.
  app.post(`${opts.apiPrefix}/documents/batch`, authenticated, express.json({ limit: BATCH_BODY_LIMIT }));
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use(express.urlencoded({ extended: false, limit: BODY_LIMIT }));

  const docSchemas = documentSchemas(opts.embeddingDimension);
  const openapi = buildOpenApiDocument(opts.apiPrefix, [registerHealthDocs, registerUserDocs, registerDocumentDocs(docSchemas)]);
  const sendOpenApi: express.RequestHandler = (_req, res) => void res.json(openapi);
  app.get(['/openapi.json', `${opts.apiPrefix}/openapi.json`], sendOpenApi);
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(openapi, { swaggerOptions: { persistAuthorization: true } }));

  app.use(opts.apiPrefix, healthRoutes(opts.probeDatabase));
  app.use(opts.apiPrefix, authRoutes(opts.useCases));
  app.use(opts.apiPrefix, usersRoutes(opts.useCases, authenticated));
  app.use(opts.apiPrefix, documentsRoutes(opts.useCases, docSchemas, authenticated));

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
