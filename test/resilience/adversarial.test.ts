// Property-based adversarial input at every route of the OpenAPI document, in-process on the real app
// and a real PostgreSQL: hostile bodies, content types, Authorization values, path and query values.
// Whatever arrives, the service never answers 5xx, and every 4xx is an RFC 9457 problem. GET /metrics
// is not in the document; it gets its own fuzz, on an app that guards it with METRICS_TOKEN.
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RegisterUser } from '../../src/application/users/register-user.js';
import { TOKENS } from '../../src/infrastructure/container/tokens.js';
import { PREFIX, type TestApp, createAccount, startTestApp } from '../support/app.js';
import { signToken } from '../http/http-helpers.js';
import {
  PASSWORD,
  type Principals,
  authorizationArb,
  bodyArb,
  extraHeadersArb,
  metricsAuthorizationArb,
  metricsQueryArb,
  pathValueArb,
  presentsBearer,
  queryArb,
} from './support/arbitraries.js';
import { type Operation, operationsOf } from './support/openapi.js';
import { problemDefect, snippet } from './support/problem.js';
import { type Listening, type RawRequest, type RawResponse, listen, send } from './support/raw-http.js';

const RUNS = Number(process.env.RESILIENCE_FUZZ_RUNS ?? 150);
const SEED = process.env.RESILIENCE_FUZZ_SEED === undefined ? undefined : Number(process.env.RESILIENCE_FUZZ_SEED);
// One hostile request must not hold the event loop: every answer comes within SLOW_MS, generous for a
// shared two-core machine where one Argon2 hash takes about 20 ms. Past HANG_MS the request is a hang.
const SLOW_MS = 5_000;
const HANG_MS = 15_000;
// A passing property takes seconds. Shrinking a failure made of slow requests could take an hour, so
// a property is cut off after this long and reported with the smallest counterexample found so far.
const PROPERTY_LIMIT_MS = 120_000;

fc.configureGlobal({ numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) });
const bounded = () => ({ plugins: [fc.interruptAfterTimeLimit(PROPERTY_LIMIT_MS, { failOnInterrupt: true })] });

// Top-level: the routes come from the app's own OpenAPI document, and vitest needs them to name tests.
const t = await startTestApp();
const server = await listen(t.app);
const openapi = await send(server.port, { method: 'GET', path: '/openapi.json', headers: {} });
const operations = operationsOf(JSON.parse(openapi.body.toString('utf8')));

/** status counts per "METHOD path", printed at the end: proof the fuzz gets past the front door. */
const seen = new Map<string, Map<number, number>>();

let principals: Principals;
let accounts: { user: number; admin: number };
/** The principals' password hashes as created, of PASSWORD, by id. */
let createdHashes: Map<number, string>;

// Fuzzing logout, logout-all and the session routes with the principals' own tokens ends their
// sessions, as it should: every test starts from fresh logins so the fuzz keeps reaching handlers.
// By id: fuzzing PUT /users/me may have changed the account's email. Fuzzing PUT /users/me/password
// may have changed the password (a near-valid body holds a new one the policy accepts) or locked the
// account out (wrong current passwords count towards the login lockout, as designed): either made
// this login fail and with it every later test of the file, in about one run in four. The password
// the account was created with comes back, and its lockout is lifted through the app's own port.
async function login(id: number): Promise<string> {
  const { rows } = await t.pool.query<{ email: string }>('UPDATE users SET password_hash = $2 WHERE id = $1 RETURNING email', [
    id,
    createdHashes.get(id),
  ]);
  const email = rows[0]?.email ?? '';
  await t.container.get(TOKENS.LoginThrottle).reset(email.trim().toLowerCase());
  const res = await request(t.app).post(`${PREFIX}/auth/login`).send({ email, password: PASSWORD }).expect(200);
  return (res.body as { access_token: string }).access_token;
}

beforeEach(async () => {
  principals = { ...principals, user: await login(accounts.user), admin: await login(accounts.admin) };
});
let avoidIds: number[];
let targetIds: number[];

