import { loadConfig } from '../../src/infrastructure/config/env.js';
import { createPool } from '../../src/infrastructure/database/pool.js';
import { PgUserRepository } from '../../src/infrastructure/users/pg-user-repository.js';
import { createTestDatabase } from '../support/database.js';
import { userRepositoryContract } from './user-repository.contract.js';

// A fresh clone of the migrated template per test on a server (the embedded database is shared:
// the suite's unique emails and baseline totals keep it valid there too).
userRepositoryContract('pg', async () => {
  const db = await createTestDatabase();
  const pool = createPool(db.url, loadConfig({ NODE_ENV: 'test', DB_POOL_MAX: '5' }));
  return {
    repo: new PgUserRepository(pool),
    cleanup: async () => {
      await pool.end();
      await db.drop();
    },
  };
});
