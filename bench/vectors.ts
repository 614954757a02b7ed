/**
 * npm run bench:vectors: recall@10 and queries per second of the documents search, through the
 * repository and through the HTTP API, across hnsw.ef_search values. Writes a markdown report.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createPool } from '../src/infrastructure/database/pool.js';
import { Email } from '../src/domain/users/email.js';
import { User } from '../src/domain/users/user.js';
import { Embedding, EmbeddingDimension } from '../src/domain/documents/embedding.js';
import type { JsonObject } from '../src/domain/documents/json-object.js';
import { PgDocumentRepository } from '../src/infrastructure/documents/pg-document-repository.js';
import { Argon2PasswordHasher } from '../src/infrastructure/security/argon2-password-hasher.js';
import { PgUserRepository } from '../src/infrastructure/users/pg-user-repository.js';
import { clusteredGenerator, exactTopK } from './lib/dataset.js';
import { BUCKETS, type Loaded, dropDatabase, freshDatabase, load, loadDocuments, machineInfo } from './lib/database.js';
import { type RecallResult, recallPass, throughput } from './lib/measure.js';
import { type BenchOptions, parseOptions } from './lib/options.js';
import { type PathRow, renderReport } from './lib/report.js';
import { EXACT_SAMPLE, K, type Search, type Workload, exactBaseline, httpSearch, repositorySearch } from './lib/searches.js';
import { serverMode, startServer } from './lib/server.js';

const DIM = 384; // the migration's vector(384)
const FILTER_BUCKET = 3;
const FILTER: JsonObject = { bucket: FILTER_BUCKET };
const WARMUP = 20;
const LOGIN = { email: 'bench@example.com', password: 'bench-password-1' };

const log = (msg: string) => { process.stderr.write(`[bench] ${msg}\n`); };

/** One configuration measured: a path at an ef_search, searched against its ground truth. */
interface Case {
  path: 'repository' | 'repository, filtered' | 'http';
  efSearch: number;
  truth: number[][];
  recall?: RecallResult;
  /** Queries per second by concurrency, one figure per round. */
  runs: Record<number, number[]>;
}

/** Gives `use` a search function for the case; for http, on a server started for it with its ef_search. */
async function withSearch(w: Workload, c: Case, use: (search: Search) => Promise<void>): Promise<void> {
  if (c.path !== 'http') {
    await use(repositorySearch(w, c.efSearch, c.path === 'repository' ? null : FILTER));
    return;
  }
  const env = { DATABASE_URL: w.url, HNSW_EF_SEARCH: String(c.efSearch), DB_POOL_MAX: String(Math.max(...w.opts.concurrency) + 2) };
  const server = await startServer(env, LOGIN);
  try {
    await use(httpSearch(w, server));
  } finally {
    await server.stop();
  }
}

