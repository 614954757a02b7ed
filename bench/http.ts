// npm run bench: measures the API against a raw node:http + pg baseline on the same machine, in one
// run, and writes a markdown table to bench/results/. See README "Performance".
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { hash, verify } from '@node-rs/argon2';
import autocannon, { type Request as CannonRequest, type Result } from 'autocannon';
import pg from 'pg';
import { median } from '../test/support/stats.js';
import { hostInfo, load, recreateDatabase } from './lib/database.js';
import { throughput } from './lib/measure.js';
import { startProcess } from './lib/process.js';
import { PREFIX } from './lib/server.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const POOL = '10';
const PASSWORD = 'bench-password-not-common';

interface Scenario {
  name: string;
  /** Runs the scenario once against the server. */
  run: () => Promise<Result>;
  /** The process that answers it. */
  pid: number;
  /** What its req/s is divided by: the raw baseline, or Argon2id alone. */
  bound: 'baseline' | 'verify' | 'hash';
}

interface Round {
  result: Result;
  /** CPU time per request of the server under test and of PostgreSQL, ms (Linux /proc). */
  serverCpuMs: number;
  pgCpuMs: number;
  /** req/s of the bound measured right before this run. */
  boundPerSecond: number;
  /** p99 of the baseline run paired with this one; rows bounded by Argon2id have none. */
  baselineP99: number | null;
}

const BOUND_NAMES = { baseline: 'raw baseline', verify: 'Argon2id verify', hash: 'Argon2id hash' } as const;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function main(): Promise<void> {
  const loadAtStart = load();
  const dbUrl = await recreateDatabase(ADMIN_URL, 'seed_bench');
  const admin = { email: 'bench-admin@example.com', password: PASSWORD };
  const app = await startProcess([...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean), '--enable-source-maps', 'dist/main.js'], {
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info', // production logging stays on: its cost is part of the figure
    DATABASE_URL: dbUrl,
    DB_POOL_MAX: POOL,
    SECRET_KEY: randomBytes(32).toString('hex'),
    RATE_LIMIT_ENABLED: 'false',
    FIRST_ADMIN_EMAIL: admin.email,
    FIRST_ADMIN_PASSWORD: admin.password,
  }, `${PREFIX}/health`);
  // The app is not left running when the baseline fails to start.
  const baseline = await startProcess(['--import', 'tsx', 'bench/baseline-server.ts'], { DATABASE_URL: dbUrl, DB_POOL_MAX: POOL }, '/users/1').catch(
    async (err: unknown) => {
      await app.stop();
      throw err;
    },
  );
  try {
    const { token, userId } = await prepareUsers(app.url, admin);
    const auth = { authorization: `Bearer ${token}` };
    const runBaseline = () => run(`${baseline.url}/users/${userId}`, {});
    const scenarios: Scenario[] = [
      { name: 'baseline: node:http + pg, select by id (ratio: run-to-run drift)', run: runBaseline, pid: baseline.pid, bound: 'baseline' },
      { name: 'GET /api/v1/users/me (JWT + session check)', run: () => run(`${app.url}${PREFIX}/users/me`, { headers: auth }), pid: app.pid, bound: 'baseline' },
      { name: 'GET /api/v1/users?limit=100 (admin)', run: () => run(`${app.url}${PREFIX}/users?limit=100`, { headers: auth }), pid: app.pid, bound: 'baseline' },
      { name: 'GET /api/v1/health', run: () => run(`${app.url}${PREFIX}/health`, {}), pid: app.pid, bound: 'baseline' },
      { name: 'POST /api/v1/auth/login', run: () => run(`${app.url}${PREFIX}/auth/login`, loginRequest(admin)), pid: app.pid, bound: 'verify' },
      { name: 'POST /api/v1/auth/register', run: () => run(`${app.url}${PREFIX}/auth/register`, registerRequests()), pid: app.pid, bound: 'hash' },
    ];
    // This machine's speed drifts by tens of percent from minute to minute (other VMs on the host), so
    // every run is paired with a fresh measurement of its bound taken just before it, and each figure
    // is the median over the rounds of that paired ratio.
    // BENCH_ONLY=login (a substring of the names) times only those scenarios, with their paired bounds.
    const only = process.env.BENCH_ONLY;
    const chosen = only ? scenarios.filter((s) => s.name.includes(only)) : scenarios;
    const rounds = new Map<Scenario, Round[]>(chosen.map((s) => [s, []]));
    for (let i = 0; i < ROUNDS; i++) {
      for (const s of chosen) {
        // Rows bounded by Argon2id need no baseline run: its figures would not be read.
        let base: Result | null = null;
        let boundPerSecond: number;
        if (s.bound === 'baseline') {
          base = await runBaseline();
          boundPerSecond = base.requests.average;
        } else {
          boundPerSecond = await argon2Rate(s.bound);
        }
        const before = cpuSnapshot(s.pid);
        const result = await s.run();
        const after = cpuSnapshot(s.pid);
        const perRequest = (ms: number) => ms / Math.max(1, result.requests.total);
        rounds.get(s)?.push({
          result,
          boundPerSecond,
          baselineP99: base?.latency.p99 ?? null,
          serverCpuMs: perRequest(after.server - before.server),
          pgCpuMs: perRequest(postgresDelta(before.postgres, after.postgres)),
        });
        console.error(`round ${i + 1}/${ROUNDS} ${s.name}: ${f0(result.requests.average)} req/s, bound ${f0(boundPerSecond)}`);
      }
    }
    await report(chosen, rounds, dbUrl, only, loadAtStart);
  } finally {
    await Promise.all([app.stop(), baseline.stop()]);
  }
}

