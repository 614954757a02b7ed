import type pg from 'pg';

export const HNSW_INDEX = 'documents_embedding_cosine_idx';

/**
 * Runs a bulk load with the migration's HNSW index dropped, then rebuilds that same index from its
 * stored definition. Building once over all rows is many times faster than growing the graph a row
 * at a time (pgvector's own advice for bulk loads). Returns the build time in milliseconds.
 */
export async function loadThenBuildIndex(pool: pg.Pool, load: () => Promise<void>): Promise<number> {
  const { rows } = await pool.query<{ indexdef: string }>('SELECT indexdef FROM pg_indexes WHERE indexname = $1', [HNSW_INDEX]);
  const definition = rows[0]?.indexdef;
  if (!definition) throw new Error(`index ${HNSW_INDEX} not found: migrate first`);
  await pool.query(`DROP INDEX ${HNSW_INDEX}`);
  await load();
  const started = performance.now();
  const client = await pool.connect();
  try {
    // The graph is built in memory when it fits; past maintenance_work_mem the build slows sharply.
    await client.query("BEGIN; SET LOCAL maintenance_work_mem = '1GB'");
    await client.query(definition);
    await client.query('COMMIT; ANALYZE documents');
  } finally {
    client.release();
  }
  return performance.now() - started;
}
