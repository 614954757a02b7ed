import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { PASSWORD, PREFIX, type TestApp, useTestApp } from '../support/app.js';
import { uniqueEmail } from '../support/database.js';
import { expectTooMany, register, registered, statuses, withApp } from '../support/limits.js';
import { login, loginOk, refresh, sleep } from '../support/sessions.js';

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
