import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RegisterUser } from '../../src/application/users/register-user.js';
import { TOKENS } from '../../src/infrastructure/container/tokens.js';
import { PASSWORD, PREFIX, type TestApp, startTestApp, useTestApp } from '../support/app.js';
import { uniqueEmail } from '../support/database.js';
import { closedPort } from '../support/net.js';
import { login, loginOk, refresh, sleep } from '../support/sessions.js';

const REDIS_URL = 'redis://127.0.0.1:6379';

/** A user made without logging in, so no login limit is spent on him. */
async function registered(t: TestApp): Promise<string> {
  const email = uniqueEmail('limited');
  await t.container.get(RegisterUser).execute({ email, password: PASSWORD, fullName: null });
  return email;
}

const register = (t: TestApp) => request(t.app).post(`${PREFIX}/auth/register`).send({ email: uniqueEmail(), password: PASSWORD });

/** Asserts a 429 as the API promises it; returns its Retry-After in seconds. */
function expectTooMany(res: request.Response, maxSeconds: number): number {
  expect(res.status).toBe(429);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 429, title: 'Too Many Requests', code: 'auth.too_many_attempts' });
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  return retryAfter;
}

async function statuses(n: number, send: () => PromiseLike<request.Response>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await send()).status);
  return out;
}

/** A fresh app (own limiters, own database) for one test. */
async function withApp(env: Record<string, string>, test: (t: TestApp) => Promise<void>): Promise<void> {
  const t = await startTestApp(env);
  try {
    await test(t);
  } finally {
    await t.close();
  }
}

// Windows of a few seconds keep recovery quick; requests that spend points without hashing (a 422 is
// counted too: the limit comes before parsing) keep the counts well inside a window on a busy machine.
describe('per-IP limits, in-memory store', () => {
  const limited = { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_LOGIN_ACCOUNT: '100/60' };

  it('when the login limit is reached, then 429 with Retry-After and problem+json, and logins work again after the window', () =>
    withApp({ ...limited, RATE_LIMIT_LOGIN_IP: '3/3' }, async (t) => {
      const email = await registered(t);
      await loginOk(t, email, PASSWORD);
      await login(t, uniqueEmail(), 'wrong-password').expect(401);
      await request(t.app).post(`${PREFIX}/auth/login`).send({}).expect(422);
      const retryAfter = expectTooMany(await login(t, email, PASSWORD), 3);
      await sleep(retryAfter * 1000 + 100);
      await loginOk(t, email, PASSWORD);
    }));

  it('when the registration limit is reached, then 429, and registration works again after the window', () =>
    withApp({ ...limited, RATE_LIMIT_REGISTER_IP: '2/3' }, async (t) => {
      await register(t).expect(201);
      await request(t.app).post(`${PREFIX}/auth/register`).send({}).expect(422);
      const retryAfter = expectTooMany(await register(t), 3);
      await sleep(retryAfter * 1000 + 100);
      await register(t).expect(201);
    }));

  it('when the refresh limit is reached, then 429 even for a valid token, and it works again after the window', () =>
    withApp({ ...limited, RATE_LIMIT_REFRESH_IP: '2/3' }, async (t) => {
      const pair = await loginOk(t, await registered(t), PASSWORD);
      expect(await statuses(2, () => refresh(t, 'garbage'))).toEqual([401, 401]);
      const retryAfter = expectTooMany(await refresh(t, pair.refresh_token), 3);
      await sleep(retryAfter * 1000 + 100);
      await refresh(t, pair.refresh_token).expect(200);
    }));
});

describe('per-IP limits behind a reverse proxy', () => {
  const fromClient = (t: TestApp, ip: string) =>
    request(t.app).post(`${PREFIX}/auth/login`).set('X-Forwarded-For', ip).send({ email: uniqueEmail(), password: 'wrong-password' });

  it('when TRUST_PROXY names the proxy, then each client behind it has its own count, and its own IP on its sessions', () =>
    withApp({ TRUST_PROXY: 'loopback', RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_LOGIN_IP: '2/60' }, async (t) => {
      expect(await statuses(2, () => fromClient(t, '203.0.113.1'))).toEqual([401, 401]);
      expectTooMany(await fromClient(t, '203.0.113.1'), 60);
      await fromClient(t, '203.0.113.2').expect(401);
      const email = await registered(t);
      const res = await request(t.app).post(`${PREFIX}/auth/login`).set('X-Forwarded-For', '198.51.100.9').send({ email, password: PASSWORD });
      const sessions = await request(t.app).get(`${PREFIX}/users/me/sessions`).set('Authorization', `Bearer ${res.body.access_token}`);
      expect(sessions.body.items[0].ip).toBe('198.51.100.9');
    }));

  it('when TRUST_PROXY is unset, then X-Forwarded-For is ignored: a client cannot dodge its limit by forging it', () =>
    withApp({ RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_LOGIN_IP: '2/60' }, async (t) => {
      expect(await statuses(2, () => fromClient(t, `203.0.113.${Math.floor(Math.random() * 200)}`))).toEqual([401, 401]);
      expectTooMany(await fromClient(t, '192.0.2.77'), 60);
    }));
});

describe('per-account login limit', () => {
  const t = useTestApp({ RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_LOGIN_IP: '100/60', RATE_LIMIT_LOGIN_ACCOUNT: '2/3' });

  it('when one account gets more attempts than its limit, then 429 for it alone, whatever the email case', async () => {
    const email = await registered(t);
    const other = await registered(t);
    expect(await statuses(2, () => login(t, email, 'wrong-password'))).toEqual([401, 401]);
    const retryAfter = expectTooMany(await login(t, email.toUpperCase(), PASSWORD), 3);
    await loginOk(t, other, PASSWORD);
    await sleep(retryAfter * 1000 + 100);
    await loginOk(t, email, PASSWORD);
  });
});

