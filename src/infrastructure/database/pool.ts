import pg from 'pg';
import type { Config } from '../config/env.js';

export type PoolConfig = Pick<Config, 'DB_POOL_MAX' | 'DB_CONNECT_TIMEOUT_MS' | 'DB_IDLE_TIMEOUT_MS' | 'DB_STATEMENT_TIMEOUT_MS' | 'DB_APPLICATION_NAME'>;

export function createPool(connectionString: string, config: PoolConfig): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: config.DB_POOL_MAX,
    // A request waiting longer than this for a connection fails (503) instead of queueing forever.
    connectionTimeoutMillis: config.DB_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: config.DB_IDLE_TIMEOUT_MS,
    application_name: config.DB_APPLICATION_NAME,
    // Sent as a startup parameter, so it bounds every statement on every connection, whoever runs it.
    // PgBouncer in transaction mode does not pass startup parameters on: there, set it on the role.
    ...(config.DB_STATEMENT_TIMEOUT_MS > 0 ? { statement_timeout: config.DB_STATEMENT_TIMEOUT_MS } : {}),
  });
  // An idle client losing its connection (database restart) emits here; without a listener the
  // process would crash. The pool discards the client and the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

const PING_TIMEOUT_MS = 2_000;

/** Readiness: true when a trivial query answers in time; never throws. */
export async function pingDatabase(pool: pg.Pool): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => { resolve(false); }, PING_TIMEOUT_MS);
  });
  try {
    const ping = pool.query('SELECT 1').then(() => true, () => false);
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
