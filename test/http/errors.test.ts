import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, PREFIX, type TestApp, appWithoutDatabase, createAccount, startTestApp } from '../support/app.js';
import { uniqueEmail } from '../support/database.js';
import { expectInvalid, expectProblem, rowsByEmail, userRow } from './http-helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const REGISTER = `${PREFIX}/auth/register`;
const MB = 1024 * 1024;

describe('unknown routes', () => {
  it.each([
    ['GET', `${PREFIX}/nope`],
    ['POST', `${PREFIX}/auth/nope`],
    ['GET', '/nope'],
    ['GET', '/'],
    ['GET', `${PREFIX}/health/nope`],
  ])('when %s %s is requested, then 404 problem+json naming the route', async (method, path) => {
    const res = await request(t.app)[method.toLowerCase() as 'get' | 'post' | 'delete'](path);
    const body = expectProblem(res, 404);
    expect(body).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, detail: `No route for ${method} ${path}.` });
  });

  it('when an authenticated user asks for an unknown route under /users, then 404 problem+json', async () => {
    const a = await createAccount(t, { admin: true });
    const res = await request(t.app).get(`${PREFIX}/users/${a.id}/friends`).set(a.auth);
    expect(expectProblem(res, 404).status).toBe(404);
  });
});

describe('known paths asked with a method they do not serve', () => {
  it.each([
    ['DELETE', `${PREFIX}/health`, 'GET, HEAD'],
    ['GET', `${PREFIX}/auth/register`, 'POST'],
    ['PATCH', `${PREFIX}/users/me`, 'GET, PUT, HEAD'],
    ['POST', `${PREFIX}/users/123`, 'GET, PUT, DELETE, HEAD'],
    ['GET', `${PREFIX}/users/me/sessions/5`, 'DELETE'],
    ['PUT', '/metrics', 'GET, HEAD'],
    ['POST', `${PREFIX}/openapi.json`, 'GET, HEAD'],
  ])('when %s %s is requested, then 405 problem+json with Allow: %s, before any authentication', async (method, path, allow) => {
    const res = await request(t.app)[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path);
    const body = expectProblem(res, 405);
    expect(res.headers.allow).toBe(allow);
    expect(body).toEqual({
      type: 'about:blank',
      title: 'Method Not Allowed',
      status: 405,
      detail: `${method} is not allowed on ${path}; allowed: ${allow}.`,
    });
  });

  it('when a GET route is asked with HEAD, then it answers as GET does, without a body', async () => {
    const res = await request(t.app).head(`${PREFIX}/health`);
    expect(res.status).toBe(200);
    expect(res.text).toBeUndefined();
  });
});

