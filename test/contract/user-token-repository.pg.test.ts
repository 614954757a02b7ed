import { PgUserTokenRepository } from '../../src/infrastructure/accounts/pg-user-token-repository.js';
import { loadConfig } from '../../src/infrastructure/config/env.js';
import { createPool } from '../../src/infrastructure/database/pool.js';
import { PgUserRepository } from '../../src/infrastructure/users/pg-user-repository.js';
import { createTestDatabase } from '../support/database.js';
import { userTokenRepositoryContract } from './user-token-repository.contract.js';

userTokenRepositoryContract('pg', async () => {
  const db = await createTestDatabase();
  const pool = createPool(db.url, loadConfig({ NODE_ENV: 'test', DB_POOL_MAX: '10' }));
  return {
    users: new PgUserRepository(pool),
    tokens: new PgUserTokenRepository(pool),
    cleanup: async () => {
      await pool.end();
      await db.drop();
    },
  };
});
