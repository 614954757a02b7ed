import { cpus, loadavg, release, totalmem } from 'node:os';
import pg from 'pg';
import { Embedding, EmbeddingDimension } from '../../src/domain/documents/embedding.js';
import { migrateUp } from '../../src/infrastructure/database/migrate.js';
import type { PgDocumentRepository } from '../../src/infrastructure/documents/pg-document-repository.js';
import { loadThenBuildIndex } from '../../test/support/hnsw.js';
import type { Generator } from './dataset.js';

// Its own name: other benchmarks may share this server.
export const BENCH_DB = 'seed_bench_vectors';
const BATCH = 1000;
// Metadata buckets: a filter on one bucket keeps 10% of the rows.
export const BUCKETS = 10;

async function admin(serverUrl: string, sql: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const statement of sql) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** An empty database `name` on the server, dropped first if it is there; returns its URL. */
export async function recreateDatabase(serverUrl: string, name: string): Promise<string> {
  await admin(serverUrl, [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, `CREATE DATABASE ${name}`]);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, migrated database on the server; returns its URL. */
export async function freshDatabase(serverUrl: string): Promise<string> {
  const url = await recreateDatabase(serverUrl, BENCH_DB);
  await migrateUp(url, { info: () => undefined });
  return url;
}

export function dropDatabase(serverUrl: string): Promise<void> {
  return admin(serverUrl, [`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`]);
}

export interface Loaded {
  /** Row-major unit vectors as stored, row i = the i-th document. */
  rows: Float32Array;
  buckets: Uint8Array;
  /** Document id to row number. */
  rowOf: Map<number, number>;
  loadSeconds: number;
  indexSeconds: number;
}

/** Loads n documents through the repository (batches of 1000), then builds the migration's HNSW index. */
export async function loadDocuments(pool: pg.Pool, repo: PgDocumentRepository, ownerId: number, gen: Generator, n: number, dim: number): Promise<Loaded> {
  const rows = new Float32Array(n * dim);
  const buckets = new Uint8Array(n);
  const rowOf = new Map<number, number>();
  const dimension = EmbeddingDimension.of(dim);
  const started = performance.now();
  const indexMs = await loadThenBuildIndex(pool, async () => {
    for (let start = 0; start < n; start += BATCH) {
      const drafts = Array.from({ length: Math.min(BATCH, n - start) }, (_, i) => {
        const row = start + i;
        const { vector, cluster } = gen.next();
        rows.set(vector, row * dim);
        buckets[row] = row % BUCKETS;
        const at = new Date();
        const metadata = { cluster, bucket: row % BUCKETS };
        return { ownerId, content: `document ${row}`, metadata, embedding: Embedding.parse(Array.from(vector), dimension), createdAt: at, updatedAt: at };
      });
      const stored = await repo.insert(drafts);
      stored.forEach((d, i) => rowOf.set(d.id, start + i));
    }
  });
  const totalSeconds = (performance.now() - started) / 1000;
  return { rows, buckets, rowOf, loadSeconds: totalSeconds - indexMs / 1000, indexSeconds: indexMs / 1000 };
}

/** One-minute load average: other work on the machine skews every figure, so it is reported. */
export const load = () => loadavg()[0]?.toFixed(2) ?? '?';

/** The host's cores, memory, kernel and Node: every benchmark's report names them. */
export function hostInfo(): { cpu: string; memory: string; os: string; node: string } {
  const cpu = cpus();
  return {
    cpu: `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown'}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `Linux ${release()}`,
    node: process.version,
  };
}

export async function machineInfo(pool: pg.Pool, loadAtStart: string): Promise<Record<string, string>> {
  const { rows } = await pool.query<{ pg: string; vector: string; shared_buffers: string; workers: string }>(
    `SELECT current_setting('server_version') AS pg,
            (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS vector,
            current_setting('shared_buffers') AS shared_buffers,
            current_setting('max_parallel_maintenance_workers') AS workers`,
  );
  const info = rows[0]!;
  return {
    ...hostInfo(),
    postgresql: info.pg,
    pgvector: info.vector,
    'shared_buffers': info.shared_buffers,
    'max_parallel_maintenance_workers': info.workers,
    'load average (1 min) at start, at end': `${loadAtStart}, ${load()}`,
  };
}
