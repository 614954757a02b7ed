import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/infrastructure/config/env.js';
import { createPool } from '../../src/infrastructure/database/pool.js';
import { type TestDatabase, createTestDatabase } from '../support/database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

async function withPool<T>(env: Record<string, string>, work: (pool: ReturnType<typeof createPool>) => Promise<T>, url = db.url): Promise<T> {
  const pool = createPool(url, loadConfig({ NODE_ENV: 'test', ...env }));
  try {
    return await work(pool);
  } finally {
    await pool.end();
  }
}

const statementTimeout = (pool: ReturnType<typeof createPool>) =>
  pool.query<{ statement_timeout: string }>('SHOW statement_timeout').then((r) => r.rows[0]?.statement_timeout);

// PGlite ignores startup parameters, so these hold on a real server only.
describe.skipIf(inject('testDb').mode === 'shared')('pool settings from the environment', () => {
  it('when DB_STATEMENT_TIMEOUT_MS is set, then every connection has it and a longer statement is cancelled', async () => {
    await withPool({ DB_STATEMENT_TIMEOUT_MS: '150' }, async (pool) => {
      expect(await statementTimeout(pool)).toBe('150ms');
      await expect(pool.query('SELECT pg_sleep(2)')).rejects.toMatchObject({ code: '57014' });
    });
  });

  it('when it is left at its default, then statements are bounded to 10 s', async () => {
    await withPool({}, async (pool) => { expect(await statementTimeout(pool)).toBe('10s'); });
  });

  it('when it is 0, then no statement_timeout is sent and the server default applies', async () => {
    await withPool({ DB_STATEMENT_TIMEOUT_MS: '0' }, async (pool) => { expect(await statementTimeout(pool)).toBe('0'); });
  });

  it('when DB_APPLICATION_NAME is set, then pg_stat_activity names the pool\'s connections with it, and seed-api by default', async () => {
    const name = `api-replica-${process.pid}`;
    await withPool({ DB_APPLICATION_NAME: name }, async (pool) => {
      const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND pid = pg_backend_pid()', [name]);
      expect(rows[0]?.n).toBe(1);
    });
    await withPool({}, async (pool) => {
      const { rows } = await pool.query<{ name: string }>("SELECT current_setting('application_name') AS name");
      expect(rows[0]?.name).toBe('seed-api');
    });
  });
});

describe('pool timeouts from the environment', () => {
  it('when the server accepts but never answers, then a query fails after DB_CONNECT_TIMEOUT_MS', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const started = Date.now();
      await withPool({ DB_CONNECT_TIMEOUT_MS: '200' }, async (pool) => {
        await expect(pool.query('SELECT 1')).rejects.toThrow(/timeout/i);
      }, `postgresql://postgres@127.0.0.1:${port}/postgres`);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      silent.close();
    }
  });

  it('when a connection stays idle past DB_IDLE_TIMEOUT_MS, then the pool closes it', async () => {
    await withPool({ DB_IDLE_TIMEOUT_MS: '100' }, async (pool) => {
      await pool.query('SELECT 1');
      expect(pool.totalCount).toBe(1);
      await sleep(400);
      expect(pool.totalCount).toBe(0);
    });
  });
});
