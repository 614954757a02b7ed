import { InMemoryUserTokenRepository } from '../../src/infrastructure/accounts/in-memory-user-token-repository.js';
import { InMemoryUserRepository } from '../../src/infrastructure/users/in-memory-user-repository.js';
import { userTokenRepositoryContract } from './user-token-repository.contract.js';

userTokenRepositoryContract('in-memory', () => {
  const users = new InMemoryUserRepository();
  return Promise.resolve({ users, tokens: new InMemoryUserTokenRepository(users) });
});