beforeAll(async () => {
  // Principals far from the small ids that '01', '+1', '0x10' or '1e3' coerce to, so the fuzz cannot
  // delete or deactivate the accounts whose tokens it uses.
  await t.pool.query('ALTER TABLE users ALTER COLUMN id RESTART WITH 1000000');
  const admin = await createAccount(t, { admin: true });
  const user = await createAccount(t);
  const { rows } = await t.pool.query<{ id: number; password_hash: string }>('SELECT id, password_hash FROM users WHERE id = ANY($1)', [[admin.id, user.id]]);
  createdHashes = new Map(rows.map((r) => [r.id, r.password_hash]));
  const targets = [await createAccount(t), await createAccount(t)];
  const inactive = await createAccount(t);
  await t.pool.query('UPDATE users SET is_active = false WHERE id = $1', [inactive.id]);
  const deleted = await createAccount(t);
  await t.pool.query('DELETE FROM users WHERE id = $1', [deleted.id]);
  await t.container.get(RegisterUser).execute({ email: 'fuzz-taken@example.com', password: PASSWORD, fullName: null });

  const sub = String(admin.id);
  const forged = [
    await signToken(t, { sub, key: 'not-the-key-not-the-key-not-the-key!' }),
    await signToken(t, { sub, expIn: -60 }),
    await signToken(t, { sub, typ: 'refresh' }),
    await signToken(t, { sub, iss: 'someone-else' }),
    await signToken(t, { sub, aud: 'someone-else' }),
    await signToken(t, { sub, alg: 'HS512' }),
    await signToken(t, { sub, iatOffset: 3600 }),
    ...(await Promise.all(
      ['0', '-1', '1e3', '0x10', 'NaN', '99999999999999999999', `${sub} `, ` ${sub}`, `0${sub}`, `${sub}.0`, 'abc', '', '__proto__'].map(
        (s) => signToken(t, { sub: s }),
      ),
    )),
    admin.refreshToken,
    inactive.accessToken,
    deleted.accessToken,
    unsignedToken(sub),
  ];
  principals = { user: user.accessToken, admin: admin.accessToken, forged };
  accounts = { user: user.id, admin: admin.id };
  avoidIds = [admin.id, user.id];
  targetIds = [...targets.map((a) => a.id), inactive.id, deleted.id];
});

afterAll(async () => {
  printCoverage();
  await server.close();
  await t.close();
});

