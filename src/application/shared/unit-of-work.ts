import type { UserTokenRepository } from '../accounts/ports/user-token-repository.js';
import type { SessionRepository } from '../sessions/ports/session-repository.js';
import type { UserRepository } from '../users/ports/user-repository.js';

export interface TransactionalRepositories {
  users: UserRepository;
  sessions: SessionRepository;
  userTokens: UserTokenRepository;
}

/** Runs several writes atomically: all commit, or none (the work's error is rethrown). */
export interface UnitOfWork {
  run<T>(work: (tx: TransactionalRepositories) => Promise<T>): Promise<T>;
}
