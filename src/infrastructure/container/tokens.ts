import type { ServiceIdentifier } from 'inversify';
import type { Express } from 'express';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Redis } from 'ioredis';
import type { MailSender } from '../../application/accounts/ports/mail-sender.js';
import type { SecretTokens } from '../../application/accounts/ports/secret-tokens.js';
import type { UserTokenRepository } from '../../application/accounts/ports/user-token-repository.js';
import type { SessionRepository } from '../../application/sessions/ports/session-repository.js';
import type { PeriodicJob } from '../scheduling/periodic-job.js';
import type { DocumentRepository } from '../../application/documents/ports/document-repository.js';
import type { EmbeddingProvider } from '../../application/documents/ports/embedding-provider.js';
import type { BackgroundWork } from '../../application/shared/background-work.js';
import type { RateLimiter } from '../../application/shared/rate-limiter.js';
import type { Clock } from '../../application/shared/clock.js';
import type { UnitOfWork } from '../../application/shared/unit-of-work.js';
import type { LoginThrottle } from '../../application/users/ports/login-throttle.js';
import type { PasswordBlocklist } from '../../application/users/ports/password-blocklist.js';
import type { RequestLimiter } from '../../interfaces/http/rate-limit.js';
import type { PasswordHasher } from '../../application/users/ports/password-hasher.js';
import type { TokenService } from '../../application/users/ports/token-service.js';
import type { UserRepository } from '../../application/users/ports/user-repository.js';
import type { Config } from '../config/env.js';
import type { GracefulShutdown } from '../lifecycle.js';
import type { Outbox } from '../mail/outbox.js';

export const TOKENS = {
  Config: Symbol.for('Config') as ServiceIdentifier<Config>,
  Logger: Symbol.for('Logger') as ServiceIdentifier<Logger>,
  Pool: Symbol.for('Pool') as ServiceIdentifier<pg.Pool>,
  Clock: Symbol.for('Clock') as ServiceIdentifier<Clock>,
  UserRepository: Symbol.for('UserRepository') as ServiceIdentifier<UserRepository>,
  PasswordHasher: Symbol.for('PasswordHasher') as ServiceIdentifier<PasswordHasher>,
  TokenService: Symbol.for('TokenService') as ServiceIdentifier<TokenService>,
  Metrics: Symbol.for('Metrics') as ServiceIdentifier<Registry>,
  Shutdown: Symbol.for('Shutdown') as ServiceIdentifier<GracefulShutdown>,
  UnitOfWork: Symbol.for('UnitOfWork') as ServiceIdentifier<UnitOfWork>,
  SessionRepository: Symbol.for('SessionRepository') as ServiceIdentifier<SessionRepository>,
  /** Deletes long-ended sessions periodically; resolved by the runtime, which starts it. */
  SessionSweeper: Symbol.for('SessionSweeper') as ServiceIdentifier<PeriodicJob>,
  PasswordBlocklist: Symbol.for('PasswordBlocklist') as ServiceIdentifier<PasswordBlocklist>,
  LoginThrottle: Symbol.for('LoginThrottle') as ServiceIdentifier<LoginThrottle>,
  /** null when REDIS_URL is unset: limits then live in process memory. */
  Redis: Symbol.for('Redis') as ServiceIdentifier<Redis | null>,
  RouteLimiters: Symbol.for('RouteLimiters') as ServiceIdentifier<RouteLimiters>,
  DocumentRepository: Symbol.for('DocumentRepository') as ServiceIdentifier<DocumentRepository>,
  EmbeddingProvider: Symbol.for('EmbeddingProvider') as ServiceIdentifier<EmbeddingProvider>,
  UserTokenRepository: Symbol.for('UserTokenRepository') as ServiceIdentifier<UserTokenRepository>,
  SecretTokens: Symbol.for('SecretTokens') as ServiceIdentifier<SecretTokens>,
  /** MailSender and BackgroundWork, with what the ports leave out: `idle()` for tests, `close()` for shutdown. */
  Outbox: Symbol.for('Outbox') as ServiceIdentifier<Outbox>,
  MailSender: Symbol.for('MailSender') as ServiceIdentifier<MailSender>,
  BackgroundWork: Symbol.for('BackgroundWork') as ServiceIdentifier<BackgroundWork>,
  MailLimiters: Symbol.for('MailLimiters') as ServiceIdentifier<MailLimiters>,
  App: Symbol.for('App') as ServiceIdentifier<Express>,
};

/** Per-IP limiters of the auth routes; null where rate limiting is disabled. */
export interface RouteLimiters {
  login: RequestLimiter | null;
  register: RequestLimiter | null;
  refresh: RequestLimiter | null;
  passwordReset: RequestLimiter | null;
  verifyResend: RequestLimiter | null;
}

/** Per-address and per-account limits on the mails a use case sends; never limiting where rate limiting is disabled. */
export interface MailLimiters {
  passwordResetPerAddress: RateLimiter;
  verifyResendPerAccount: RateLimiter;
}