describe('progressive lockout, with the per-IP limits off (LOGIN_LOCKOUT_THRESHOLD=3, LOGIN_LOCKOUT_MAX_SECONDS=2)', () => {
  const t = useTestApp({ LOGIN_LOCKOUT_THRESHOLD: '3', LOGIN_LOCKOUT_MAX_SECONDS: '2' });

  it('when the threshold is reached, then even the right password gets 429; after the delay it works and resets the count', async () => {
    const email = await registered(t);
    expect(await statuses(3, () => login(t, email, 'wrong-password'))).toEqual([401, 401, 401]);
    expect(expectTooMany(await login(t, email, PASSWORD), 2)).toBe(1);
    await sleep(1_100);
    await loginOk(t, email, PASSWORD);
    // Reset: two more failures do not lock, and the next lockout starts again at 1 s.
    expect(await statuses(2, () => login(t, email, 'wrong-password'))).toEqual([401, 401]);
    await loginOk(t, email, PASSWORD);
    expect(await statuses(3, () => login(t, email, 'wrong-password'))).toEqual([401, 401, 401]);
    expect(expectTooMany(await login(t, email, PASSWORD), 2)).toBe(1);
  });

  it('when failures go on after each lockout, then the delay doubles up to the cap, never beyond', async () => {
    const email = await registered(t);
    await statuses(3, () => login(t, email, 'wrong-password'));
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const wait = expectTooMany(await login(t, email, 'wrong-password'), 2);
      delays.push(wait);
      await sleep(wait * 1000 + 100);
      await login(t, email, 'wrong-password').expect(401);
    }
    expect(delays).toEqual([1, 2, 2]);
  });
});

describe('Redis store shared by two app instances', () => {
  const prefix = `seed-test-${randomBytes(4).toString('hex')}`;
  const inspector = new Redis(REDIS_URL);
  let a: TestApp;
  let b: TestApp;

  async function ready(t: TestApp): Promise<void> {
    const redis = t.container.get(TOKENS.Redis);
    if (!redis) throw new Error('no Redis client');
    if (redis.status !== 'ready') await once(redis, 'ready');
  }

  beforeAll(async () => {
    const env = {
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_LOGIN_IP: '4/60',
      RATE_LIMIT_LOGIN_ACCOUNT: '100/60',
      LOGIN_LOCKOUT_THRESHOLD: '2',
      LOGIN_LOCKOUT_MAX_SECONDS: '60',
    };
    [a, b] = await Promise.all([startTestApp(env), startTestApp(env)]);
    await Promise.all([ready(a), ready(b)]);
  });
  afterAll(async () => {
    const keys = await inspector.keys(`${prefix}:*`);
    if (keys.length > 0) await inspector.del(...keys);
    inspector.disconnect();
    await Promise.all([a.close(), b.close()]);
  });

  it('when each instance takes half the per-IP login limit, then the next login on either is 429, and the count is in Redis', async () => {
    expect(await statuses(2, () => login(a, uniqueEmail(), 'wrong-password'))).toEqual([401, 401]);
    expect(await statuses(2, () => login(b, uniqueEmail(), 'wrong-password'))).toEqual([401, 401]);
    expectTooMany(await login(a, uniqueEmail(), 'wrong-password'), 60);
    expectTooMany(await login(b, uniqueEmail(), 'wrong-password'), 60);
    expect(await inspector.keys(`${prefix}:rl:login_ip*`)).not.toEqual([]);
  });

  it('when an account fails on one instance, then it is locked out on the other too', async () => {
    await inspector.del(...(await inspector.keys(`${prefix}:rl:login_ip*`)));
    const email = uniqueEmail();
    expect(await statuses(2, () => login(a, email, 'wrong-password'))).toEqual([401, 401]);
    expectTooMany(await login(b, email, 'wrong-password'), 60);
  });
});

describe('Redis down (REDIS_URL points at a closed port)', () => {
  const redisDown = async (env: Record<string, string> = {}) => ({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}`, ...env });

  it('when requests come, then they are answered at once and the limits hold in process memory', async () =>
    withApp(await redisDown({ RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_LOGIN_IP: '3/60' }), async (t) => {
      const started = Date.now();
      await register(t).expect(201);
      expect(await statuses(3, () => login(t, uniqueEmail(), 'wrong-password'))).toEqual([401, 401, 401]);
      expectTooMany(await login(t, uniqueEmail(), 'wrong-password'), 60);
      expect(Date.now() - started).toBeLessThan(3_000);
    }));

  it('when an account keeps failing, then the lockout holds in memory too', async () =>
    withApp(await redisDown({ LOGIN_LOCKOUT_THRESHOLD: '2' }), async (t) => {
      const email = await registered(t);
      expect(await statuses(2, () => login(t, email, 'wrong-password'))).toEqual([401, 401]);
      expectTooMany(await login(t, email, PASSWORD), 60);
    }));

  it('when the Redis client cannot connect, then it writes nothing to the console (errors go to the logger)', async () => {
    const consoleError = vi.spyOn(console, 'error');
    try {
      await withApp(await redisDown(), async (t) => {
        const redis = t.container.get(TOKENS.Redis);
        if (!redis) throw new Error('no Redis client');
        // A connection attempt has failed and been reported. (events.once would listen for 'error'
        // itself, and so hide what this test looks for.)
        await new Promise((resolve) => redis.once('reconnecting', resolve));
        const fromRedis = consoleError.mock.calls.filter((args) => String(args[0]).includes('ioredis'));
        expect(fromRedis).toEqual([]);
      });
    } finally {
      consoleError.mockRestore();
    }
  });
});
