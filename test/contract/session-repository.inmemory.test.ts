import { InMemoryUserTokenRepository } from '../../src/infrastructure/accounts/in-memory-user-token-repository.js';
import { InMemoryUnitOfWork } from '../../src/infrastructure/database/in-memory-unit-of-work.js';
import { InMemorySessionRepository } from '../../src/infrastructure/sessions/in-memory-session-repository.js';
import { InMemoryUserRepository } from '../../src/infrastructure/users/in-memory-user-repository.js';
import { sessionRepositoryContract } from './session-repository.contract.js';

sessionRepositoryContract('in-memory', () => {
  const users = new InMemoryUserRepository();
  const sessions = new InMemorySessionRepository(users);
  return Promise.resolve({ sessions, users, uow: new InMemoryUnitOfWork({ users, sessions, userTokens: new InMemoryUserTokenRepository(users) }) });
});
