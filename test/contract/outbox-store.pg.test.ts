import { loadConfig } from '../../src/infrastructure/config/env.js';
import { createPool } from '../../src/infrastructure/database/pool.js';
import { PgOutboxStore } from '../../src/infrastructure/mail/pg-outbox-store.js';
import { createIsolatedDatabase } from '../support/database.js';
import { outboxStoreContract } from './outbox-store.contract.js';

outboxStoreContract('pg', async () => {
  const db = await createIsolatedDatabase();
  const pool = createPool(db.url, loadConfig({ NODE_ENV: 'test', DB_POOL_MAX: '10' }));
  return {
    store: new PgOutboxStore(pool),
    cleanup: async () => {
      await pool.end();
      await db.drop();
    },
  };
});
