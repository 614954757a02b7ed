import { createPool } from '../../src/infrastructure/database/pool.js';
import { PgUnitOfWork } from '../../src/infrastructure/database/pg-unit-of-work.js';
import { PgSessionRepository } from '../../src/infrastructure/sessions/pg-session-repository.js';
import { PgUserRepository } from '../../src/infrastructure/users/pg-user-repository.js';
import { createTestDatabase } from '../support/database.js';
import { sessionRepositoryContract } from './session-repository.contract.js';

sessionRepositoryContract('pg', async () => {
  const db = await createTestDatabase();
  const pool = createPool(db.url, 5);
  return {
    sessions: new PgSessionRepository(pool),
    users: new PgUserRepository(pool),
    uow: new PgUnitOfWork(pool),
    cleanup: async () => {
      await pool.end();
      await db.drop();
    },
  };
});
