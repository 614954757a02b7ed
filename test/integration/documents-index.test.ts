import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { loadConfig } from '../../src/infrastructure/config/env.js';
import { createPool } from '../../src/infrastructure/database/pool.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Embedding, EmbeddingDimension } from '../../src/domain/documents/embedding.js';
import type { SearchCriteria } from '../../src/domain/documents/search.js';
import { inTransaction } from '../../src/infrastructure/database/transaction.js';
import { PgDocumentRepository, searchStatement } from '../../src/infrastructure/documents/pg-document-repository.js';
import { type TestDatabase, createTestDatabase, uniqueEmail } from '../support/database.js';
import { HNSW_INDEX, loadThenBuildIndex } from '../support/hnsw.js';
import { DIM, randomVector, seeded } from '../support/vectors.js';

// On the embedded PGlite every file shares one database: the index there is grown row by row (it
// must not be dropped under other files' feet), which is slow in WASM, so the set is smaller.
const embedded = inject('testDb').mode === 'shared';
const N = embedded ? 500 : 2000;
const RARE_EVERY = embedded ? 25 : 50; // 4% or 2% of the rows match the rare filter
const dimension = EmbeddingDimension.of(DIM);
const rand = seeded(99);

let db: TestDatabase;
let pool: pg.Pool;
let repo: PgDocumentRepository;
let ownerId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, loadConfig({ NODE_ENV: 'test', DB_POOL_MAX: '2', DB_STATEMENT_TIMEOUT_MS: '0' }));
  repo = new PgDocumentRepository(pool, { efSearch: 40 });
  const { rows } = await pool.query<{ id: number }>('INSERT INTO users (email, password_hash) VALUES ($1, $2) RETURNING id', [
    uniqueEmail('index'),
    randomBytes(8).toString('hex'),
  ]);
  ownerId = rows[0]!.id;
  const at = new Date();
  const draft = (i: number) => ({
    ownerId,
    content: `doc ${i}`,
    metadata: { group: i % RARE_EVERY === 0 ? 'rare' : 'common' },
    embedding: Embedding.parse(randomVector(rand), dimension),
    createdAt: at,
    updatedAt: at,
  });
  const load = async () => {
    for (let start = 0; start < N; start += 1000) await repo.insert(Array.from({ length: Math.min(1000, N - start) }, (_, i) => draft(start + i)));
  };
  if (embedded) await load();
  else await loadThenBuildIndex(pool, load);
}, 120_000);
afterAll(async () => {
  await pool.end();
  await db.drop();
});

const criteria = (over: Partial<SearchCriteria> = {}): SearchCriteria => ({
  ownerId,
  embedding: Embedding.parse(randomVector(rand), dimension),
  k: 10,
  metric: 'cosine',
  filter: null,
  minScore: null,
  ...over,
});

describe('the HNSW index', () => {
  // Skipped on the embedded PGlite: there every test file shares one database, so the documents
  // table also holds other files' rows, the owner filter becomes selective and the planner may rightly
  // prefer the owner index; the plan would depend on which files ran first. The claim this test makes
  // is about the production server, which the real PostgreSQL run (CI) checks.
  it.skipIf(embedded)('when the repository searches, then PostgreSQL plans an HNSW index scan', async () => {
    const { text, values } = searchStatement(criteria());
    const plan = await inTransaction(pool, { 'hnsw.ef_search': 40, 'hnsw.iterative_scan': 'relaxed_order' }, async (client) => {
      const { rows } = await client.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${text}`, values);
      return JSON.stringify(rows[0]?.['QUERY PLAN']);
    });
    expect(plan).toContain(`"Index Name":"${HNSW_INDEX}"`);
    expect(plan).not.toContain('"Node Type":"Seq Scan"');
  });

  it('when a filter matches a few % of the rows, then the search still returns k hits, all matching', async () => {
    const hits = await repo.search(criteria({ filter: { group: 'rare' } }));
    expect(hits).toHaveLength(10);
    expect(hits.every((h) => h.metadata.group === 'rare')).toBe(true);
  });
});
