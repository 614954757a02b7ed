// Sustained mixed traffic at fixed concurrency against the real server process (node --import tsx
// src/main.ts, production mode) on a clone of the migrated test database: no 5xx, no connection
// error, every request answered as expected, and the memory the server retains flat.
import { randomBytes } from 'node:crypto';
import autocannon, { type Request as CannonRequest } from 'autocannon';
import { describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../support/database.js';
import { connectInspector } from './support/inspector.js';
import { memoryTrend, type MemorySample } from './support/memory.js';
import { LEVEL_ERROR, PREFIX, rssKiB, sleep, startServerProcess } from './support/server-process.js';

const DURATION_S = Number(process.env.RESILIENCE_DURATION_SECONDS ?? 300);
const CONNECTIONS = 32;
// Each sample forces a full GC in the server: at this rate those took 5-8 % of its main thread on a
// busy two-core machine. Sampling much more often would make the GCs a large part of the load.
const SAMPLE_EVERY_MS = 2_000;
// Long enough for the JIT, the pg pool (10) and glibc's malloc arenas to reach their working size.
const WARMUP_S = Math.min(60, Math.max(10, Math.round(DURATION_S * 0.2)));
// "Memory flat" is judged on the JS heap left after a full GC, forced through the inspector at every
// sample, and compared by medians between the first and the last third of the window after warm-up.
// Neither RSS nor the heap as /metrics reports it can tell a leak from noise within 60 s:
// - RSS (150-350 MiB here) moves with Argon2id's 19 MiB block per hash on each libuv thread, glibc's
//   malloc arenas and V8 still sizing its heap; clean 60 s runs saw the medians grow from 5 % to 24 %.
// - Under this load V8 ran no major GC at all in 60 s: old space filled with promoted garbage at about
//   1.7 KiB per request, so even the floor of nodejs_heap_size_used_bytes (after scavenges) rose 20 %
//   in a clean run, as much as the leak this test is meant to catch.
// After a forced full GC the heap (about 41 MiB) differs only by the requests in flight and a slow
// warm-up drift (code, type feedback): the medians of clean 60 s runs moved by 0.06-0.6 MiB. Throughput
// on a shared two-core machine swings by 2 x, so the main bound is per response between the two thirds:
// an injected leak of 2 KiB per request read as 1.8-2.1 KiB, clean runs as 10-185 B (at 180-87 req/s).
const MAX_HEAP_BYTES_PER_REQUEST = 512;
// The drift is per second, not per request: this much growth is tolerated whatever the rate, so a slow
// clean run cannot fail the per-request bound, while a 2 KiB leak exceeds it from 16 req/s on.
const HEAP_DRIFT_ALLOWANCE_MIB = 1;
// For a leak not driven by requests (timers, reconnects), and for the longer default run, where a leak
// of a few hundred bytes per request adds up to more than this. Clean 60 s runs: 0.3-0.9 %.
const MAX_HEAP_GROWTH = 0.1;
// A sanity bound only, for memory outside the JS heap (a native leak, buffers that are never freed),
// well above RSS's own noise (-18 % to +26 % in clean 60 s runs with forced GCs).
const MAX_RSS_GROWTH = 0.5;
const PASSWORD = 'load-password-not-common';

type Kind = 'health' | 'health/db' | 'users/me' | 'register' | 'login' | 'list (admin)';
const EXPECTED: Record<Kind, number> = { health: 200, 'health/db': 200, 'users/me': 200, register: 201, login: 200, 'list (admin)': 200 };

async function call(url: string, method: string, body?: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('sustained mixed load on the real server process', () => {
  it(
    `when ${CONNECTIONS} connections send mixed traffic for ${DURATION_S} s, then no 5xx, no connection error, and the retained heap stays flat`,
    async () => {
      if (inject('testDb').mode !== 'template') {
        throw new Error('The load test needs a PostgreSQL server: set TEST_DATABASE_URL (CI uses postgresql://postgres@127.0.0.1:5432/postgres).');
      }
      const db = await createTestDatabase();
      const tag = randomBytes(4).toString('hex');
      const admin = { email: `load-admin-${tag}@example.com`, password: PASSWORD };
      const server = await startServerProcess({
        DATABASE_URL: db.url,
        DB_POOL_MAX: '10',
        FIRST_ADMIN_EMAIL: admin.email,
        FIRST_ADMIN_PASSWORD: admin.password,
        // The inspector (loopback only) is how the test forces a full GC without a test hook in the
        // server. No semi-space flag: a full GC empties the young generation too, so its size does not
        // enter the figure. --min-semi-space-size=16 did cut the extra scavenges that follow V8 shrinking
        // the young generation at each forced GC (2.3 s to 1.0 s of a 60 s run) but left the figures as
        // they were, so the server keeps the heap defaults an operator runs it with.
      }, { inspect: true });
      try {
        const api = `${server.url}${PREFIX}`;
        const user = { email: `load-user-${tag}@example.com`, password: PASSWORD };
        expect((await call(`${api}/auth/register`, 'POST', user)).status).toBe(201);
        const userToken = (await call(`${api}/auth/login`, 'POST', user)).body.access_token as string;
        const adminToken = (await call(`${api}/auth/login`, 'POST', admin)).body.access_token as string;

        const counts = new Map<Kind, Map<number, number>>();
        let answered = 0;
        const count = (kind: Kind) => (status: number) => {
          answered++;
          const byStatus = counts.get(kind) ?? new Map<number, number>();
          byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
          counts.set(kind, byStatus);
        };
        const json = { 'content-type': 'application/json' };
        let n = 0;
        // Each connection cycles through this list: a third of the requests hash or verify a password
        // (CPU-bound), the rest read through the pool.
        const requests: CannonRequest[] = [
          { method: 'GET', path: `${PREFIX}/health`, onResponse: count('health') },
          { method: 'GET', path: `${PREFIX}/users/me`, headers: { authorization: `Bearer ${userToken}` }, onResponse: count('users/me') },
          {
            method: 'POST', path: `${PREFIX}/auth/register`, headers: json, onResponse: count('register'),
            setupRequest: (req) => ({ ...req, body: JSON.stringify({ email: `load-${tag}-${n++}@example.com`, password: PASSWORD }) }),
          },
          { method: 'GET', path: `${PREFIX}/users?limit=20`, headers: { authorization: `Bearer ${adminToken}` }, onResponse: count('list (admin)') },
          { method: 'GET', path: `${PREFIX}/health/db`, onResponse: count('health/db') },
          { method: 'POST', path: `${PREFIX}/auth/login`, headers: json, body: JSON.stringify(user), onResponse: count('login') },
          { method: 'GET', path: `${PREFIX}/users/me`, headers: { authorization: `Bearer ${adminToken}` }, onResponse: count('users/me') },
        ];

        if (server.inspectorPort === undefined) throw new Error('the server was started without its inspector');
        const inspector = await connectInspector(server.inspectorPort);
        const samples: MemorySample[] = [];
        const started = Date.now();
        const loadDone = new AbortController();
        // One sample at a time: a GC that waits behind busy request handlers must not overlap the next.
        const sampling = (async () => {
          for (;;) {
            await sleep(SAMPLE_EVERY_MS);
            if (loadDone.signal.aborted) break;
            const t = (Date.now() - started) / 1000;
            const at = answered;
            const kib = await rssKiB(server.pid);
            samples.push({ t, answered: at, rssKiB: kib, retainedHeapBytes: await inspector.retainedHeapBytes() });
          }
        })();
        // Its failure is reported where it is awaited, after the load, not as an unhandled rejection.
        sampling.catch(() => undefined);
        let result;
        try {
          result = await autocannon({ url: server.url, connections: CONNECTIONS, duration: DURATION_S, timeout: 10, requests });
        } finally {
          loadDone.abort();
          await sampling.finally(() => { inspector.close(); });
        }

        const trend = memoryTrend(samples, WARMUP_S);
        const heapGrowthMiB = trend.heapLastMiB - trend.heapFirstMiB;
        const allowedHeapGrowthMiB = Math.max(HEAP_DRIFT_ALLOWANCE_MIB, (MAX_HEAP_BYTES_PER_REQUEST * trend.requestsBetween) / 2 ** 20);
        const byKind = [...counts.entries()].map(([kind, m]) => `${kind} ${[...m.entries()].map(([s, c]) => `${s}×${c}`).join(' ')}`);
        console.log(
          [
            `load: ${CONNECTIONS} connections for ${result.duration.toFixed(0)} s: ${result.requests.total} requests, ${result.requests.average.toFixed(0)} req/s,` +
              ` latency p50 ${result.latency.p50} ms p99 ${result.latency.p99} ms max ${result.latency.max} ms`,
            `  answers: ${byKind.join(' | ')}`,
            `  errors ${result.errors}, timeouts ${result.timeouts}, 5xx ${result['5xx']}, non-2xx ${result.non2xx}`,
            `  after ${WARMUP_S} s warm-up, ${trend.samples} samples about every ${SAMPLE_EVERY_MS / 1000} s, medians of the first and last third:`,
            `  heap after full GC ${trend.heapFirstMiB.toFixed(2)} -> ${trend.heapLastMiB.toFixed(2)} MiB: ${heapGrowthMiB.toFixed(2)} MiB` +
              ` (bound ${allowedHeapGrowthMiB.toFixed(2)} MiB: ${MAX_HEAP_BYTES_PER_REQUEST} B per request, at least ${HEAP_DRIFT_ALLOWANCE_MIB} MiB),` +
              ` ${trend.heapBytesPerRequest.toFixed(0)} B per request over ${trend.requestsBetween.toFixed(0)}, ${(trend.heapGrowth * 100).toFixed(1)} % (bound ${MAX_HEAP_GROWTH * 100} %)`,
            `  RSS ${trend.rssFirstMiB.toFixed(1)} -> ${trend.rssLastMiB.toFixed(1)} MiB, growth ${(trend.rssGrowth * 100).toFixed(1)} % (bound ${MAX_RSS_GROWTH * 100} %),` +
              ` range ${trend.rssMinMiB.toFixed(1)}-${trend.rssMaxMiB.toFixed(1)} MiB`,
          ].join('\n'),
        );

        expect(result.errors, 'connection errors').toBe(0);
        expect(result.timeouts, 'timeouts').toBe(0);
        expect(result['5xx'], '5xx answers').toBe(0);
        const unexpected = [...counts.entries()].flatMap(([kind, m]) =>
          [...m.entries()].filter(([status]) => status !== EXPECTED[kind]).map(([status, c]) => `${kind}: ${c}× ${status}`),
        );
        expect(unexpected, 'answers other than the expected status').toEqual([]);
        expect([...counts.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
        expect(heapGrowthMiB, 'retained heap growth (MiB) from the first to the last third').toBeLessThan(allowedHeapGrowthMiB);
        expect(trend.heapGrowth, 'retained heap growth from the first to the last third').toBeLessThan(MAX_HEAP_GROWTH);
        expect(trend.rssGrowth, 'RSS growth from the first to the last third').toBeLessThan(MAX_RSS_GROWTH);

        // Still healthy afterwards, nothing logged as an unexpected error, and a clean shutdown.
        expect((await fetch(`${api}/health/db`)).status).toBe(200);
        expect(server.logs.filter((l) => l.level >= LEVEL_ERROR).map((l) => l.raw)).toEqual([]);
        expect(server.otherOutput).toEqual([]);
        expect(await server.stop()).toBe(0);
      } finally {
        await server.stop();
        await db.drop();
      }
    },
  );
});
