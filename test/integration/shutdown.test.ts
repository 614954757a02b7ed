import { randomBytes } from 'node:crypto';
import { type IncomingMessage, request } from 'node:http';
import { type Socket, connect } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PREFIX } from '../support/app.js';
import { type TestDatabase, createTestDatabase, uniqueEmail } from '../support/database.js';
import { type Spawned, spawnEntry } from '../support/process.js';
import { until } from '../support/wait.js';

let db: TestDatabase;
const servers: Spawned[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  // A failed test must not leave its server running.
  for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  await db.drop();
});

const POLL = { timeoutMs: 20_000, intervalMs: 50 };

/** The real server as production runs it: node on src/main.ts, JSON logs on stdout. */
async function startServer(graceSeconds: number): Promise<Spawned & { port: number }> {
  const server = spawnEntry('src/main.ts', [], {
    DATABASE_URL: db.url,
    SECRET_KEY: randomBytes(32).toString('hex'),
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    SHUTDOWN_GRACE_SECONDS: String(graceSeconds),
  });
  servers.push(server);
  // Start-up includes tsx compiling the sources: allow for a busy CI machine.
  const port = await until('the listening line', () => {
    const line = server.stdout().split('\n').find((l) => l.includes('"msg":"listening"'));
    return line === undefined ? undefined : (JSON.parse(line) as { port: number }).port;
  }, { ...POLL, timeoutMs: 45_000 });
  return { ...server, port };
}

interface SlowRegistration {
  email: string;
  /** Sends the rest of the body. */
  finish: () => void;
  response: Promise<IncomingMessage & { body: string }>;
}

/** A registration whose body arrives in two parts, so it is honestly in flight until `finish`. */
function slowRegistration(port: number): SlowRegistration {
  const email = uniqueEmail('drain');
  const body = JSON.stringify({ email, password: 'correct-horse-battery', full_name: 'x'.repeat(200) });
  const req = request({
    host: '127.0.0.1', port, method: 'POST', path: `${PREFIX}/auth/register`,
    headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
  });
  const response = new Promise<IncomingMessage & { body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => { resolve(Object.assign(res, { body: text })); });
    });
    req.on('error', reject);
  });
  req.write(body.slice(0, 40));
  return { email, finish: () => req.end(body.slice(40)), response };
}

/** How many requests the server itself counts as in flight (the scrape included). */
async function inFlight(port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  const line = (await res.text()).split('\n').find((l) => l.startsWith('http_requests_in_flight '));
  return Number(line?.split(' ')[1]);
}

/** A connection with a request started but not finished: Node keeps such a socket open on close. */
async function pendingProbe(port: number): Promise<{ complete: () => Promise<string> }> {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write(`GET ${PREFIX}/health/db HTTP/1.1\r\nHost: probe\r\n`);
  let answer = '';
  socket.on('data', (d: Buffer) => (answer += d.toString()));
  return {
    complete: async () => {
      socket.write('\r\n');
      return until('the probe answer', () => (answer.includes('\r\n\r\n{') && answer.endsWith('}') ? answer : undefined), { ...POLL, timeoutMs: 5_000 });
    },
  };
}

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(false); });
    s.once('error', (err: NodeJS.ErrnoException) => { resolve(err.code === 'ECONNREFUSED'); });
  });
}

describe('the server process on SIGTERM or SIGINT', () => {
  it.concurrent.each(['SIGTERM', 'SIGINT'] as const)('when %s comes with a request in flight, then readiness turns 503, new connections are refused, the request completes and the process exits 0', async (signal) => {
    const server = await startServer(10);
    const slow = slowRegistration(server.port);
    await until('the registration in flight', async () => (await inFlight(server.port)) >= 2, POLL);
    const probe = await pendingProbe(server.port);

    server.child.kill(signal);
    await until('the drain to start', () => server.stdout().includes('shutting down'), POLL);
    expect(server.stdout()).toContain(`"reason":"${signal}"`);

    const readiness = await probe.complete();
    expect(readiness).toMatch(/^HTTP\/1\.1 503 /);
    expect(readiness).toContain('shutting down');
    expect(await connectionRefused(server.port)).toBe(true);

    slow.finish();
    const res = await slow.response;
    expect(res.statusCode).toBe(201);
    expect(JSON.parse(res.body)).toMatchObject({ email: slow.email });
    expect(await server.exited).toBe(0);
    expect(server.stdout()).toContain('shutdown complete');
  }, 75_000);

  it.concurrent('when the in-flight request outlives SHUTDOWN_GRACE_SECONDS, then it is cut, the rest still closes, and the process exits 1', async () => {
    const server = await startServer(1);
    const slow = slowRegistration(server.port);
    const outcome = slow.response.then(() => 'answered', () => 'cut');
    await until('the registration in flight', async () => (await inFlight(server.port)) >= 2, POLL);

    const signalled = Date.now();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(1);
    expect(Date.now() - signalled).toBeLessThan(5_000);
    expect(await outcome).toBe('cut');
    expect(server.stdout()).toContain('grace period expired');
    // Cutting the request does not skip the rest: mail goes back to the outbox and the pool closes.
    expect(server.stdout()).toContain('shutdown complete');
  }, 75_000);
});

// node-pg-migrate's lock: holding it keeps the server's start-up waiting in its migration step.
const MIGRATION_LOCK_ID = '7241865325823964';

// The advisory lock needs a PostgreSQL server: the embedded database runs every connection in one session.
describe.skipIf(inject('testDb').mode === 'shared')('the server process on SIGTERM during start-up', () => {
  it('when SIGTERM arrives while migrations wait, then start-up finishes, nothing is served, and it exits 0', async () => {
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
      const server = spawnEntry('src/main.ts', [], {
        DATABASE_URL: db.url, SECRET_KEY: randomBytes(32).toString('hex'), HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info',
      });
      servers.push(server);
      await until('the server waiting for the migration lock', async () => {
        const { rows } = await holder.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
        return (rows[0]?.n ?? 0) > 0;
      }, { ...POLL, timeoutMs: 45_000 });
      server.child.kill('SIGTERM');
      await until('the deferred stop', () => server.stdout().includes('stop requested during start-up'), POLL);
      expect(server.child.exitCode).toBeNull();
      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
      expect(await server.exited).toBe(0);
      expect(server.stdout()).toContain('stopped after start-up without serving');
      expect(server.stdout()).not.toContain('"msg":"listening"');
    } finally {
      await holder.end();
    }
  });
});
