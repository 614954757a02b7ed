import type { Queryable } from '../database/queryable.js';

class EmbeddingDimensionMismatchError extends Error {
  constructor(configured: number, stored: number) {
    super(
      `EMBEDDING_DIM is ${configured} but documents.embedding is vector(${stored}). The dimension is fixed by ` +
        'the migration: set EMBEDDING_DIM to match, or add a migration that changes the column (see README, "Vector search").',
    );
    this.name = 'EmbeddingDimensionMismatchError';
  }
}

/**
 * Start-up check: a mismatch would otherwise surface as a 500 on the first insert or search.
 * For vector(n), PostgreSQL keeps n as the column's type modifier.
 */
export async function assertEmbeddingDimension(db: Queryable, configured: number): Promise<void> {
  const { rows } = await db.query<{ dim: number }>(
    `SELECT atttypmod AS dim FROM pg_attribute
     WHERE attrelid = to_regclass('documents') AND attname = 'embedding' AND NOT attisdropped`,
  );
  const stored = rows[0]?.dim;
  if (stored === undefined) throw new Error('The documents table is missing: run the migrations (npm run migrate).');
  if (stored !== configured) throw new EmbeddingDimensionMismatchError(configured, stored);
}
