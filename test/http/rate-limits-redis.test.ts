import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TOKENS } from '../../src/infrastructure/container/tokens.js';
import { PASSWORD, type TestApp, startTestApp } from '../support/app.js';
import { uniqueEmail } from '../support/database.js';
import { expectTooMany, register, registered, statuses, withApp } from '../support/limits.js';
import { freePort } from '../support/net.js';
import { login } from '../support/sessions.js';
import { StallProxy } from '../support/stall-proxy.js';

// A real Redis for the store tests: .ci/run sets it (and starts Redis when the machine has one). Without
// it those tests are skipped; the Redis-down test needs none.
const REDIS_URL = process.env.TEST_REDIS_URL?.trim() ?? '';
const withRedis = describe.skipIf(REDIS_URL === '');

withRedis('Redis store shared by two app instances (TEST_REDIS_URL)', () => {
  const prefix = `seed-test-${randomBytes(4).toString('hex')}`;
  const inspector = new Redis(REDIS_URL || 'redis://127.0.0.1:6379', { lazyConnect: true });
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
  const redisDown = async (env: Record<string, string> = {}) => ({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, ...env });

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

withRedis('Redis stalls after connecting (connection open, no answers; TEST_REDIS_URL)', () => {
  it('when Redis stops answering, then requests are still answered, without waiting on it after the first, and limited in memory', async () => {
    const target = new URL(REDIS_URL);
    const proxy = await StallProxy.start(Number(target.port || 6379), target.hostname);
    const prefix = `seed-test-${randomBytes(4).toString('hex')}`;
    try {
      const env = { REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_KEY_PREFIX: prefix, RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_LOGIN_IP: '2/60' };
      await withApp(env, async (t) => {
        const redis = t.container.get(TOKENS.Redis);
        if (redis && redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
        await login(t, uniqueEmail(), 'wrong-password').expect(401);
        proxy.stall();
        const timed = async () => {
          const started = Date.now();
          const res = await login(t, uniqueEmail(), 'wrong-password');
          return { status: res.status, ms: Date.now() - started, res };
        };
        // The first request waits for one command timeout (250 ms); that drops the connection, and
        // the next ones go straight to the in-memory limiters.
        const first = await timed();
        const [second, third] = [await timed(), await timed()];
        expect([first.status, second.status]).toEqual([401, 401]);
        expectTooMany(third.res, 60);
        expect(first.ms).toBeLessThan(1_000);
        expect(second.ms + third.ms).toBeLessThan(1_000);

        // Back: ioredis reconnects by itself, and the counts are shared in Redis again.
        proxy.resume();
        if (redis && redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
        await login(t, uniqueEmail(), 'wrong-password').expect(401);
        const inspector = new Redis(REDIS_URL || 'redis://127.0.0.1:6379', { lazyConnect: true });
        try {
          // One before the stall, one after: nothing counted during the stall is replayed late.
          const [key] = await inspector.keys(`${prefix}:rl:login_ip:*`);
          expect(await inspector.get(key ?? '')).toBe('2');
          await inspector.del(...(await inspector.keys(`${prefix}:*`)));
        } finally {
          inspector.disconnect();
        }
      });
    } finally {
      await proxy.close();
    }
  }, 20_000);
});
