import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, PASSWORD, PREFIX, type TestApp, createAccount, startTestApp } from '../support/app.js';
import { uniqueEmail } from '../support/database.js';
import {
  ARGON2ID_HASH,
  USER_KEYS,
  countUsers,
  expectInvalid,
  expectNoSecrets,
  expectProblem,
  expectUserResponse,
  rowsByEmail,
  userRow,
} from './http-helpers.js';

let t: TestApp;
let admin: Account;
beforeAll(async () => {
  t = await startTestApp();
  admin = await createAccount(t, { admin: true });
});
afterAll(() => t.close());

const USERS = `${PREFIX}/users`;
const login = (email: string, password: string) => request(t.app).post(`${PREFIX}/auth/login`).send({ email, password });

/** An id no row has: one that existed and was removed. */
async function goneId(): Promise<number> {
  const a = await createAccount(t);
  await t.pool.query('DELETE FROM users WHERE id = $1', [a.id]);
  return a.id;
}

async function idsPage(skip: number, limit: number): Promise<number[]> {
  const { rows } = await t.pool.query<{ id: number }>('SELECT id FROM users ORDER BY id OFFSET $1 LIMIT $2', [skip, limit]);
  return rows.map((r) => r.id);
}

describe('GET /users (admin)', () => {
  it('when an admin lists users without parameters, then skip 0, limit 100, ordered items of exact shape and the total', async () => {
    await createAccount(t);
    const countBefore = await countUsers(t.pool);
    const expectedIds = await idsPage(0, 100);

    const res = await request(t.app).get(USERS).set(admin.auth);

    const countAfter = await countUsers(t.pool);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['items', 'limit', 'skip', 'total']);
    expect(res.body).toMatchObject({ skip: 0, limit: 100 });
    expect(res.body.total).toBeGreaterThanOrEqual(Math.min(countBefore, countAfter));
    expect(res.body.total).toBeLessThanOrEqual(Math.max(countBefore, countAfter));
    const items = res.body.items as { id: number }[];
    expect(items.map((u) => u.id)).toEqual(expectedIds);
    for (const item of items) expect(Object.keys(item).sort()).toEqual(USER_KEYS);
    expectNoSecrets(res);
  });

  it('when an admin pages with skip and limit, then he gets exactly that slice, by id, and the same total', async () => {
    const mine = [await createAccount(t), await createAccount(t), await createAccount(t)];
    const { rows } = await t.pool.query<{ n: string }>('SELECT count(*) AS n FROM users WHERE id < $1', [mine[0]!.id]);
    const skip = Number(rows[0]!.n);
    const expected = await idsPage(skip, 2);

    const res = await request(t.app).get(USERS).query({ skip, limit: 2 }).set(admin.auth);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ skip, limit: 2 });
    expect((res.body.items as { id: number }[]).map((u) => u.id)).toEqual(expected);
    expect(res.body.items[0]).toMatchObject({ id: mine[0]!.id, email: mine[0]!.email, is_admin: false, is_active: true });
    expect(res.body.total).toBeGreaterThanOrEqual(skip + 3);
  });

  it('when limit is 1 or 100, then it is accepted', async () => {
    const one = await request(t.app).get(USERS).query({ limit: 1 }).set(admin.auth).expect(200);
    expect(one.body.items).toHaveLength(1);
    expect(one.body.limit).toBe(1);
    const hundred = await request(t.app).get(USERS).query({ limit: 100 }).set(admin.auth).expect(200);
    expect(hundred.body.limit).toBe(100);
    expect(hundred.body.items.length).toBe(Math.min(100, hundred.body.total));
  });

  it('when skip is past the end, then an empty page with the real total', async () => {
    const countBefore = await countUsers(t.pool);
    const res = await request(t.app).get(USERS).query({ skip: 1_000_000 }).set(admin.auth).expect(200);
    const countAfter = await countUsers(t.pool);
    expect(res.body).toMatchObject({ items: [], skip: 1_000_000, limit: 100 });
    expect(res.body.total).toBeGreaterThanOrEqual(Math.max(1, Math.min(countBefore, countAfter)));
    expect(res.body.total).toBeLessThanOrEqual(Math.max(countBefore, countAfter));
  });

  it.each([
    ['limit', { limit: 0 }],
    ['limit', { limit: 101 }],
    ['limit', { limit: -1 }],
    ['limit', { limit: 'ten' }],
    ['limit', { limit: 1.5 }],
    ['skip', { skip: -1 }],
    ['skip', { skip: 'x' }],
    ['skip', { skip: 99_999_999_999 }],
  ])('when %s is out of range (%o), then 422 naming it in the query', async (field, query) => {
    expectInvalid(await request(t.app).get(USERS).query(query).set(admin.auth), 'query', field);
  });

  it('when the query has an unknown parameter, then 422 naming it', async () => {
    expectInvalid(await request(t.app).get(USERS).query({ page: 2 }).set(admin.auth), 'query', 'page');
  });

  it('when a regular user lists users, then 403 auth.forbidden', async () => {
    const a = await createAccount(t);
    const res = await request(t.app).get(USERS).set(a.auth);
    expect(expectProblem(res, 403).code).toBe('auth.forbidden');
    expect(res.headers['www-authenticate']).toBeUndefined();
    expect(res.text).not.toContain(admin.email);
  });
});

