import type pg from 'pg';

/** Settings for this transaction only (SET LOCAL): names and values are identifiers or numbers. */
export type LocalSettings = Record<string, string | number>;

const SAFE = /^[A-Za-z0-9_.]+$/;

/**
 * Runs `work` in one transaction on one checked-out client, so SET LOCAL and the statements that rely
 * on it share a session. Session-level SET is never used: the embedded database is one session shared
 * by every connection. Never `pool.query` inside `work`: there an open transaction blocks every other
 * connection, so it would deadlock.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  settings: LocalSettings,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    // BEGIN and the settings travel as one simple-protocol message: one round trip, not three.
    await client.query(['BEGIN', ...setLocal(settings)].join('; '));
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    // A client whose rollback failed is in an unknown state: release(err) discards it.
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw err;
  } finally {
    client.release(broken);
  }
}

// SET takes no bind parameters, so values are checked to be plain tokens before they join the SQL.
function setLocal(settings: LocalSettings): string[] {
  return Object.entries(settings).map(([name, value]) => {
    if (!SAFE.test(name) || !SAFE.test(String(value))) throw new Error(`unsafe setting ${name}=${value}`);
    return `SET LOCAL ${name} = ${value}`;
  });
}