/** alg "none": a token with no signature at all. */
function unsignedToken(sub: string): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub, typ: 'access', iss: 'seed-api', aud: 'seed-api', iat: now, exp: now + 600, jti: 'x' })}.`;
}

function fill(template: string, names: string[], values: string[]): string {
  return names.reduce((path, name, i) => path.replace(`{${name}}`, values[i] ?? ''), template);
}

function record(key: string, status: number): void {
  const counts = seen.get(key) ?? new Map<number, number>();
  counts.set(status, (counts.get(status) ?? 0) + 1);
  seen.set(key, counts);
}

interface Exchange extends RawResponse {
  ms: number;
  requestBytes: number;
}

async function exchange(req: RawRequest, port = server.port): Promise<Exchange> {
  const started = performance.now();
  const res = await send(port, req, HANG_MS);
  return { ...res, ms: performance.now() - started, requestBytes: req.body?.length ?? 0 };
}

/** Fails the property with what went wrong: a 5xx, an error that is not a problem, a slow or bloated answer. */
function check(method: string, path: string, res: Exchange): void {
  const text = res.body.toString('utf8');
  const defect =
    problemDefect(
      { status: res.status, contentType: res.headers['content-type'], wwwAuthenticate: res.headers['www-authenticate'], text },
      { method },
    ) ??
    (res.ms > SLOW_MS ? `took ${Math.round(res.ms)} ms (bound ${SLOW_MS} ms): the event loop was busy with one request` : null) ??
    (res.status >= 400 && res.body.length > 2 * res.requestBytes + 64 * 1024
      ? `a ${res.body.length}-byte error answer to a ${res.requestBytes}-byte request (amplification)`
      : null);
  if (defect) throw new Error(`${method} ${snippet(path, 200)} answered ${res.status}: ${defect}\n${snippet(text)}`);
}

function printCoverage(): void {
  const lines = [...seen.entries()].map(([key, counts]) => {
    const byStatus = [...counts.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
    return `  ${key.padEnd(34)} ${byStatus}`;
  });
  console.log(`adversarial input: answers by status (${RUNS} runs per property)\n${lines.join('\n')}`);
}

describe('adversarial input at every documented route', () => {
  it('the OpenAPI document lists the core routes (so the enumeration below is not empty by mistake)', () => {
    const names = operations.map((o) => `${o.method} ${o.path}`);
    expect(names).toEqual(expect.arrayContaining([`POST ${PREFIX}/auth/register`, `GET ${PREFIX}/users/{id}`, `DELETE ${PREFIX}/users/{id}`]));
  });

  it.each(operations.map((op) => [`${op.method} ${op.path}`, op] as const))(
    'when %s gets hostile bodies, headers, path and query values, then no 5xx and every error is problem+json',
    async (key, op: Operation) => {
      await fc.assert(
        fc.asyncProperty(
          authorizationArb(principals),
          fc.tuple(...op.pathParams.map(() => pathValueArb(avoidIds, targetIds))),
          queryArb(op.queryParams),
          bodyArb(op.bodies),
          extraHeadersArb,
          async (authorization, pathValues, query, body, extra) => {
            const path = fill(op.path, op.pathParams, pathValues) + query;
            const headers = { ...extra, ...body.headers, ...(authorization === null ? {} : { Authorization: authorization }) };
            const res = await exchange({ method: op.method, path, headers, ...(body.body ? { body: body.body } : {}) });
            record(key, res.status);
            check(op.method, path, res);
          },
        ),
        bounded(),
      );
      if (op.secured) {
        // The principals' tokens work: the fuzz reached the handlers, not only requireAuth's 401.
        expect([...(seen.get(key)?.keys() ?? [])].some((s) => s !== 401)).toBe(true);
      }
    },
  );
});

describe('adversarial input off the documented routes', () => {
  const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE'];

  it('when any method is sent to a documented path or its neighbours, then no 5xx and every error is problem+json', async () => {
    const templates = [...new Set(operations.map((o) => o.path))];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS),
        fc.constantFrom(...templates),
        pathValueArb(avoidIds, targetIds),
        fc.constantFrom('', '/', '/x', '/..', '//', '/%00', '.json', '?'),
        authorizationArb(principals),
        bodyArb([]),
        async (method, template, value, suffix, authorization, body) => {
          const path = template.replace(/\{[^}]+\}/g, value) + suffix;
          const headers = { ...body.headers, ...(authorization === null ? {} : { Authorization: authorization }) };
          const res = await exchange({ method, path, headers, ...(body.body ? { body: body.body } : {}) });
          record('(any method, documented path)', res.status);
          check(method, path, res);
        },
      ),
      bounded(),
    );
  });

  it('when arbitrary paths are requested (docs, openapi.json, unknown, traversal), then no 5xx and every error is problem+json', async () => {
    const prefixes = ['', PREFIX, `${PREFIX}/users`, `${PREFIX}/auth`, '/docs', '/docs/', '/openapi.json', `${PREFIX}/openapi.json`];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS),
        fc.constantFrom(...prefixes),
        fc.oneof(fc.webPath(), fc.constantFrom('', '/', '/../../etc/passwd', '/%2e%2e/%2e%2e', '/swagger-ui.css', '/index.html', '/%00', '/%', '/%zz')),
        authorizationArb(principals),
        async (method, prefix, rest, authorization) => {
          const path = `${prefix}${rest}` || '/';
          const headers: Record<string, string> = authorization === null ? {} : { Authorization: authorization };
          const res = await exchange({ method, path: path.startsWith('/') ? path : `/${path}`, headers });
          record('(any method, any path)', res.status);
          check(method, path, res);
        },
      ),
      bounded(),
    );
  });
});

describe('adversarial input at GET /metrics with METRICS_TOKEN set', () => {
  // Fixed rather than random, so that RESILIENCE_FUZZ_SEED replays the same headers.
  const TOKEN = 'mt_4f9c2a7e1b8d0c3f5a6e9b2d7c1f0a8e';
  const METHODS = ['GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'];
  // Spellings Express may or may not route to /metrics (it is case-insensitive and not strict about a
  // trailing slash); the oracle below holds either way.
  const SPELLINGS = ['/metrics/', '/METRICS', '/Metrics', '/metrics.txt', '/metrics/x', '//metrics', '/metrics%00', '/metrics;', '/%6detrics', '/x/../metrics', `${PREFIX}/metrics`];
  let guarded: TestApp;
  let guardedServer: Listening;

  beforeAll(async () => {
    guarded = await startTestApp({ METRICS_TOKEN: TOKEN });
    guardedServer = await listen(guarded.app);
  });
  afterAll(async () => {
    await guardedServer.close();
    await guarded.close();
  });

  /** What is wrong with a /metrics answer beyond check(): metrics served without the token, or refused with it. */
  function metricsDefect(method: string, route: string, authorization: string | null, res: Exchange): string | null {
    const text = res.body.toString('utf8');
    const presents = presentsBearer(authorization, TOKEN);
    const readsMetrics = method === 'GET' || method === 'HEAD';
    if (text.includes(TOKEN)) return 'the answer echoes the metrics token';
    if (readsMetrics && route === '/metrics' && res.status !== (presents ? 200 : 401)) {
      return `expected ${presents ? 200 : 401} for ${presents ? 'the right' : 'a wrong or missing'} token`;
    }
    if (res.status !== 200) {
      if (![401, 403, 404, 405].includes(res.status)) return 'a refusal other than 401, 403, 404 or 405';
      return text.includes('http_request_duration_seconds') ? 'a refusal that carries metrics' : null;
    }
    if (!readsMetrics || !presents) return `metrics served to ${method} ${presents ? 'with' : 'without'} the token`;
    if (!/^text\/plain; version=0\.0\.4/.test(res.headers['content-type'] ?? '')) return `200 with content-type ${res.headers['content-type'] ?? '(none)'}`;
    if (res.headers['cache-control'] !== 'no-store') return 'metrics a cache may keep';
    if (method === 'GET' && !text.includes('# TYPE http_request_duration_seconds histogram')) return '200 without the metrics';
    return null;
  }

  it('when GET /metrics gets hostile Authorization values, query strings, methods and path spellings, then only the right bearer token reads metrics, and nothing is 5xx or a non-problem error', async () => {
    const key = 'GET /metrics (METRICS_TOKEN set)';
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 4, arbitrary: fc.constant('GET') }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
        fc.oneof({ weight: 4, arbitrary: fc.constant('/metrics') }, { weight: 1, arbitrary: fc.constantFrom(...SPELLINGS) }),
        metricsQueryArb(TOKEN),
        metricsAuthorizationArb(TOKEN, [principals.user, principals.admin]),
        extraHeadersArb,
        async (method, route, query, authorization, extra) => {
          const path = route + query;
          const headers = { ...extra, ...(authorization === null ? {} : { Authorization: authorization }) };
          const res = await exchange({ method, path, headers }, guardedServer.port);
          record(method === 'GET' && route === '/metrics' ? key : '(any method, /metrics spellings)', res.status);
          check(method, path, res);
          const defect = metricsDefect(method, route, authorization, res);
          if (defect) throw new Error(`${method} ${snippet(path, 200)} with Authorization ${snippet(JSON.stringify(authorization), 200)} answered ${res.status}: ${defect}`);
        },
      ),
      // A run is a scrape, not an Argon2 hash: more of them cost well under a second.
      { ...bounded(), numRuns: RUNS * 4 },
    );
    // Both sides of the check were reached: the right token was generated, and so were wrong ones.
    expect([...(seen.get(key)?.keys() ?? [])]).toEqual(expect.arrayContaining([200, 401]));
  });
});

describe('answers stay bounded whatever the request holds', () => {
  it.each(
    operations
      .filter((op) => op.bodies.some((b) => b.contentType === 'application/json'))
      .map((op) => [`${op.method} ${op.path}`, op] as const),
  )('when %s gets a JSON body of 20 000 unknown keys, then a 422 listing 100 of them comes at once', async (_key, op: Operation) => {
    const n = 20_000;
    const body = Buffer.from(`{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}}`);
    const path = fill(op.path, op.pathParams, op.pathParams.map(() => String(targetIds[0])));
    const res = await exchange({
      method: op.method,
      path,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${principals.admin}` },
      body,
    });
    check(op.method, path, res);
    expect(res.status).toBe(422);
    const problem = JSON.parse(res.body.toString('utf8'));
    expect(problem.detail).toMatch(/The first 100 of \d+ problems are listed/);
    expect(problem.errors).toHaveLength(100);
    expect(problem.errors).toContainEqual({ location: 'body', field: 'k0', message: 'Unrecognized key: "k0"' });
    expect(res.body.length).toBeLessThan(16 * 1024);
  });
});

