// PostgreSQL stopped and started under load. The real server process runs against a private cluster
// (never the machine's shared one) while workers register new users without pause; the cluster is
// stopped (pg_ctl stop -m fast) for about 5 s and started again. During the outage the service answers
// 503 problem+json, fast; afterwards it recovers by itself; and no registration answered 201 is lost.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { median } from '../support/stats.js';
import { startPrivateCluster, type PrivateCluster } from './support/private-postgres.js';
import { problemDefect } from './support/problem.js';
import { LEVEL_ERROR, PREFIX, type ServerProcess, sleep, startServerProcess } from './support/server-process.js';

const BEFORE_MS = 5_000;
const OUTAGE_MS = 5_000;
const AFTER_MS = 10_000;
const WORKERS = 8;
const PASSWORD = 'restart-password-not-common';
// src/infrastructure/database/pool.ts: connectionTimeoutMillis. No answer may wait longer than the pool's
// connect timeout plus time to hash a password on a busy machine.
const POOL_CONNECT_TIMEOUT_MS = 5_000;
const MAX_ANSWER_MS = POOL_CONNECT_TIMEOUT_MS + 2_000;
// While the database is fully down a connection is refused at once, so a registration fails fast: it
// costs the Argon2 hash done before any query (~15 ms alone; a median of 100-160 ms with eight workers
// queueing for two cores, even with both cores otherwise busy), far below the pool's connect timeout
// that an answer waiting on the database would show.
const FAIL_FAST_MEDIAN_MS = 1_000;
// Registrations succeed again within this long after pg_ctl start returned.
const RECOVERY_BOUND_MS = 5_000;

interface Outcome {
  email: string;
  start: number;
  end: number;
  status?: number;
  contentType?: string | null;
  retryAfter?: string | null;
  text?: string;
  error?: string;
}

interface Poll {
  start: number;
  end: number;
  status: number | string;
}

let cluster: PrivateCluster | undefined;
let server: ServerProcess | undefined;

afterAll(async () => {
  await server?.stop();
  await cluster?.destroy();
});

