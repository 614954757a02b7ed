import { UnsecuredJWT, decodeJwt } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREFIX, type TestApp, createAccount, startTestApp } from '../support/app.js';
import { expectInvalid, expectProblem, signToken, userRow } from './http-helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const refresh = (body: object) => request(t.app).post(`${PREFIX}/auth/refresh`).send(body);

function expectInvalidToken(res: request.Response): void {
  const body = expectProblem(res, 401);
  expect(body.code).toBe('auth.invalid_token');
  expect(res.text).not.toContain('access_token');
}

describe('POST /auth/refresh', () => {
  it('when a valid refresh token is exchanged, then 200 with a new pair for the same user', async () => {
    const a = await createAccount(t);
    const res = await refresh({ refresh_token: a.refreshToken });

    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(Object.keys(res.body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'token_type']);
    expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: 1800 });
    const access = decodeJwt(res.body.access_token);
    const next = decodeJwt(res.body.refresh_token);
    expect(access).toMatchObject({ sub: String(a.id), typ: 'access', iss: 'seed-api', aud: 'seed-api' });
    expect(next).toMatchObject({ sub: String(a.id), typ: 'refresh' });
    expect(next.jti).not.toBe(decodeJwt(a.refreshToken).jti);
    const me = await request(t.app).get(`${PREFIX}/users/me`).set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
    expect(me.body.id).toBe(a.id);
  });

  it('when the new refresh token is exchanged in turn, then it works too', async () => {
    const a = await createAccount(t);
    const first = await refresh({ refresh_token: a.refreshToken }).expect(200);
    const second = await refresh({ refresh_token: first.body.refresh_token }).expect(200);
    expect(decodeJwt(second.body.access_token).sub).toBe(String(a.id));
  });

  it('when an access token is sent as the refresh token, then 401', async () => {
    const a = await createAccount(t);
    expectInvalidToken(await refresh({ refresh_token: a.accessToken }));
  });

  it('when the refresh token is garbage or tampered with, then 401', async () => {
    const a = await createAccount(t);
    const [h, p, s] = a.refreshToken.split('.') as [string, string, string];
    const otherSub = Buffer.from(JSON.stringify({ ...decodeJwt(a.refreshToken), sub: '1' })).toString('base64url');
    for (const token of ['garbage', 'a.b.c', `${h}.${otherSub}.${s}`, `${h}.${p}.${s.slice(0, -2)}xx`]) {
      expectInvalidToken(await refresh({ refresh_token: token }));
    }
  });

  it('when the refresh token has expired, then 401', async () => {
    const a = await createAccount(t);
    const expired = await signToken(t, { sub: String(a.id), typ: 'refresh', expIn: -60, iatOffset: -3600 });
    expectInvalidToken(await refresh({ refresh_token: expired }));
    // The real, unexpired refresh token of the same user still works: the expiry made the difference.
    await refresh({ refresh_token: a.refreshToken }).expect(200);
  });

  it('when the refresh token is signed with another key, with alg none, or for another issuer or audience, then 401', async () => {
    const a = await createAccount(t);
    const sub = String(a.id);
    const none = new UnsecuredJWT({ typ: 'refresh' })
      .setSubject(sub).setIssuer('seed-api').setAudience('seed-api').setIssuedAt().setExpirationTime('1h').setJti('x-1').encode();
    const tokens = [
      await signToken(t, { sub, typ: 'refresh', key: 'another-key-another-key-another-key!' }),
      await signToken(t, { sub, typ: 'refresh', alg: 'HS512' }),
      await signToken(t, { sub, typ: 'refresh', iss: 'someone-else' }),
      await signToken(t, { sub, typ: 'refresh', aud: 'someone-else' }),
      none,
    ];
    for (const token of tokens) expectInvalidToken(await refresh({ refresh_token: token }));
  });

  it('when the user was deleted, then his refresh token gets 401', async () => {
    const a = await createAccount(t);
    await t.pool.query('DELETE FROM users WHERE id = $1', [a.id]);
    expectInvalidToken(await refresh({ refresh_token: a.refreshToken }));
  });

  it('when the user was deactivated, then his refresh token gets 401 and he stays inactive', async () => {
    const a = await createAccount(t);
    await t.pool.query('UPDATE users SET is_active = false WHERE id = $1', [a.id]);
    expectInvalidToken(await refresh({ refresh_token: a.refreshToken }));
    expect((await userRow(t.pool, a.id))!.is_active).toBe(false);
  });

  it('when the refresh token names a user id that does not exist, even beyond the integer column range, then 401', async () => {
    for (const sub of ['2147483647', '3000000000', '9007199254740991']) {
      expectInvalidToken(await refresh({ refresh_token: await signToken(t, { sub, typ: 'refresh' }) }));
    }
  });

  it('when refresh_token is missing or empty, then 422 naming refresh_token', async () => {
    expectInvalid(await refresh({}), 'body', 'refresh_token');
    expectInvalid(await refresh({ refresh_token: '' }), 'body', 'refresh_token');
    expectInvalid(await refresh({ refresh_token: 123 }), 'body', 'refresh_token');
  });

  it('when the body has an unknown field, then 422 naming it', async () => {
    const a = await createAccount(t);
    expectInvalid(await refresh({ refresh_token: a.refreshToken, scope: 'admin' }), 'body', 'scope');
  });
});