describe('strings the schema accepts but PostgreSQL cannot store', () => {
  const json = (method: string, path: string, body: unknown, token?: string) =>
    exchange({
      method,
      path,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: Buffer.from(JSON.stringify(body)),
    });
  const fieldsOf = (res: Exchange) => (JSON.parse(res.body.toString('utf8')).errors as { field: string }[]).map((e) => e.field);

  it('when an email or a full name holds NUL, then 422 naming the field, never a database error', async () => {
    const other = await createAccount(t); // the fuzz above may have deleted the target users
    const cases = [
      { res: await json('POST', `${PREFIX}/auth/register`, { email: 'a\u0000b@example.com', password: PASSWORD }), field: 'email' },
      { res: await json('POST', `${PREFIX}/auth/register`, { email: 'nul-name@example.com', password: PASSWORD, full_name: 'Ada\u0000' }), field: 'full_name' },
      { res: await json('PUT', `${PREFIX}/users/me`, { email: '\u0000@example.com' }, principals.user), field: 'email' },
      { res: await json('PUT', `${PREFIX}/users/me`, { full_name: '\u0000' }, principals.user), field: 'full_name' },
      { res: await json('PUT', `${PREFIX}/users/${other.id}`, { email: 'x\u0000@example.com' }, principals.admin), field: 'email' },
      { res: await json('PUT', `${PREFIX}/users/${other.id}`, { full_name: 'x\u0000y' }, principals.admin), field: 'full_name' },
    ];
    for (const { res, field } of cases) {
      check('POST', '(NUL case)', res);
      expect(res.status).toBe(422);
      expect(fieldsOf(res)).toEqual([field]);
    }
  });

  it('when a login names an email holding NUL, then 401 like any unknown account', async () => {
    const res = await json('POST', `${PREFIX}/auth/login`, { email: 'a\u0000b@example.com', password: PASSWORD });
    check('POST', '(NUL login)', res);
    expect(res.status).toBe(401);
  });
});
