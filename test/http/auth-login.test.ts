import { decodeJwt, decodeProtectedHeader } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, PREFIX, type TestApp, createAccount, startTestApp } from '../support/app.js';
import { uniqueEmail } from '../support/database.js';
import { expectInvalid, expectNoSecrets, expectProblem, userRow } from './http-helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const LOGIN = `${PREFIX}/auth/login`;
const TOKEN_KEYS = ['access_token', 'expires_in', 'refresh_token', 'token_type'];

async function registered(): Promise<{ id: number; email: string }> {
  const email = uniqueEmail();
  const res = await request(t.app).post(`${PREFIX}/auth/register`).send({ email, password: PASSWORD }).expect(201);
  return { id: res.body.id as number, email };
}

function expectTokenBody(res: request.Response): void {
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(Object.keys(res.body).sort()).toEqual(TOKEN_KEYS);
  expect(res.body.token_type).toBe('bearer');
  expect(res.body.expires_in).toBe(30 * 60);
  expect(typeof res.body.access_token).toBe('string');
  expect(typeof res.body.refresh_token).toBe('string');
}

describe('POST /auth/login', () => {
  it('when a user logs in with JSON, then 200 with a bearer token pair whose access token opens /users/me', async () => {
    const u = await registered();
    const res = await request(t.app).post(LOGIN).send({ email: u.email, password: PASSWORD });

    expectTokenBody(res);
    expectNoSecrets(res);
    const me = await request(t.app).get(`${PREFIX}/users/me`).set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
    expect(me.body.id).toBe(u.id);
  });

  it('when Swagger UI logs in with the OAuth2 password grant form and Basic Og==, then 200 with a token pair', async () => {
    const u = await registered();
    const res = await request(t.app)
      .post(LOGIN)
      .set('Authorization', 'Basic Og==')
      .type('form')
      .send({ grant_type: 'password', username: u.email, password: PASSWORD, scope: '', client_id: '' });

    expectTokenBody(res);
    expect(decodeJwt(res.body.access_token).sub).toBe(String(u.id));
  });

  it('when the form carries only username and password, then 200', async () => {
    const u = await registered();
    const res = await request(t.app).post(LOGIN).type('form').send({ username: u.email, password: PASSWORD });
    expectTokenBody(res);
    expect(decodeJwt(res.body.access_token).sub).toBe(String(u.id));
  });

  it('when the email is typed with spaces and capitals, then login still succeeds (JSON and form)', async () => {
    const u = await registered();
    const typed = `  ${u.email.toUpperCase()} `;
    expectTokenBody(await request(t.app).post(LOGIN).send({ email: typed, password: PASSWORD }));
    expectTokenBody(await request(t.app).post(LOGIN).type('form').send({ username: typed, password: PASSWORD }));
  });

  it('when tokens are issued, then they carry sub, sid, typ, iat, exp, jti, iss and aud "seed-api", signed HS256', async () => {
    const u = await registered();
    const before = Math.floor(Date.now() / 1000);
    const res = await request(t.app).post(LOGIN).send({ email: u.email, password: PASSWORD }).expect(200);
    const after = Math.ceil(Date.now() / 1000);

    const access = decodeJwt(res.body.access_token);
    const refresh = decodeJwt(res.body.refresh_token);
    expect(decodeProtectedHeader(res.body.access_token).alg).toBe('HS256');
    expect(decodeProtectedHeader(res.body.refresh_token).alg).toBe('HS256');
    for (const [claims, typ, ttl] of [[access, 'access', 30 * 60], [refresh, 'refresh', 7 * 86_400]] as const) {
      expect(claims).toMatchObject({ sub: String(u.id), typ, iss: 'seed-api', aud: 'seed-api' });
      expect(typeof claims.sub).toBe('string');
      expect(claims.iat).toBeGreaterThanOrEqual(before);
      expect(claims.iat).toBeLessThanOrEqual(after);
      expect(claims.exp! - claims.iat!).toBe(ttl);
      // Derived with a keyed HMAC from the session's seed (see JoseTokenService): 32 base64url chars.
      expect(claims.jti).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(claims.sid).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(access.sid).toBe(refresh.sid);
    expect(access.jti).not.toBe(refresh.jti);
  });

  it('when the same user logs in twice, then each token has its own jti', async () => {
    const u = await registered();
    const a = await request(t.app).post(LOGIN).send({ email: u.email, password: PASSWORD }).expect(200);
    const b = await request(t.app).post(LOGIN).send({ email: u.email, password: PASSWORD }).expect(200);
    expect(decodeJwt(a.body.access_token).jti).not.toBe(decodeJwt(b.body.access_token).jti);
  });

  it('when the email is unknown or the password wrong, then both answer 401 with the identical body', async () => {
    const u = await registered();
    const unknown = await request(t.app).post(LOGIN).send({ email: uniqueEmail('nobody'), password: PASSWORD });
    const wrong = await request(t.app).post(LOGIN).send({ email: u.email, password: 'wrong-password' });
    const wrongForm = await request(t.app).post(LOGIN).type('form').send({ username: u.email, password: 'wrong-password' });
    const malformed = await request(t.app).post(LOGIN).send({ email: 'not-an-email', password: PASSWORD });

    const body = expectProblem(unknown, 401);
    expect(body).toEqual({
      type: 'urn:seed-api:problem:auth.invalid_credentials',
      title: 'Unauthorized',
      status: 401,
      detail: 'Incorrect email or password.',
      code: 'auth.invalid_credentials',
    });
    for (const other of [wrong, wrongForm, malformed]) {
      expectProblem(other, 401);
      expect(other.body).toEqual(body);
      expect(other.headers['www-authenticate']).toBe(unknown.headers['www-authenticate']);
    }
  });

  it('when an inactive user logs in with the right password, then 403 auth.inactive_user and no token', async () => {
    const u = await registered();
    await t.pool.query('UPDATE users SET is_active = false WHERE id = $1', [u.id]);

    const res = await request(t.app).post(LOGIN).send({ email: u.email, password: PASSWORD });

    const body = expectProblem(res, 403);
    expect(body.code).toBe('auth.inactive_user');
    expect(res.text).not.toContain('access_token');
    expect((await userRow(t.pool, u.id))!.is_active).toBe(false);
  });

  it('when an inactive user logs in with a wrong password, then 401 as for anyone (the account state does not leak)', async () => {
    const u = await registered();
    await t.pool.query('UPDATE users SET is_active = false WHERE id = $1', [u.id]);
    const res = await request(t.app).post(LOGIN).send({ email: u.email, password: 'wrong-password' });
    expect(expectProblem(res, 401).code).toBe('auth.invalid_credentials');
  });

  it('when a login succeeds, then the stored row is not changed', async () => {
    const u = await registered();
    const before = await userRow(t.pool, u.id);
    await request(t.app).post(LOGIN).send({ email: u.email, password: PASSWORD }).expect(200);
    expect(await userRow(t.pool, u.id)).toEqual(before);
  });

  it('when email or password is empty, then 422 naming the field (JSON and form)', async () => {
    const u = await registered();
    expectInvalid(await request(t.app).post(LOGIN).send({ email: '', password: PASSWORD }), 'body', 'email');
    expectInvalid(await request(t.app).post(LOGIN).send({ email: u.email, password: '' }), 'body', 'password');
    expectInvalid(await request(t.app).post(LOGIN).send({}), 'body', 'email', 'password');
    expectInvalid(await request(t.app).post(LOGIN).type('form').send({ username: '', password: PASSWORD }), 'body', 'username');
    expectInvalid(await request(t.app).post(LOGIN).type('form').send({ username: u.email, password: '' }), 'body', 'password');
  });

  it('when the body has an unknown field, then 422 naming it (JSON and form)', async () => {
    const u = await registered();
    const json = await request(t.app).post(LOGIN).send({ email: u.email, password: PASSWORD, remember_me: true });
    expectInvalid(json, 'body', 'remember_me');
    const form = await request(t.app).post(LOGIN).type('form').send({ username: u.email, password: PASSWORD, otp: '123456' });
    expectInvalid(form, 'body', 'otp');
  });

  it('when the form names another grant type, then 422 naming grant_type', async () => {
    const u = await registered();
    const res = await request(t.app)
      .post(LOGIN)
      .type('form')
      .send({ grant_type: 'client_credentials', username: u.email, password: PASSWORD });
    expectInvalid(res, 'body', 'grant_type');
  });

  it('when the password is longer than 128 characters, then 422 (it is never hashed)', async () => {
    const u = await registered();
    expectInvalid(await request(t.app).post(LOGIN).send({ email: u.email, password: 'p'.repeat(129) }), 'body', 'password');
  });

  it('when an admin logs in, then his tokens work on admin routes', async () => {
    const admin = await createAccount(t, { admin: true });
    const res = await request(t.app).post(LOGIN).type('form').send({ username: admin.email, password: PASSWORD });
    expectTokenBody(res);
    await request(t.app).get(`${PREFIX}/users`).set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
  });
});

describe('token settings from the environment', () => {
  it('when ACCESS_TOKEN_EXPIRE_MINUTES, REFRESH_TOKEN_EXPIRE_DAYS, JWT_ISSUER and JWT_AUDIENCE are set, then tokens follow them', async () => {
    const custom = await startTestApp({
      ACCESS_TOKEN_EXPIRE_MINUTES: '5',
      REFRESH_TOKEN_EXPIRE_DAYS: '2',
      JWT_ISSUER: 'issuer-x',
      JWT_AUDIENCE: 'audience-y',
    });
    try {
      const a = await createAccount(custom);
      const res = await request(custom.app).post(LOGIN).send({ email: a.email, password: PASSWORD }).expect(200);
      expect(res.body.expires_in).toBe(300);
      const access = decodeJwt(res.body.access_token);
      const refresh = decodeJwt(res.body.refresh_token);
      expect(access).toMatchObject({ iss: 'issuer-x', aud: 'audience-y', typ: 'access' });
      expect(access.exp! - access.iat!).toBe(300);
      expect(refresh.exp! - refresh.iat!).toBe(2 * 86_400);
      await request(custom.app).get(`${PREFIX}/users/me`).set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
    } finally {
      await custom.close();
    }
  });
});