describe('malformed and oversized bodies', () => {
  it('when the JSON is malformed, then 400 problem+json and no user is created', async () => {
    const email = uniqueEmail();
    const res = await request(t.app)
      .post(REGISTER)
      .set('Content-Type', 'application/json')
      .send(`{"email": "${email}", "password": "${PASSWORD}",`);

    expect(expectProblem(res, 400)).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'The request body is not valid JSON.',
    });
    expect(await rowsByEmail(t.pool, email)).toHaveLength(0);
  });

  it('when malformed JSON reaches login, refresh or PUT /users/me, then 400 and the user is unchanged', async () => {
    const a = await createAccount(t);
    const before = await userRow(t.pool, a.id);
    const bad = '{"full_name": ';
    for (const res of [
      await request(t.app).post(`${PREFIX}/auth/login`).set('Content-Type', 'application/json').send(bad),
      await request(t.app).post(`${PREFIX}/auth/refresh`).set('Content-Type', 'application/json').send(bad),
      await request(t.app).put(`${PREFIX}/users/me`).set(a.auth).set('Content-Type', 'application/json').send(bad),
    ]) {
      expect(expectProblem(res, 400).detail).toBe('The request body is not valid JSON.');
    }
    expect(await userRow(t.pool, a.id)).toEqual(before);
  });

  it('when the JSON body is larger than 1 MB, then 413 problem+json and no user is created', async () => {
    const email = uniqueEmail();
    const res = await request(t.app)
      .post(REGISTER)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email, password: PASSWORD, full_name: 'x'.repeat(MB + 10) }));

    expect(expectProblem(res, 413)).toEqual({
      type: 'about:blank',
      title: 'Content Too Large',
      status: 413,
      detail: 'The request body is larger than the limit.',
    });
    expect(await rowsByEmail(t.pool, email)).toHaveLength(0);
  });

  it('when a form body is larger than 1 MB, then 413 problem+json', async () => {
    const res = await request(t.app)
      .post(`${PREFIX}/auth/login`)
      .type('form')
      .send(`username=a%40example.com&password=${'p'.repeat(MB + 10)}`);
    expectProblem(res, 413);
  });

  it('when the body is just under 1 MB, then it is parsed and validated (422 on full_name, not 413)', async () => {
    const email = uniqueEmail();
    const res = await request(t.app).post(REGISTER).send({ email, password: PASSWORD, full_name: 'x'.repeat(MB - 1024) });
    expectInvalid(res, 'body', 'full_name');
    expect(await rowsByEmail(t.pool, email)).toHaveLength(0);
  });

  it('when the JSON charset is unsupported, then 415 problem+json and no user is created', async () => {
    const email = uniqueEmail();
    const res = await request(t.app)
      .post(REGISTER)
      .set('Content-Type', 'application/json; charset=iso-8859-1')
      .send(JSON.stringify({ email, password: PASSWORD }));
    expect(expectProblem(res, 415).detail).toBe('The request body encoding is not supported.');
    expect(await rowsByEmail(t.pool, email)).toHaveLength(0);
  });

  it('when the JSON body is an array or a scalar, then a 4xx problem, never a 500', async () => {
    const arr = await request(t.app).post(REGISTER).set('Content-Type', 'application/json').send('[]');
    expectProblem(arr, 422);
    const str = await request(t.app).post(REGISTER).set('Content-Type', 'application/json').send('"hello"');
    expectProblem(str, 400);
  });

  it('when the body smuggles __proto__.is_admin, then 422 and no admin is created', async () => {
    const email = uniqueEmail();
    const res = await request(t.app)
      .post(REGISTER)
      .set('Content-Type', 'application/json')
      .send(`{"email":"${email}","password":"${PASSWORD}","__proto__":{"is_admin":true}}`);
    expectProblem(res, 422);
    expect(await rowsByEmail(t.pool, email)).toHaveLength(0);
  });
});

describe('validation problems', () => {
  it('when several fields fail, then one 422 lists each with location, field and message', async () => {
    const res = await request(t.app).post(REGISTER).send({ email: '', password: 'short', full_name: 7 });
    const body = expectProblem(res, 422);
    expect(body).toMatchObject({ type: 'about:blank', title: 'Unprocessable Content', detail: 'The request is not valid.' });
    const fields = (body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['email', 'full_name', 'password']);
  });
});

describe('unknown fields', () => {
  it('when a body carries an unknown field, then the 422 errors entry names that field, not the object', async () => {
    const email = uniqueEmail();
    const res = await request(t.app).post(REGISTER).send({ email, password: PASSWORD, is_admin: true });
    const body = expectProblem(res, 422);
    expect(body.errors).toEqual([{ location: 'body', field: 'is_admin', message: expect.stringContaining('is_admin') }]);
    expect(await rowsByEmail(t.pool, email)).toHaveLength(0);
  });
});

describe('database outage', () => {
  let dead: ReturnType<typeof appWithoutDatabase>;
  beforeAll(() => {
    dead = appWithoutDatabase(t);
  });
  afterAll(() => dead.close());

  const UNAVAILABLE = {
    type: 'about:blank',
    title: 'Service Unavailable',
    status: 503,
    detail: 'The service is temporarily unavailable. Try again shortly.',
  };

  it('when the database is unreachable during registration, then 503 problem+json with Retry-After and no internals', async () => {
    const res = await request(dead.app).post(REGISTER).send({ email: uniqueEmail(), password: PASSWORD });
    expect(expectProblem(res, 503)).toEqual(UNAVAILABLE);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack|INSERT|users/i);
  });

  it('when the database is unreachable during login, then 503, not a misleading 401', async () => {
    const a = await createAccount(t);
    const res = await request(dead.app).post(`${PREFIX}/auth/login`).send({ email: a.email, password: PASSWORD });
    expect(expectProblem(res, 503)).toEqual(UNAVAILABLE);
    expect(res.headers['www-authenticate']).toBeUndefined();
  });

  it('when the database is unreachable while authenticating a valid token, then 503, not 401, with no internals', async () => {
    const a = await createAccount(t);
    const res = await request(dead.app).get(`${PREFIX}/users/me`).set(a.auth);
    expect(expectProblem(res, 503)).toEqual(UNAVAILABLE);
    expect(res.text).not.toMatch(/ECONNREFUSED|SELECT|stack/i);
  });
});