describe('PostgreSQL restarted under load', () => {
  it('when the database stops for ~5 s during registrations, then 503 problem+json meanwhile, recovery by itself, and no 201 lost', async () => {
    cluster = await startPrivateCluster();
    server = await startServerProcess({ DATABASE_URL: cluster.url, DB_POOL_MAX: '10' });
    const api = `${server.url}${PREFIX}`;
    const tag = randomBytes(4).toString('hex');
    const t0 = performance.now();
    const now = () => performance.now() - t0;

    let running = true;
    const outcomes: Outcome[] = [];
    const polls: Poll[] = [];
    let n = 0;
    const worker = async () => {
      while (running) {
        const email = `restart-${tag}-${n++}@example.com`;
        const start = now();
        try {
          const res = await fetch(`${api}/auth/register`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email, password: PASSWORD }),
            signal: AbortSignal.timeout(30_000),
          });
          const text = await res.text();
          outcomes.push({
            email, start, end: now(), status: res.status, text,
            contentType: res.headers.get('content-type'), retryAfter: res.headers.get('retry-after'),
          });
        } catch (err) {
          outcomes.push({ email, start, end: now(), error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
          await sleep(50);
        }
      }
    };
    const poller = async () => {
      while (running) {
        const start = now();
        try {
          const res = await fetch(`${api}/health/db`, { signal: AbortSignal.timeout(30_000) });
          await res.arrayBuffer();
          polls.push({ start, end: now(), status: res.status });
        } catch (err) {
          polls.push({ start, end: now(), status: err instanceof Error ? err.name : 'error' });
        }
        await sleep(200);
      }
    };
    const load = [...Array.from({ length: WORKERS }, worker), poller()];

    await sleep(BEFORE_MS);
    const stopBegin = now();
    await cluster.stop();
    const stopped = now();
    await sleep(OUTAGE_MS);
    const startBegin = now();
    await cluster.start();
    const started = now();
    await sleep(AFTER_MS);
    running = false;
    await Promise.all(load);

    // ---- figures
    const during = (o: { start: number; end: number }) => o.end >= stopBegin && o.start <= started;
    const inside = (o: { start: number; end: number }) => o.start >= stopped && o.end <= startBegin;
    const ok = outcomes.filter((o) => o.status === 201);
    const unavailable = outcomes.filter((o) => o.status === 503);
    const firstAfter = ok.filter((o) => o.start >= started).sort((a, b) => a.end - b.end)[0];
    const recoveryMs = firstAfter ? firstAfter.end - started : Infinity;
    const firstHealthy = polls.filter((p) => p.start >= started && p.status === 200).sort((a, b) => a.end - b.end)[0];
    const healthRecoveryMs = firstHealthy ? firstHealthy.end - started : Infinity;
    const outageAnswers = outcomes.filter(during);
    const maxOutageMs = Math.max(0, ...outageAnswers.map((o) => o.end - o.start));
    const insideAnswers = outcomes.filter(inside);
    const medianInsideMs = median(insideAnswers.map((o) => o.end - o.start));

    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    const { rows } = await client.query<{ email: string }>('SELECT email FROM users WHERE email LIKE $1', [`restart-${tag}-%`]);
    await client.end();
    const stored = new Set(rows.map((r) => r.email));
    const lost = ok.filter((o) => !stored.has(o.email)).map((o) => o.email);
    const answered503ButStored = unavailable.filter((o) => stored.has(o.email)).length;

    const ms = (x: number) => `${Math.round(x)} ms`;
    console.log(
      [
        `database restart: pg_ctl stop -m fast at ${ms(stopBegin)} (took ${ms(stopped - stopBegin)}), down ${ms(startBegin - stopped)}, ` +
          `pg_ctl start at ${ms(startBegin)} (took ${ms(started - startBegin)}), load until ${ms(now())}`,
        `  registrations: ${outcomes.length} answered, 201×${ok.length}, 503×${unavailable.length}, ` +
          `other ${outcomes.length - ok.length - unavailable.length}; during the outage ${outageAnswers.length} answers, slowest ${ms(maxOutageMs)} (bound ${ms(MAX_ANSWER_MS)}); ` +
          `${insideAnswers.length} wholly while it was down, median ${ms(medianInsideMs)} (bound ${ms(FAIL_FAST_MEDIAN_MS)})`,
        `  recovery: first 201 ${ms(recoveryMs)} after pg_ctl start returned, /health/db 200 after ${ms(healthRecoveryMs)} (bound ${ms(RECOVERY_BOUND_MS)})`,
        `  /health/db polls: ${polls.length}, 503×${polls.filter((p) => p.status === 503).length}`,
        `  rows: ${stored.size} stored for ${ok.length} answered 201; lost ${lost.length}; stored though answered 503: ${answered503ButStored}`,
      ].join('\n'),
    );

    // ---- every answer is a 201 or a well-formed, fast 503; no connection failed, nothing hung
    expect(outcomes.filter((o) => o.error).map((o) => `${o.email}: ${o.error} after ${ms(o.end - o.start)}`)).toEqual([]);
    expect(outcomes.filter((o) => o.status !== 201 && o.status !== 503).map((o) => `${o.status}: ${o.text}`)).toEqual([]);
    const defects = unavailable
      .map((o) => problemDefect({ status: 503, contentType: o.contentType ?? undefined, text: o.text ?? '' }, { allow5xx: [503] }) ?? (o.retryAfter ? null : 'no Retry-After'))
      .filter((d) => d !== null);
    expect(defects).toEqual([]);
    expect(maxOutageMs, 'slowest answer during the outage').toBeLessThan(MAX_ANSWER_MS);

    // ---- 503s during the outage only, and nothing but 503 while the database was down
    expect(unavailable.length, 'some registrations met the outage').toBeGreaterThan(0);
    expect(unavailable.filter((o) => !during(o)).map((o) => `503 at ${ms(o.start)}-${ms(o.end)}`)).toEqual([]);
    expect(insideAnswers.length, 'answers while the database was fully down').toBeGreaterThan(0);
    expect(insideAnswers.filter((o) => o.status !== 503)).toEqual([]);
    expect(medianInsideMs, 'median answer while the database was fully down').toBeLessThan(FAIL_FAST_MEDIAN_MS);
    expect(ok.filter((o) => o.end < stopBegin).length, '201s before the outage').toBeGreaterThan(0);

    // ---- readiness follows the database
    const pollsInside = polls.filter(inside);
    expect(pollsInside.length).toBeGreaterThan(0);
    expect(pollsInside.filter((p) => p.status !== 503)).toEqual([]);
    expect(polls.filter((p) => p.end < stopBegin).every((p) => p.status === 200)).toBe(true);
    expect(healthRecoveryMs).toBeLessThan(RECOVERY_BOUND_MS);
    expect(polls.at(-1)?.status).toBe(200);

    // ---- recovery by itself: 201s again soon after the restart, and only 201s from then on
    expect(recoveryMs).toBeLessThan(RECOVERY_BOUND_MS);
    expect(outcomes.filter((o) => o.start >= started + RECOVERY_BOUND_MS && o.status !== 201)).toEqual([]);

    // ---- no committed registration lost
    expect(lost).toEqual([]);

    // ---- the process logged outages as warnings, not as unexpected errors, and stops cleanly
    expect(server.logs.filter((l) => l.level >= LEVEL_ERROR).map((l) => l.raw.slice(0, 500))).toEqual([]);
    expect(server.otherOutput).toEqual([]);
    expect(await server.stop()).toBe(0);
  });
});
