import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/infrastructure/config/env.js';
import { createPool } from '../../src/infrastructure/database/pool.js';
import { PgUnitOfWork } from '../../src/infrastructure/database/pg-unit-of-work.js';
import { PgSessionRepository } from '../../src/infrastructure/sessions/pg-session-repository.js';
import { PgUserRepository } from '../../src/infrastructure/users/pg-user-repository.js';
import { createTestDatabase } from '../support/database.js';
import { sessionRepositoryContract } from './session-repository.contract.js';

// Both ways the hot lookup can be sent: as a named prepared statement (the default) and unnamed (behind
// a PgBouncer without prepared-statement support).
for (const preparedStatements of [true, false]) {
  sessionRepositoryContract(`pg, prepared statements ${preparedStatements ? 'on' : 'off'}`, async () => {
    const db = await createTestDatabase();
    const pool = createPool(db.url, loadConfig({ NODE_ENV: 'test', DB_POOL_MAX: '5' }));
    return {
      sessions: new PgSessionRepository(pool, { preparedStatements }),
      users: new PgUserRepository(pool),
      uow: new PgUnitOfWork(pool, { preparedStatements }),
      cleanup: async () => {
        await pool.end();
        await db.drop();
      },
    };
  });
}

describe('the sessions schema', () => {
  it('when a user is deleted or his sessions pruned, then an index on sessions.user_id serves it, revoked rows included', async () => {
    const db = await createTestDatabase();
    const pool = createPool(db.url, loadConfig({ NODE_ENV: 'test', DB_POOL_MAX: '1' }));
    try {
      const { rows } = await pool.query<{ indexdef: string }>(
        "SELECT indexdef FROM pg_indexes WHERE tablename = 'sessions' AND indexdef LIKE '%(user_id)%'",
      );
      expect(rows.map((r) => r.indexdef)).toEqual([expect.not.stringContaining('WHERE')]);
    } finally {
      await pool.end();
      await db.drop();
    }
  });
});
