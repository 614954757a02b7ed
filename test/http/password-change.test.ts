import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { Argon2PasswordHasher } from '../../src/infrastructure/security/argon2-password-hasher.js';
import { type Account, PASSWORD, PREFIX, createAccount, useTestApp } from '../support/app.js';
import { uniqueEmail } from '../support/database.js';
import { bearer, login, loginOk, meStatus, refresh } from '../support/sessions.js';

const NEW_PASSWORD = 'a-brand-new-passphrase';

const t = useTestApp();

const changePassword = (accessToken: string, body: object) =>
  request(t.app).put(`${PREFIX}/users/me/password`).set(bearer(accessToken)).send(body);

describe('PUT /users/me/password', () => {
  it('when the current password is right, then 204: other sessions are refused at once, this one lives, only the new password logs in', async () => {
    const a = await createAccount(t);
    const other = await loginOk(t, a.email, a.password);
    await changePassword(a.accessToken, { current_password: a.password, new_password: NEW_PASSWORD }).expect(204);
    expect(await meStatus(t, other.access_token)).toBe(401);
    await refresh(t, other.refresh_token).expect(401);
    expect(await meStatus(t, a.accessToken)).toBe(200);
    await refresh(t, a.refreshToken).expect(200);
    await login(t, a.email, a.password).expect(401);
    await login(t, a.email, NEW_PASSWORD).expect(200);
  });

  it('when the current password is wrong, then 400 naming current_password, and nothing changes', async () => {
    const a = await createAccount(t);
    const other = await loginOk(t, a.email, a.password);
    const res = await changePassword(a.accessToken, { current_password: 'not-my-password', new_password: NEW_PASSWORD }).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'auth.invalid_current_password', errors: [{ field: 'current_password' }] });
    expect(await meStatus(t, other.access_token)).toBe(200);
    await login(t, a.email, NEW_PASSWORD).expect(401);
    await login(t, a.email, a.password).expect(200);
  });

  it.each([
    ['too short', 'short', undefined],
    ['too long', 'x'.repeat(129), undefined],
    ['on the common-password list', 'baseball', 'user.common_password'],
    ['on the list in another case', 'QwertyUiop', 'user.common_password'],
  ])('when the new password is %s, then 422 naming new_password, and nothing changes', async (_what, newPassword, code) => {
    const a = await createAccount(t);
    const other = await loginOk(t, a.email, a.password);
    const res = await changePassword(a.accessToken, { current_password: a.password, new_password: newPassword }).expect(422);
    if (code) expect(res.body.code).toBe(code);
    expect((res.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['new_password']);
    expect(await meStatus(t, other.access_token)).toBe(200);
    await login(t, a.email, a.password).expect(200);
  });

  it('when the body is incomplete or carries unknown fields, then 422; without a token, then 401', async () => {
    const a = await createAccount(t);
    await changePassword(a.accessToken, { new_password: NEW_PASSWORD }).expect(422);
    await changePassword(a.accessToken, { current_password: a.password, new_password: NEW_PASSWORD, is_admin: true }).expect(422);
    await request(t.app).put(`${PREFIX}/users/me/password`).send({ current_password: a.password, new_password: NEW_PASSWORD }).expect(401);
  });

  it('when the password change answers, then it carries no password or hash', async () => {
    const a = await createAccount(t);
    const res = await changePassword(a.accessToken, { current_password: a.password, new_password: NEW_PASSWORD }).expect(204);
    expect(res.text).toBe('');
  });
});

describe('guessing the current password (LOGIN_LOCKOUT_THRESHOLD=3)', () => {
  const locked = useTestApp({ LOGIN_LOCKOUT_THRESHOLD: '3', LOGIN_LOCKOUT_MAX_SECONDS: '60' });

  it('when a token holder guesses the current password too often, then 429 with Retry-After, and login is locked too', async () => {
    const a = await createAccount(locked);
    const change = (current: string) =>
      request(locked.app).put(`${PREFIX}/users/me/password`).set(bearer(a.accessToken)).send({ current_password: current, new_password: NEW_PASSWORD });
    for (let i = 0; i < 3; i++) await change(`guess-number-${i}`).expect(400);
    const res = await change(a.password).expect(429);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body.code).toBe('auth.too_many_attempts');
    await login(locked, a.email, a.password).expect(429);
  });
});

