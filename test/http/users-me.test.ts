import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, PREFIX, type TestApp, createAccount, startTestApp } from '../support/app.js';
import { uniqueEmail } from '../support/database.js';
import { expectInvalid, expectNoSecrets, expectProblem, expectUserResponse, rowsByEmail, userRow } from './http-helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const ME = `${PREFIX}/users/me`;
const login = (email: string, password = PASSWORD) => request(t.app).post(`${PREFIX}/auth/login`).send({ email, password });

describe('GET /users/me', () => {
  it('when a user reads /users/me, then he gets exactly his own UserResponse and no secret', async () => {
    const a = await createAccount(t);
    await createAccount(t); // someone else exists too
    const res = await request(t.app).get(ME).set(a.auth);

    expect(res.status).toBe(200);
    const row = await userRow(t.pool, a.id);
    expectUserResponse(res.body, row!);
    expect(res.body.email).toBe(a.email);
    expectNoSecrets(res, row!.password_hash);
  });

  it('when no token is sent, then 401 with WWW-Authenticate: Bearer', async () => {
    const res = await request(t.app).get(ME);
    expect(expectProblem(res, 401).code).toBe('auth.invalid_token');
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });
});

describe('PUT /users/me', () => {
  it('when a user changes his full_name, then 200 with it, stored trimmed, updated_at advanced, created_at kept', async () => {
    const a = await createAccount(t);
    const before = (await userRow(t.pool, a.id))!;

    const res = await request(t.app).put(ME).set(a.auth).send({ full_name: '  Ada King  ' });

    expect(res.status).toBe(200);
    const after = (await userRow(t.pool, a.id))!;
    expect(after.full_name).toBe('Ada King');
    expectUserResponse(res.body, after);
    expect(after.created_at).toEqual(before.created_at);
    expect(after.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
    expect(after.password_hash).toBe(before.password_hash);
    expectNoSecrets(res, after.password_hash);
  });

  it('when a user clears his full_name with null, then it is stored as null', async () => {
    const a = await createAccount(t);
    await request(t.app).put(ME).set(a.auth).send({ full_name: 'Someone' }).expect(200);
    const res = await request(t.app).put(ME).set(a.auth).send({ full_name: null }).expect(200);
    expect(res.body.full_name).toBeNull();
    expect((await userRow(t.pool, a.id))!.full_name).toBeNull();
  });

  it('when a user changes his email with spaces and capitals, then it is stored lower-case and he logs in with it, not the old one', async () => {
    const a = await createAccount(t);
    const fresh = uniqueEmail('moved');

    const res = await request(t.app).put(ME).set(a.auth).send({ email: `  ${fresh.toUpperCase()}  ` });

    expect(res.status).toBe(200);
    expect(res.body.email).toBe(fresh);
    expect((await userRow(t.pool, a.id))!.email).toBe(fresh);
    await login(fresh).expect(200);
    expect(expectProblem(await login(a.email), 401).code).toBe('auth.invalid_credentials');
    // The token issued before the change still names the same user.
    expect((await request(t.app).get(ME).set(a.auth).expect(200)).body.email).toBe(fresh);
  });

  it('when a user sets his own email again in another case, then 200 and nothing conflicts', async () => {
    const a = await createAccount(t);
    const res = await request(t.app).put(ME).set(a.auth).send({ email: a.email.toUpperCase() });
    expect(res.status).toBe(200);
    expect(res.body.email).toBe(a.email);
    expect(await rowsByEmail(t.pool, a.email)).toHaveLength(1);
  });

  it("when a user takes another user's email (any case), then 409 and neither row changes", async () => {
    const a = await createAccount(t);
    const b = await createAccount(t);
    const beforeA = await userRow(t.pool, a.id);
    const beforeB = await userRow(t.pool, b.id);

    const res = await request(t.app).put(ME).set(a.auth).send({ email: ` ${b.email.toUpperCase()}`, full_name: 'Changed' });

    expect(expectProblem(res, 409).code).toBe('user.email_taken');
    expect(await userRow(t.pool, a.id)).toEqual(beforeA);
    expect(await userRow(t.pool, b.id)).toEqual(beforeB);
  });

  it('when a user tries to make himself admin, then 422 naming is_admin and he stays a regular user', async () => {
    const a = await createAccount(t);
    const before = await userRow(t.pool, a.id);

    const res = await request(t.app).put(ME).set(a.auth).send({ is_admin: true, full_name: 'Boss' });

    expectInvalid(res, 'body', 'is_admin');
    expect(res.text).toContain('is_admin');
    expect(await userRow(t.pool, a.id)).toEqual(before);
    await request(t.app).get(`${PREFIX}/users`).set(a.auth).expect(403);
  });

  it('when a user tries to deactivate or activate himself, then 422 naming is_active and nothing changes', async () => {
    const a = await createAccount(t);
    const before = await userRow(t.pool, a.id);
    expectInvalid(await request(t.app).put(ME).set(a.auth).send({ is_active: false }), 'body', 'is_active');
    expectInvalid(await request(t.app).put(ME).set(a.auth).send({ is_active: true }), 'body', 'is_active');
    expect(await userRow(t.pool, a.id)).toEqual(before);
  });

  it('when a user sends a password or any other unknown field, then 422 naming it and nothing changes', async () => {
    const a = await createAccount(t);
    const before = await userRow(t.pool, a.id);
    for (const extra of [{ password: 'a-new-password' }, { id: 1 }, { created_at: '2000-01-01T00:00:00Z' }]) {
      const field = Object.keys(extra)[0]!;
      expectInvalid(await request(t.app).put(ME).set(a.auth).send(extra), 'body', field);
    }
    expect(await userRow(t.pool, a.id)).toEqual(before);
    await login(a.email).expect(200);
  });

  it('when the new email is invalid or empty, then 422 naming email and nothing changes', async () => {
    const a = await createAccount(t);
    const before = await userRow(t.pool, a.id);
    for (const email of ['not-an-email', '', '   ', 'a@b']) {
      expectInvalid(await request(t.app).put(ME).set(a.auth).send({ email }), 'body', 'email');
    }
    expectInvalid(await request(t.app).put(ME).set(a.auth).send({ email: null }), 'body', 'email');
    expect(await userRow(t.pool, a.id)).toEqual(before);
  });

  it('when full_name is longer than 255 characters, then 422 naming full_name and nothing changes', async () => {
    const a = await createAccount(t);
    const before = await userRow(t.pool, a.id);
    expectInvalid(await request(t.app).put(ME).set(a.auth).send({ full_name: 'x'.repeat(256) }), 'body', 'full_name');
    expect(await userRow(t.pool, a.id)).toEqual(before);
  });

  it('when no token is sent, then 401 and no row changes', async () => {
    const a = await createAccount(t);
    const before = await userRow(t.pool, a.id);
    const res = await request(t.app).put(ME).send({ full_name: 'Anonymous' });
    expectProblem(res, 401);
    expect(await userRow(t.pool, a.id)).toEqual(before);
  });
});
