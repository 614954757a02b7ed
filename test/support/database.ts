import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { startEmbeddedDatabase } from '../../src/infrastructure/database/embedded.js';
import { migrateUp } from '../../src/infrastructure/database/migrate.js';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A migrated database for one test file: a fresh clone of the template, or the shared embedded one. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const db = inject('testDb');
  if (db.mode === 'shared') return { url: db.url, drop: () => Promise.resolve() };
  const name = `seed_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(db.adminUrl, `CREATE DATABASE ${name} TEMPLATE ${db.template}`);
  const url = new URL(db.adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(db.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * A migrated database no other test file sees, whatever the mode: for tests of what every replica
 * shares by design, such as the mail outbox, whose claims would take another file's rows from the
 * shared embedded database. There it is an embedded PGlite of its own.
 */
export async function createIsolatedDatabase(maxConnections = 10): Promise<TestDatabase> {
  if (inject('testDb').mode === 'template') return createTestDatabase();
  const embedded = await startEmbeddedDatabase('memory://', maxConnections);
  await migrateUp(embedded.url, { info: () => undefined });
  return { url: embedded.url, drop: () => embedded.close() };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Emails unique across files and runs, since the embedded database is shared. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}@example.com`;
}

/** Waits until `count` other sessions of this database wait on a lock. */
export async function waitForLockWaiters(client: pg.Client, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    // Inside a transaction, statistics views are read from a snapshot taken once: drop it each time.
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
    );
    if ((rows[0]?.n ?? 0) >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${rows[0]?.n ?? 0} of ${count} sessions reached the lock`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