describe('POST /auth/login with a hash made with older Argon2 parameters', () => {
  it('when the password is right, then the stored hash is upgraded to the current parameters, and still logs in', async () => {
    const email = uniqueEmail('legacy');
    const legacy = await new Argon2PasswordHasher({ memoryCost: 4096, timeCost: 3, parallelism: 1 }).hash(PASSWORD);
    const { rows } = await t.pool.query<{ id: number; updated_at: Date }>(
      `INSERT INTO users (email, password_hash, is_active, is_admin, created_at, updated_at)
       VALUES ($1, $2, true, false, now(), now()) RETURNING id, updated_at`,
      [email, legacy],
    );
    const stored = async () =>
      (await t.pool.query<{ password_hash: string; updated_at: Date }>('SELECT password_hash, updated_at FROM users WHERE email = $1', [email]))
        .rows[0];
    await login(t, email, 'wrong-password').expect(401);
    expect((await stored())?.password_hash).toBe(legacy);
    await login(t, email, PASSWORD).expect(200);
    const upgraded = await stored();
    expect(upgraded?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(upgraded?.updated_at).toEqual(rows[0]?.updated_at);
    await login(t, email, PASSWORD).expect(200);
    expect((await stored())?.password_hash).toBe(upgraded?.password_hash);
  });
});

describe('POST /auth/register with a common password', () => {
  it.each(['password', 'baseball', 'Sunshine'])('when the password is %j, then 422 user.common_password and nobody is created', async (password) => {
    const email = uniqueEmail();
    const res = await request(t.app).post(`${PREFIX}/auth/register`).send({ email, password }).expect(422);
    expect(res.body).toMatchObject({ code: 'user.common_password', errors: [{ field: 'password' }] });
    await login(t, email, password).expect(401);
  });
});

describe('admin changes that end sessions', () => {
  let admin: Account;
  beforeAll(async () => {
    admin = await createAccount(t, { admin: true });
  });

  const update = (id: number, body: object) => request(t.app).put(`${PREFIX}/users/${id}`).set(admin.auth).send(body);

  it.each([
    ['password', { password: NEW_PASSWORD }],
    ['is_active', { is_active: false }],
    ['is_admin', { is_admin: true }],
  ])("when an admin changes a user's %s, then every outstanding access token of that user is refused at once", async (_f, body) => {
    const u = await createAccount(t);
    const other = await loginOk(t, u.email, u.password);
    await update(u.id, body).expect(200);
    expect(await meStatus(t, u.accessToken)).toBe(401);
    expect(await meStatus(t, other.access_token)).toBe(401);
    await refresh(t, u.refreshToken).expect(401);
    expect(await meStatus(t, admin.accessToken)).toBe(200);
  });

  it('when an admin changes only the full name, or restates the current flags, then the sessions live on', async () => {
    const u = await createAccount(t);
    await update(u.id, { full_name: 'Renamed' }).expect(200);
    await update(u.id, { full_name: 'Renamed Again', is_active: true, is_admin: false }).expect(200);
    expect(await meStatus(t, u.accessToken)).toBe(200);
  });

  it('when a user is deactivated, then his token is 401 and his login 403; reactivated, he must log in again', async () => {
    const u = await createAccount(t);
    await update(u.id, { is_active: false }).expect(200);
    expect(await meStatus(t, u.accessToken)).toBe(401);
    await login(t, u.email, u.password).expect(403);
    await update(u.id, { is_active: true }).expect(200);
    expect(await meStatus(t, u.accessToken)).toBe(401);
    const fresh = await loginOk(t, u.email, u.password);
    expect(await meStatus(t, fresh.access_token)).toBe(200);
  });

  it('when a user is deleted, then his token is 401 and his sessions are gone from the database', async () => {
    const u = await createAccount(t);
    await request(t.app).delete(`${PREFIX}/users/${u.id}`).set(admin.auth).expect(204);
    expect(await meStatus(t, u.accessToken)).toBe(401);
    await refresh(t, u.refreshToken).expect(401);
    const { rows } = await t.pool.query('SELECT 1 FROM sessions WHERE user_id = $1', [u.id]);
    expect(rows).toEqual([]);
  });

  it("when an admin changes a user's password, then the old password fails and the new one logs in", async () => {
    const u = await createAccount(t);
    await update(u.id, { password: NEW_PASSWORD }).expect(200);
    await login(t, u.email, u.password).expect(401);
    await login(t, u.email, NEW_PASSWORD).expect(200);
  });

  it('when an admin sets a common password, then 422 and nothing changes', async () => {
    const u = await createAccount(t);
    await update(u.id, { password: 'baseball' }).expect(422);
    expect(await meStatus(t, u.accessToken)).toBe(200);
  });

  it('when the user responses are read, then no hash or password is in them', async () => {
    const u = await createAccount(t);
    const res = await update(u.id, { password: NEW_PASSWORD, full_name: 'X' }).expect(200);
    expect(Object.keys(res.body).sort()).toEqual(['created_at', 'email', 'full_name', 'id', 'is_active', 'is_admin', 'is_verified', 'updated_at']);
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|password/i);
  });
});
