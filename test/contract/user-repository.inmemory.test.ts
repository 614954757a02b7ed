import { InMemoryUserRepository } from '../../src/infrastructure/users/in-memory-user-repository.js';
import { userRepositoryContract } from './user-repository.contract.js';

userRepositoryContract('in-memory', () => Promise.resolve({ repo: new InMemoryUserRepository() }));
