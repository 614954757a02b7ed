import { ContainerModule } from 'inversify';
import { ConfirmPasswordReset } from '../../application/accounts/confirm-password-reset.js';
import { RequestPasswordReset } from '../../application/accounts/request-password-reset.js';
import { ResendVerification } from '../../application/accounts/resend-verification.js';
import { VerifyEmail } from '../../application/accounts/verify-email.js';
import { ListSessions } from '../../application/sessions/list-sessions.js';
import { LogoutAll } from '../../application/sessions/logout-all.js';
import { Logout } from '../../application/sessions/logout.js';
import { RevokeSession } from '../../application/sessions/revoke-session.js';
import { CreateDocument } from '../../application/documents/create-document.js';
import { CreateDocumentsBatch } from '../../application/documents/create-documents-batch.js';
import { DeleteDocument } from '../../application/documents/delete-document.js';
import { GetDocument } from '../../application/documents/get-document.js';
import { ListDocuments } from '../../application/documents/list-documents.js';
import { SearchDocuments } from '../../application/documents/search-documents.js';
import { UpdateDocument } from '../../application/documents/update-document.js';
import { Authenticate } from '../../application/users/authenticate.js';
import { ChangePassword } from '../../application/users/change-password.js';
import { DeleteUser } from '../../application/users/delete-user.js';
import { GetUser } from '../../application/users/get-user.js';
import { ListUsers } from '../../application/users/list-users.js';
import { Login } from '../../application/users/login.js';
import { RefreshToken } from '../../application/users/refresh-token.js';
import { RegisterUser } from '../../application/users/register-user.js';
import { UpdateMe } from '../../application/users/update-me.js';
import { UpdateUser } from '../../application/users/update-user.js';
import { createApp } from '../../interfaces/http/app.js';
import { pingDatabase } from '../database/pool.js';
import { isDatabaseUnavailable } from '../database/unavailable.js';
import { GracefulShutdown } from '../lifecycle.js';
import { createMetricsRegistry } from '../metrics.js';
import { TOKENS } from './tokens.js';

export const httpModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.Metrics).toDynamicValue((c) => createMetricsRegistry(c.get(TOKENS.Pool))).inSingletonScope();
  bind(TOKENS.Shutdown)
    .toDynamicValue((c) => new GracefulShutdown({
      logger: c.get(TOKENS.Logger),
      graceMs: c.get(TOKENS.Config).SHUTDOWN_GRACE_SECONDS * 1000,
      exit: (code) => process.exit(code),
    }))
    .inSingletonScope();
  bind(TOKENS.App)
    .toDynamicValue((c) => {
      const cfg = c.get(TOKENS.Config);
      const pool = c.get(TOKENS.Pool);
      return createApp({
        apiPrefix: cfg.API_V1_PREFIX,
        corsOrigins: cfg.CORS_ORIGINS,
        trustProxy: cfg.TRUST_PROXY,
        logger: c.get(TOKENS.Logger),
        metrics: { registry: c.get(TOKENS.Metrics), token: cfg.METRICS_TOKEN },
        probeDatabase: () => pingDatabase(pool),
        isDraining: c.get(TOKENS.Shutdown).isDraining,
        isUnavailable: isDatabaseUnavailable,
        embeddingDimension: cfg.EMBEDDING_DIM,
        useCases: {
          registerUser: c.get(RegisterUser),
          login: c.get(Login),
          refreshToken: c.get(RefreshToken),
          authenticate: c.get(Authenticate),
          getUser: c.get(GetUser),
          listUsers: c.get(ListUsers),
          updateUser: c.get(UpdateUser),
          deleteUser: c.get(DeleteUser),
          updateMe: c.get(UpdateMe),
          changePassword: c.get(ChangePassword),
          logout: c.get(Logout),
          logoutAll: c.get(LogoutAll),
          listSessions: c.get(ListSessions),
          revokeSession: c.get(RevokeSession),
          createDocument: c.get(CreateDocument),
          createDocumentsBatch: c.get(CreateDocumentsBatch),
          getDocument: c.get(GetDocument),
          listDocuments: c.get(ListDocuments),
          updateDocument: c.get(UpdateDocument),
          deleteDocument: c.get(DeleteDocument),
          searchDocuments: c.get(SearchDocuments),
          requestPasswordReset: c.get(RequestPasswordReset),
          confirmPasswordReset: c.get(ConfirmPasswordReset),
          verifyEmail: c.get(VerifyEmail),
          resendVerification: c.get(ResendVerification),
        },
        limiters: c.get(TOKENS.RouteLimiters),
      });
    })
    .inSingletonScope();
});