describe('GET /users/{id} (admin)', () => {
  it('when an admin reads a user, then 200 with his UserResponse and no secret', async () => {
    const a = await createAccount(t);
    const res = await request(t.app).get(`${USERS}/${a.id}`).set(admin.auth);
    expect(res.status).toBe(200);
    const row = (await userRow(t.pool, a.id))!;
    expectUserResponse(res.body, row);
    expectNoSecrets(res, row.password_hash);
  });

  it('when the user does not exist, then 404 user.not_found', async () => {
    const res = await request(t.app).get(`${USERS}/${await goneId()}`).set(admin.auth);
    expect(expectProblem(res, 404).code).toBe('user.not_found');
  });
});

describe('PUT /users/{id} (admin)', () => {
  it('when an admin changes email, full_name, is_active and is_admin, then all are stored and returned', async () => {
    const a = await createAccount(t);
    const before = (await userRow(t.pool, a.id))!;
    const email = uniqueEmail('renamed');

    const res = await request(t.app)
      .put(`${USERS}/${a.id}`)
      .set(admin.auth)
      .send({ email: ` ${email.toUpperCase()} `, full_name: 'Renamed', is_active: false, is_admin: true });

    expect(res.status).toBe(200);
    const after = (await userRow(t.pool, a.id))!;
    expect(after).toMatchObject({ email, full_name: 'Renamed', is_active: false, is_admin: true });
    expect(after.password_hash).toBe(before.password_hash);
    expect(after.created_at).toEqual(before.created_at);
    expect(after.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
    expectUserResponse(res.body, after);
    expectNoSecrets(res, after.password_hash);
  });

  it('when an admin changes only full_name, then the other fields are kept', async () => {
    const a = await createAccount(t);
    const before = (await userRow(t.pool, a.id))!;
    await request(t.app).put(`${USERS}/${a.id}`).set(admin.auth).send({ full_name: 'Only Name' }).expect(200);
    const after = (await userRow(t.pool, a.id))!;
    expect({ ...after, updated_at: before.updated_at }).toEqual({ ...before, full_name: 'Only Name' });
  });

  it("when an admin sets another user's password, then the old one stops working and the new one works", async () => {
    const a = await createAccount(t);
    const before = (await userRow(t.pool, a.id))!;
    const newPassword = 'a-brand-new-password';

    const res = await request(t.app).put(`${USERS}/${a.id}`).set(admin.auth).send({ password: newPassword });

    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(USER_KEYS);
    const after = (await userRow(t.pool, a.id))!;
    expect(after.password_hash).not.toBe(before.password_hash);
    expect(after.password_hash).toMatch(ARGON2ID_HASH);
    expectNoSecrets(res, after.password_hash, before.password_hash);
    expect(res.text).not.toContain(newPassword);
    expect(expectProblem(await login(a.email, PASSWORD), 401).code).toBe('auth.invalid_credentials');
    await login(a.email, newPassword).expect(200);
  });

  it('when the new password has 7 or 129 characters, then 422 naming password and the hash is unchanged', async () => {
    const a = await createAccount(t);
    const before = await userRow(t.pool, a.id);
    for (const password of ['p'.repeat(7), 'p'.repeat(129)]) {
      expectInvalid(await request(t.app).put(`${USERS}/${a.id}`).set(admin.auth).send({ password }), 'body', 'password');
    }
    expect(await userRow(t.pool, a.id)).toEqual(before);
    await login(a.email, PASSWORD).expect(200);
  });

  it("when an admin gives a user another user's email (any case), then 409 and nothing changes", async () => {
    const a = await createAccount(t);
    const b = await createAccount(t);
    const before = await userRow(t.pool, a.id);

    const res = await request(t.app).put(`${USERS}/${a.id}`).set(admin.auth).send({ email: b.email.toUpperCase(), full_name: 'X' });

    expect(expectProblem(res, 409).code).toBe('user.email_taken');
    expect(await userRow(t.pool, a.id)).toEqual(before);
    expect(await rowsByEmail(t.pool, b.email)).toHaveLength(1);
  });

  it('when the body is invalid or has unknown fields, then 422 naming them and nothing changes', async () => {
    const a = await createAccount(t);
    const before = await userRow(t.pool, a.id);
    const put = (body: object) => request(t.app).put(`${USERS}/${a.id}`).set(admin.auth).send(body);
    expectInvalid(await put({ email: 'nope' }), 'body', 'email');
    expectInvalid(await put({ email: '' }), 'body', 'email');
    expectInvalid(await put({ is_admin: 'yes' }), 'body', 'is_admin');
    expectInvalid(await put({ is_active: 1 }), 'body', 'is_active');
    expectInvalid(await put({ role: 'admin' }), 'body', 'role');
    expectInvalid(await put({ password_hash: '$argon2id$v=19$m=19456,t=2,p=1$x$y' }), 'body', 'password_hash');
    expect(await userRow(t.pool, a.id)).toEqual(before);
  });

  it('when the user does not exist, then 404 and no row is created', async () => {
    const id = await goneId();
    const email = uniqueEmail();
    const res = await request(t.app).put(`${USERS}/${id}`).set(admin.auth).send({ email, password: 'whatever-long' });
    expect(expectProblem(res, 404).code).toBe('user.not_found');
    expect(await userRow(t.pool, id)).toBeUndefined();
    expect(await rowsByEmail(t.pool, email)).toHaveLength(0);
  });
});

describe('DELETE /users/{id} (admin)', () => {
  it('when an admin deletes a user, then 204 with no body, the row is gone, and his token and login stop working', async () => {
    const a = await createAccount(t);

    const res = await request(t.app).delete(`${USERS}/${a.id}`).set(admin.auth);

    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(await userRow(t.pool, a.id)).toBeUndefined();
    expectProblem(await request(t.app).get(`${PREFIX}/users/me`).set(a.auth), 401);
    expectProblem(await login(a.email, PASSWORD), 401);
    expect(expectProblem(await request(t.app).get(`${USERS}/${a.id}`).set(admin.auth), 404).code).toBe('user.not_found');
  });

  it('when the user is already gone, then 404', async () => {
    const res = await request(t.app).delete(`${USERS}/${await goneId()}`).set(admin.auth);
    expect(expectProblem(res, 404).code).toBe('user.not_found');
  });

  it('when an admin deletes another admin, then 204', async () => {
    const other = await createAccount(t, { admin: true });
    await request(t.app).delete(`${USERS}/${other.id}`).set(admin.auth).expect(204);
    expect(await userRow(t.pool, other.id)).toBeUndefined();
  });
});

describe('an admin acting on himself', () => {
  it('when an admin deletes himself, then 403 user.self_change with a clear detail and his row stays', async () => {
    const me = await createAccount(t, { admin: true });
    const before = await userRow(t.pool, me.id);

    const res = await request(t.app).delete(`${USERS}/${me.id}`).set(me.auth);

    const body = expectProblem(res, 403);
    expect(body).toMatchObject({ code: 'user.self_change', detail: 'An admin cannot delete his own account.' });
    expect(await userRow(t.pool, me.id)).toEqual(before);
  });

  it('when an admin deactivates himself, then 403 naming deactivation and nothing changes (not even the other fields sent)', async () => {
    const me = await createAccount(t, { admin: true });
    const before = await userRow(t.pool, me.id);

    const res = await request(t.app).put(`${USERS}/${me.id}`).set(me.auth).send({ is_active: false, full_name: 'Gone', email: uniqueEmail() });

    expect(expectProblem(res, 403)).toMatchObject({ code: 'user.self_change', detail: 'An admin cannot deactivate his own account.' });
    expect(await userRow(t.pool, me.id)).toEqual(before);
  });

  it('when an admin demotes himself, then 403 naming demotion and he stays admin', async () => {
    const me = await createAccount(t, { admin: true });
    const before = await userRow(t.pool, me.id);

    const res = await request(t.app).put(`${USERS}/${me.id}`).set(me.auth).send({ is_admin: false, password: 'new-password-123' });

    expect(expectProblem(res, 403)).toMatchObject({ code: 'user.self_change', detail: 'An admin cannot demote his own account.' });
    expect(await userRow(t.pool, me.id)).toEqual(before);
    await request(t.app).get(USERS).set(me.auth).query({ limit: 1 }).expect(200);
  });

  it('when an admin updates his own name, or re-affirms is_admin and is_active, then 200', async () => {
    const me = await createAccount(t, { admin: true });
    const res = await request(t.app).put(`${USERS}/${me.id}`).set(me.auth).send({ full_name: 'Chief', is_admin: true, is_active: true });
    expect(res.status).toBe(200);
    expect((await userRow(t.pool, me.id))!).toMatchObject({ full_name: 'Chief', is_admin: true, is_active: true });
  });
});

describe('admin routes for others', () => {
  it('when a regular user reads, updates or deletes another user, then 403 and the target is untouched', async () => {
    const a = await createAccount(t);
    const target = await createAccount(t);
    const before = await userRow(t.pool, target.id);

    const responses = [
      await request(t.app).get(`${USERS}/${target.id}`).set(a.auth),
      await request(t.app).put(`${USERS}/${target.id}`).set(a.auth).send({ full_name: 'Hacked', is_active: false }),
      await request(t.app).delete(`${USERS}/${target.id}`).set(a.auth),
    ];

    for (const res of responses) {
      expect(expectProblem(res, 403).code).toBe('auth.forbidden');
      expect(res.text).not.toContain(target.email);
    }
    expect(await userRow(t.pool, target.id)).toEqual(before);
  });

  it('when a regular user tries to promote himself through the admin route, then 403 and he stays a regular user', async () => {
    const a = await createAccount(t);
    const res = await request(t.app).put(`${USERS}/${a.id}`).set(a.auth).send({ is_admin: true });
    expect(expectProblem(res, 403).code).toBe('auth.forbidden');
    expect((await userRow(t.pool, a.id))!.is_admin).toBe(false);
  });

  it('when no token is sent to any admin route, then 401 with WWW-Authenticate: Bearer and nothing changes', async () => {
    const target = await createAccount(t);
    const before = await userRow(t.pool, target.id);
    const responses = [
      await request(t.app).get(USERS),
      await request(t.app).get(`${USERS}/${target.id}`),
      await request(t.app).put(`${USERS}/${target.id}`).send({ full_name: 'Anon' }),
      await request(t.app).delete(`${USERS}/${target.id}`),
    ];
    for (const res of responses) {
      expectProblem(res, 401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
    expect(await userRow(t.pool, target.id)).toEqual(before);
  });

  it('when an admin promotes or demotes a user, then his sessions end and a new login carries the new role', async () => {
    const a = await createAccount(t);
    await request(t.app).put(`${USERS}/${a.id}`).set(admin.auth).send({ is_admin: true }).expect(200);
    expectProblem(await request(t.app).get(USERS).set(a.auth), 401);
    const promoted = await request(t.app).post(`${PREFIX}/auth/login`).send({ email: a.email, password: a.password }).expect(200);
    const asAdmin = { Authorization: `Bearer ${promoted.body.access_token}` };
    await request(t.app).get(USERS).set(asAdmin).query({ limit: 1 }).expect(200);
    await request(t.app).put(`${USERS}/${a.id}`).set(admin.auth).send({ is_admin: false }).expect(200);
    expectProblem(await request(t.app).get(USERS).set(asAdmin), 401);
    const demoted = await request(t.app).post(`${PREFIX}/auth/login`).send({ email: a.email, password: a.password }).expect(200);
    expectProblem(await request(t.app).get(USERS).set({ Authorization: `Bearer ${demoted.body.access_token}` }), 403);
  });

  it('when an admin deactivates a user, then that user cannot log in (403) and his token gets 401', async () => {
    const a = await createAccount(t);
    await request(t.app).put(`${USERS}/${a.id}`).set(admin.auth).send({ is_active: false }).expect(200);
    expect(expectProblem(await login(a.email, PASSWORD), 403).code).toBe('auth.inactive_user');
    expectProblem(await request(t.app).get(`${PREFIX}/users/me`).set(a.auth), 401);
    await request(t.app).put(`${USERS}/${a.id}`).set(admin.auth).send({ is_active: true }).expect(200);
    await login(a.email, PASSWORD).expect(200);
  });
});

describe('bad path ids', () => {
  const ids = ['abc', '0', '-1', '1.5', '99999999999', '2147483648', '1e400', '%20', 'me1'];

  it.each(ids)('when the id is %s, then GET, PUT and DELETE answer 422 naming id in the path (never 500)', async (id) => {
    const bystander = await userRow(t.pool, admin.id);
    const responses = [
      await request(t.app).get(`${USERS}/${id}`).set(admin.auth),
      await request(t.app).put(`${USERS}/${id}`).set(admin.auth).send({ full_name: 'x' }),
      await request(t.app).delete(`${USERS}/${id}`).set(admin.auth),
    ];
    for (const res of responses) expectInvalid(res, 'path', 'id');
    expect(await userRow(t.pool, admin.id)).toEqual(bystander);
  });

  it('when the largest integer id is used and no such user exists, then 404, not 500', async () => {
    const res = await request(t.app).get(`${USERS}/2147483647`).set(admin.auth);
    expect(expectProblem(res, 404).code).toBe('user.not_found');
  });
});
