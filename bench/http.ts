// npm run bench: measures the API against a raw node:http + pg baseline on the same machine, in one
// run, and writes a markdown table to bench/results/. See README "Performance".
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import autocannon, { type Request as CannonRequest, type Result } from 'autocannon';
import pg from 'pg';
import { startServer } from './lib/process.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const POOL = '10';
const PREFIX = '/api/v1';
const PASSWORD = 'bench-password-not-common';

interface Row {
  name: string;
  result: Result;
  bound: { name: string; perSecond: number };
  baselineP99?: number;
}

async function main(): Promise<void> {
  const dbUrl = await freshDatabase('seed_bench');
  const admin = { email: 'bench-admin@example.com', password: PASSWORD };
  const app = await startServer(['--enable-source-maps', 'dist/main.js'], {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info', // production logging stays on: its cost is part of the figure
    DATABASE_URL: dbUrl,
    DB_POOL_MAX: POOL,
    SECRET_KEY: randomBytes(32).toString('hex'),
    RATE_LIMIT_ENABLED: 'false',
    FIRST_ADMIN_EMAIL: admin.email,
    FIRST_ADMIN_PASSWORD: admin.password,
  }, `${PREFIX}/health`);
  const baseline = await startServer(['--import', 'tsx', 'bench/baseline-server.ts'], { DATABASE_URL: dbUrl, DB_POOL_MAX: POOL }, '/users/1');
  try {
    const { token, userId } = await prepareUsers(app.url, admin);
    const auth = { authorization: `Bearer ${token}` };
    const bounds = await argon2Bounds();

    const base1 = await run(`${baseline.url}/users/${userId}`, {});
    const rows: Row[] = [];
    const add = (name: string, result: Result, bound: Row['bound']) => {
      rows.push({ name, result, bound });
    };
    const rawBound = { name: 'raw baseline', perSecond: base1.requests.average };
    add('baseline: node:http + pg, select by id', base1, rawBound);
    add('GET /api/v1/users/me (JWT + session check)', await run(`${app.url}${PREFIX}/users/me`, { headers: auth }), rawBound);
    add('GET /api/v1/users?limit=100 (admin)', await run(`${app.url}${PREFIX}/users?limit=100`, { headers: auth }), rawBound);
    add('GET /api/v1/health', await run(`${app.url}${PREFIX}/health`, {}), rawBound);
    add('POST /api/v1/auth/login', await run(`${app.url}${PREFIX}/auth/login`, loginRequest(admin)), { name: 'Argon2id verify', perSecond: bounds.verify });
    add('POST /api/v1/auth/register', await run(`${app.url}${PREFIX}/auth/register`, registerRequests()), { name: 'Argon2id hash', perSecond: bounds.hash });
    const base2 = await run(`${baseline.url}/users/${userId}`, {});
    add('baseline again (drift check)', base2, rawBound);
    for (const r of rows) r.baselineP99 = base1.latency.p99;
    await report(rows, bounds, dbUrl);
  } finally {
    await Promise.all([app.stop(), baseline.stop()]);
  }
}

async function freshDatabase(name: string): Promise<string> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
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

/** What the same cores can do of Argon2id alone: the ceiling for login and register. */
async function argon2Bounds(): Promise<{ hash: number; verify: number }> {
  const params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
  const stored = await hash(PASSWORD, params);
  const rate = async (op: () => Promise<unknown>): Promise<number> => {
    const end = Date.now() + 5_000;
    let done = 0;
    // Four in flight: libuv's default thread pool, the same one the server's hashing uses.
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (Date.now() < end) {
        await op();
        done++;
      }
    }));
    return done / 5;
  };
  return { verify: await rate(() => verify(stored, PASSWORD)), hash: await rate(() => hash(PASSWORD, params)) };
}

const f0 = (n: number) => n.toFixed(0);
const f2 = (n: number) => n.toFixed(2);

async function report(rows: Row[], bounds: { hash: number; verify: number }, dbUrl: string): Promise<void> {
  const versions = await serverVersions(dbUrl);
  const lines = [
    `# HTTP benchmark ${new Date().toISOString()}`,
    '',
    `Command: \`npm run bench\` (BENCH_DURATION=${DURATION}, BENCH_CONNECTIONS=${CONNECTIONS}); autocannon on loopback, ${DURATION} s per row, ${CONNECTIONS} connections, pool ${POOL} in both servers.`,
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; Node ${process.version}; ${versions}.`,
    `Argon2id (m=19456, t=2, p=1) on these cores: ${f0(bounds.verify)} verifications/s, ${f0(bounds.hash)} hashes/s.`,
    '',
    '| scenario | req/s | ratio | bound | p50 ms | p99 ms | p99 / baseline p99 | errors | non-2xx |',
    '|---|---:|---:|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) =>
      `| ${r.name} | ${f0(r.result.requests.average)} | ${f2(r.result.requests.average / r.bound.perSecond)} | ${r.bound.name} | ${r.result.latency.p50} | ${r.result.latency.p99} | ${f2(r.result.latency.p99 / (r.baselineP99 ?? 1))} | ${r.result.errors + r.result.timeouts} | ${r.result.non2xx} |`),
    '',
    'Ratios: req/s over the bound named in its row (raw baseline measured first in the same run; Argon2id rates measured alone on the same cores). With this many connections latency is bounded below by connections / throughput (Little\'s law), so p99 is read as a ratio to the baseline\'s p99.',
  ];
  await mkdir('bench/results', { recursive: true });
  const file = `bench/results/http-${new Date().toISOString().slice(0, 10)}.md`;
  await writeFile(file, lines.join('\n') + '\n');
  console.log(lines.join('\n'));
  console.log(`\nwritten to ${file}`);
}

async function serverVersions(dbUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
  await client.end();
  return `PostgreSQL ${rows[0]?.v ?? '?'}`;
}

await main();