/** CPU time (user + system, ms) of one process and of each PostgreSQL process, from /proc. */
function cpuSnapshot(pid: number): { server: number; postgres: Map<string, number> } {
  const ticksMs = 10; // USER_HZ is 100 on Linux
  const cpuOf = (p: string): number => {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) * ticksMs;
    } catch {
      return 0; // exited meanwhile, or no /proc
    }
  };
  const postgres = new Map<string, number>();
  try {
    for (const p of readdirSync('/proc')) {
      if (!/^\d+$/.test(p)) continue;
      try {
        if (readFileSync(`/proc/${p}/comm`, 'utf8').startsWith('postgres')) postgres.set(p, cpuOf(p));
      } catch {
        // exited meanwhile
      }
    }
  } catch {
    // no /proc: the CPU columns read 0
  }
  return { server: cpuOf(String(pid)), postgres };
}

/** PostgreSQL CPU spent between two snapshots; a backend that exited meanwhile is not counted. */
function postgresDelta(before: Map<string, number>, after: Map<string, number>): number {
  let total = 0;
  for (const [p, ms] of after) total += ms - (before.get(p) ?? 0);
  return total;
}

/** 200 users to list, one to read, and the admin's access token. */
async function prepareUsers(base: string, admin: { email: string; password: string }): Promise<{ token: string; userId: number }> {
  let userId = 0;
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${base}${PREFIX}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `seed-${i}@example.com`, password: PASSWORD }),
    });
    userId = ((await res.json()) as { id: number }).id;
  }
  const login = await fetch(`${base}${PREFIX}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  });
  const { access_token: token } = (await login.json()) as { access_token: string };
  return { token, userId };
}

function loginRequest(admin: { email: string; password: string }): Partial<autocannon.Options> {
  return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) };
}

function registerRequests(): Partial<autocannon.Options> {
  let n = 0;
  const tag = randomBytes(4).toString('hex');
  const request: CannonRequest = {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    setupRequest: (req) => ({ ...req, body: JSON.stringify({ email: `load-${tag}-${n++}@example.com`, password: PASSWORD }) }),
  };
  return { requests: [request] };
}

function run(url: string, opts: Partial<autocannon.Options>): Promise<Result> {
  return autocannon({ url, connections: CONNECTIONS, duration: DURATION, ...opts });
}

const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
let storedHash: Promise<string> | undefined;

/** What the same cores can do of Argon2id alone: the ceiling for login and register. */
async function argon2Rate(op: 'verify' | 'hash'): Promise<number> {
  storedHash ??= hash(PASSWORD, ARGON2);
  const stored = await storedHash;
  const once = op === 'verify' ? () => verify(stored, PASSWORD) : () => hash(PASSWORD, ARGON2);
  // Four in flight: libuv's default thread pool, the same one the server's hashing uses.
  return throughput(4, Math.min(DURATION, 5), 1, once);
}

const f0 = (n: number) => n.toFixed(0);
const f2 = (n: number) => n.toFixed(2);
const f3 = (n: number) => n.toFixed(3);

async function report(scenarios: Scenario[], rounds: Map<Scenario, Round[]>, dbUrl: string, only: string | undefined, loadAtStart: string): Promise<void> {
  const versions = await serverVersions(dbUrl);
  const host = hostInfo();
  const p99Ratios = (rs: Round[]) => rs.flatMap((r) => (r.baselineP99 === null ? [] : [r.result.latency.p99 / r.baselineP99]));
  const rows = scenarios.map((s) => {
    const rs = rounds.get(s) ?? [];
    const ratios = rs.map((r) => r.result.requests.average / r.boundPerSecond);
    const sum = (f: (r: Result) => number) => rs.reduce((n, r) => n + f(r.result), 0);
    return `| ${s.name} | ${f0(median(rs.map((r) => r.result.requests.average)))} | ${BOUND_NAMES[s.bound]} ${f0(median(rs.map((r) => r.boundPerSecond)))} | **${f2(median(ratios))}** | ${f2(Math.min(...ratios))}–${f2(Math.max(...ratios))} | ${median(rs.map((r) => r.result.latency.p50))} | ${median(rs.map((r) => r.result.latency.p99))} | ${p99Ratios(rs).length > 0 ? f2(median(p99Ratios(rs))) : '–'} | ${f3(median(rs.map((r) => r.serverCpuMs)))} | ${f3(median(rs.map((r) => r.pgCpuMs)))} | ${sum((r) => r.errors + r.timeouts)} | ${sum((r) => r.non2xx)} |`;
  });
  const lines = [
    `# HTTP benchmark ${new Date().toISOString()}`,
    '',
    `Command: \`BENCH_DURATION=${DURATION} BENCH_ROUNDS=${ROUNDS} BENCH_CONNECTIONS=${CONNECTIONS}${['BENCH_ONLY', 'BENCH_LOG_LEVEL', 'BENCH_NODE_FLAGS'].map((name) => (process.env[name] ? ` ${name}='${process.env[name]}'` : '')).join('')} npm run bench\`; autocannon on loopback, ${DURATION} s per run, ${CONNECTIONS} connections, pool ${POOL} in both servers, ${ROUNDS} rounds.`,
    `Machine: ${host.cpu}, ${host.memory}; ${host.os}; Node ${host.node}; ${versions}; load average (1 min) at start, at end: ${loadAtStart}, ${load()}.`,
    `Packages: ${packageVersions(['autocannon', 'express', 'pg', '@node-rs/argon2', 'jose', 'pino'])}.`,
    '',
    '| scenario | req/s | bound req/s | ratio | ratio range | p50 ms | p99 ms | p99 / baseline p99 | server CPU ms/req | PostgreSQL CPU ms/req | errors | non-2xx |',
    '|---|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    'Each run is paired with its bound measured just before it: the raw node:http + pg baseline, or Argon2id (m=19456, t=2, p=1) alone on the same cores with four in flight. Figures are medians over the rounds; "ratio" is the median of the paired ratios and "ratio range" their spread. With this many connections latency is bounded below by connections / throughput (Little\'s law), so p99 is read as a ratio to the paired baseline\'s p99 (not for the rows bounded by Argon2id, which run without a baseline). CPU columns: user + system time of the process answering the row (the app, or the baseline server) and of all PostgreSQL processes, over the run, per request (from /proc; Argon2id runs on the app\'s thread pool and counts there).',
  ];
  await mkdir('bench/results', { recursive: true });
  const part = only ? `-only-${only.replace(/[^A-Za-z0-9]+/g, '-')}` : '';
  const file = `bench/results/http-${new Date().toISOString().slice(0, 10)}${part}.md`;
  await writeFile(file, lines.join('\n') + '\n');
  console.log(lines.join('\n'));
  console.log(`\nwritten to ${file}`);
}

/** As installed, which is what was measured (package.json may name a range). */
function packageVersions(names: string[]): string {
  return names
    .map((name) => `${name} ${(JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version}`)
    .join(', ');
}

async function serverVersions(dbUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
  await client.end();
  return `PostgreSQL ${rows[0]?.v ?? '?'}`;
}

await main();