/** Recall and latency once (first round); throughput at every concurrency in every round. */
async function measure(w: Workload, c: Case, round: number): Promise<void> {
  await withSearch(w, c, async (search) => {
    // Untimed queries first: JIT, connections and caches warm up before anything is measured.
    for (let q = 0; q < Math.min(WARMUP, c.truth.length); q++) await search(q);
    if (round === 0) c.recall = await recallPass(c.truth, search);
    for (const n of w.opts.concurrency) (c.runs[n] ??= []).push(await throughput(n, w.opts.seconds, c.truth.length, search));
  });
  log(`round ${round + 1} ${c.path} ef=${c.efSearch}: recall ${c.recall?.recall.toFixed(3)}, QPS ${w.opts.concurrency.map((n) => c.runs[n]?.at(-1)?.toFixed(0)).join(' / ')}`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function toRow(c: Case): PathRow {
  const qps = Object.fromEntries(Object.entries(c.runs).map(([n, runs]) => [Number(n), median(runs)]));
  return { path: c.path, efSearch: c.efSearch, ...(c.recall as RecallResult), qps };
}

async function prepare(opts: BenchOptions): Promise<Workload> {
  const url = await freshDatabase(opts.databaseUrl);
  // The app's pool, with its listener for connections the server cuts (the final DROP DATABASE ... FORCE
  // can reach a connection pool.end() has let go of but not yet closed), but no statement or connect
  // timeout: the index build takes minutes.
  const pool = createPool(url, {
    DB_POOL_MAX: Math.max(...opts.concurrency) + 2,
    DB_CONNECT_TIMEOUT_MS: 0,
    DB_IDLE_TIMEOUT_MS: 30_000,
    DB_STATEMENT_TIMEOUT_MS: 0,
    DB_APPLICATION_NAME: 'seed-api-bench',
  });
  // The owner is stored directly: the benchmark measures documents, not registration (nor its mail).
  const passwordHash = await new Argon2PasswordHasher().hash(LOGIN.password);
  const user = await new PgUserRepository(pool).insert(
    User.register({ email: Email.parse(LOGIN.email), passwordHash, fullName: null, isVerified: true, at: new Date() }),
  );
  const gen = clusteredGenerator(DIM, opts.seed);
  log(`loading ${opts.n} documents`);
  const loaded = await loadDocuments(pool, new PgDocumentRepository(pool, { efSearch: 40 }), user.id, gen, opts.n, DIM);
  const dimension = EmbeddingDimension.of(DIM);
  const queries = Array.from({ length: opts.queries }, () => Embedding.parse(Array.from(gen.next().vector), dimension));
  return { opts, pool, url, ownerId: user.id, loaded, queries };
}

async function measureAll(w: Workload, truth: number[][], truthFiltered: number[][]): Promise<Case[]> {
  const cases = w.opts.efSearch.flatMap((efSearch): Case[] => [
    { path: 'repository', efSearch, truth, runs: {} },
    { path: 'repository, filtered', efSearch, truth: truthFiltered, runs: {} },
    { path: 'http', efSearch, truth, runs: {} },
  ]);
  // Rounds interleave every configuration, so load from elsewhere on the machine, which comes and
  // goes, falls on all of them alike; each figure is the median of its rounds.
  for (let round = 0; round < w.opts.rounds; round++) for (const c of cases) await measure(w, c, round);
  return cases;
}

function groundTruth(w: Workload, keep: (row: number) => boolean): number[][] {
  return w.queries.map((q) => exactTopK(w.loaded.rows, DIM, Float32Array.from(q.toArray()), K, keep));
}

async function run(opts: BenchOptions): Promise<string> {
  const loadAtStart = load();
  const w = await prepare(opts);
  try {
    log('computing exact answers');
    const truth = groundTruth(w, () => true);
    const truthFiltered = groundTruth(w, (row) => w.loaded.buckets[row] === FILTER_BUCKET);
    const exact = await exactBaseline(w, truth);
    const cases = await measureAll(w, truth, truthFiltered);
    const rows = cases.filter((c) => c.path !== 'repository, filtered').map(toRow);
    const filtered = cases.filter((c) => c.path === 'repository, filtered').map(toRow);
    rows.sort((a, b) => a.path.localeCompare(b.path) || a.efSearch - b.efSearch);
    return renderReport({
      date: new Date().toISOString().slice(0, 10),
      command: ['npm run bench:vectors', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
      machine: await machineInfo(w.pool, loadAtStart),
      setup: setupLines(opts, w.loaded, exact),
      concurrency: opts.concurrency,
      rows,
      filtered,
    });
  } finally {
    await w.pool.end();
    await dropDatabase(opts.databaseUrl);
  }
}

function setupLines(opts: BenchOptions, loaded: Loaded, exact: RecallResult): string[] {
  return [
    `${opts.n.toLocaleString('en')} documents × ${DIM} dimensions, one owner; ${opts.queries} queries drawn from the same distribution (seed ${opts.seed}).`,
    'Data: unit vectors around 100 clusters in a 32-dimensional latent space, projected to 384 dimensions, plus 10% isotropic noise (bench/lib/dataset.ts).',
    `Load: PgDocumentRepository.insert in batches of 1000 (one INSERT ... SELECT FROM unnest each), ${fixed(opts.n / loaded.loadSeconds)} documents/s, with the HNSW index dropped; then the migration's index (hnsw, vector_cosine_ops, m = 16, ef_construction = 64) built in ${loaded.indexSeconds.toFixed(1)} s (maintenance_work_mem 1GB).`,
    `Exact search in PostgreSQL (index scans off), ${Math.min(EXACT_SAMPLE, opts.queries)} queries: p50 ${exact.p50Ms.toFixed(1)} ms; agrees with the brute-force truth at recall ${exact.recall.toFixed(3)}.`,
    `Each QPS figure is the median of ${opts.rounds} rounds of a ${opts.seconds} s closed loop, the rounds interleaving all configurations; latency percentiles come from the first round's recall pass. The API server runs as \`${serverMode}\`, NODE_ENV=production, LOG_LEVEL=warn.`,
    `Buckets: metadata.bucket = row mod ${BUCKETS}; the filtered search asks for bucket ${FILTER_BUCKET}.`,
  ];
}

const fixed = (n: number) => Math.round(n).toLocaleString('en');

const opts = parseOptions(process.argv.slice(2), process.env);
const markdown = await run(opts);
const out = opts.out ?? `bench/results/vectors-${new Date().toISOString().slice(0, 10)}.md`;
await mkdir(dirname(out), { recursive: true });
await writeFile(out, markdown);
log(`wrote ${out}`);
