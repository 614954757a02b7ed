import { UnsecuredJWT, decodeJwt } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREFIX, type TestApp, createAccount, startTestApp } from '../support/app.js';
import { expectProblem, signToken, userRow } from './http-helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const ME = `${PREFIX}/users/me`;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

function expectUnauthorized(res: request.Response): void {
  const body = expectProblem(res, 401);
  expect(res.headers['www-authenticate']).toBe('Bearer');
  expect(body.code).toBe('auth.invalid_token');
  expect(res.text).not.toContain('"email"');
}

describe('access tokens on protected routes', () => {
  it('when a valid access token is sent, then /users/me answers 200 (the control case)', async () => {
    const a = await createAccount(t);
    const own = await signToken(t, { sub: String(a.id), sid: decodeJwt(a.accessToken).sid as string });
    await request(t.app).get(ME).set(bearer(own)).expect(200);
    await request(t.app).get(ME).set('Authorization', `bearer ${a.accessToken}`).expect(200);
  });

  it('when no Authorization header is sent, then 401 with WWW-Authenticate: Bearer', async () => {
    expectUnauthorized(await request(t.app).get(ME));
  });

  it('when the Authorization header is not a bearer token, then 401', async () => {
    const a = await createAccount(t);
    for (const value of ['Basic Og==', a.accessToken, 'Bearer', 'Bearer ', `Token ${a.accessToken}`, `Bearer ${a.accessToken} extra`]) {
      expectUnauthorized(await request(t.app).get(ME).set('Authorization', value));
    }
  });

  it('when a refresh token is used as an access token, then 401', async () => {
    const a = await createAccount(t);
    expectUnauthorized(await request(t.app).get(ME).set(bearer(a.refreshToken)));
  });

  it('when the access token has expired, then 401', async () => {
    const a = await createAccount(t);
    const expired = await signToken(t, { sub: String(a.id), expIn: -1, iatOffset: -1800 });
    expectUnauthorized(await request(t.app).get(ME).set(bearer(expired)));
  });

  it('when the token says alg none, then 401', async () => {
    const a = await createAccount(t);
    const none = new UnsecuredJWT({ typ: 'access' })
      .setSubject(String(a.id)).setIssuer('seed-api').setAudience('seed-api').setIssuedAt().setExpirationTime('1h').setJti('n-1').encode();
    expectUnauthorized(await request(t.app).get(ME).set(bearer(none)));
  });

  it('when the token is signed with another key or another HMAC algorithm, then 401', async () => {
    const a = await createAccount(t);
    const sub = String(a.id);
    expectUnauthorized(await request(t.app).get(ME).set(bearer(await signToken(t, { sub, key: 'not-the-secret-key-not-the-secret-key' }))));
    expectUnauthorized(await request(t.app).get(ME).set(bearer(await signToken(t, { sub, alg: 'HS384' }))));
  });

  it('when the token names another issuer or audience, then 401', async () => {
    const a = await createAccount(t);
    const sub = String(a.id);
    expectUnauthorized(await request(t.app).get(ME).set(bearer(await signToken(t, { sub, iss: 'evil' }))));
    expectUnauthorized(await request(t.app).get(ME).set(bearer(await signToken(t, { sub, aud: 'evil' }))));
  });

  it('when the token has an unknown typ, then 401', async () => {
    const a = await createAccount(t);
    const sub = String(a.id);
    expectUnauthorized(await request(t.app).get(ME).set(bearer(await signToken(t, { sub, typ: 'id' }))));
  });

  it('when sub is not a positive integer string, or names no user, then 401', async () => {
    for (const sub of ['abc', '0', '-1', '1.5', '01', '99999999999999999999', '2147483647', '3000000000', '9007199254740991']) {
      expectUnauthorized(await request(t.app).get(ME).set(bearer(await signToken(t, { sub }))));
    }
  });

  it('when the user was deleted, then his still-unexpired token gets 401', async () => {
    const a = await createAccount(t);
    await t.pool.query('DELETE FROM users WHERE id = $1', [a.id]);
    expectUnauthorized(await request(t.app).get(ME).set(a.auth));
    expectUnauthorized(await request(t.app).put(ME).set(a.auth).send({ full_name: 'ghost' }));
  });

  it('when the user was deactivated, then his still-unexpired token gets 401 and nothing changes', async () => {
    const a = await createAccount(t);
    await t.pool.query('UPDATE users SET is_active = false WHERE id = $1', [a.id]);
    const before = await userRow(t.pool, a.id);
    expectUnauthorized(await request(t.app).get(ME).set(a.auth));
    expectUnauthorized(await request(t.app).put(ME).set(a.auth).send({ full_name: 'changed' }));
    expect(await userRow(t.pool, a.id)).toEqual(before);
  });

  it('when a deactivated admin uses his token, then admin routes answer 401', async () => {
    const admin = await createAccount(t, { admin: true });
    await t.pool.query('UPDATE users SET is_active = false WHERE id = $1', [admin.id]);
    expectUnauthorized(await request(t.app).get(`${PREFIX}/users`).set(admin.auth));
  });
});
