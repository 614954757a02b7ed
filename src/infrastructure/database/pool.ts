import pg from 'pg';

export function createPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
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
