import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Argon2PasswordHasher } from '../../src/infrastructure/security/argon2-password-hasher.js';
import { PASSWORD, PREFIX, type TestApp, startTestApp } from '../support/app.js';
import { uniqueEmail } from '../support/database.js';
import {
  ARGON2ID_HASH,
  expectInvalid,
  expectNoSecrets,
  expectProblem,
  expectUserResponse,
  rowsByEmail,
  userRow,
} from './http-helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());
afterEach(() => {
  vi.restoreAllMocks();
});

const register = (body: object) => request(t.app).post(`${PREFIX}/auth/register`).send(body);

describe('POST /auth/register', () => {
  it('when a visitor registers, then he gets 201 with exactly the UserResponse keys and the stored row', async () => {
    const email = uniqueEmail();
    const res = await register({ email, password: PASSWORD, full_name: 'Ada Lovelace' });

    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const row = await userRow(t.pool, res.body.id);
    expect(row).toBeDefined();
    expectUserResponse(res.body, row!);
    expect(res.body).toMatchObject({ email, full_name: 'Ada Lovelace', is_active: true, is_admin: false });
    expect(Number.isInteger(res.body.id)).toBe(true);
    expect(res.body.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(res.body.updated_at).toBe(res.body.created_at);
    expect(res.headers.location).toBe(`${PREFIX}/users/${res.body.id}`);
  });

  it('when a user registers, then the password is stored as an argon2id hash (m=19456, t=2, p=1) that never appears in the response', async () => {
    const res = await register({ email: uniqueEmail(), password: PASSWORD }).expect(201);

    const row = await userRow(t.pool, res.body.id);
    expect(row!.password_hash).toMatch(ARGON2ID_HASH);
    expect(row!.password_hash).not.toContain(PASSWORD);
    expectNoSecrets(res, row!.password_hash);
    expect(res.text).not.toContain(PASSWORD);
  });

  it('when the email has spaces and capitals, then it is trimmed and stored lower-case', async () => {
    const local = uniqueEmail('Mixed.Case').split('@')[0]!;
    const res = await register({ email: `  ${local.toUpperCase()}@Example.COM \t`, password: PASSWORD }).expect(201);

    const expected = `${local.toLowerCase()}@example.com`;
    expect(res.body.email).toBe(expected);
    expect((await userRow(t.pool, res.body.id))!.email).toBe(expected);
  });

  it('when full_name is omitted, blank or padded, then it is stored as null, null, or trimmed', async () => {
    const omitted = await register({ email: uniqueEmail(), password: PASSWORD }).expect(201);
    const blank = await register({ email: uniqueEmail(), password: PASSWORD, full_name: '   ' }).expect(201);
    const nulled = await register({ email: uniqueEmail(), password: PASSWORD, full_name: null }).expect(201);
    const padded = await register({ email: uniqueEmail(), password: PASSWORD, full_name: '  Grace Hopper  ' }).expect(201);

    expect([omitted.body.full_name, blank.body.full_name, nulled.body.full_name, padded.body.full_name]).toEqual([null, null, null, 'Grace Hopper']);
    expect((await userRow(t.pool, blank.body.id))!.full_name).toBeNull();
    expect((await userRow(t.pool, padded.body.id))!.full_name).toBe('Grace Hopper');
  });

  it('when the email is already registered in another case, then 409 and still one row', async () => {
    const email = uniqueEmail();
    const first = await register({ email, password: PASSWORD }).expect(201);

    const res = await register({ email: `  ${email.toUpperCase()} `, password: 'another-password' });

    const body = expectProblem(res, 409);
    expect(body.code).toBe('user.email_taken');
    expect(body.type).toBe('urn:seed-api:problem:user.email_taken');
    const rows = await rowsByEmail(t.pool, email);
    expect(rows.map((r) => r.id)).toEqual([first.body.id]);
  });

  it('when twenty registrations of one email race, then exactly one 201, nineteen 409 and one row', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => register({ email: i % 2 ? email.toUpperCase() : email, password: PASSWORD })),
    );

    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array.from({ length: 19 }, () => 409)]);
    for (const r of results.filter((x) => x.status === 409)) expect(expectProblem(r, 409).code).toBe('user.email_taken');
    const rows = await rowsByEmail(t.pool, email);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(results.find((r) => r.status === 201)!.body.id);
  });

  it('when the password has 7 characters, then 422 naming password and no row', async () => {
    const email = uniqueEmail();
    expectInvalid(await register({ email, password: 'a'.repeat(7) }), 'body', 'password');
    expect(await rowsByEmail(t.pool, email)).toHaveLength(0);
  });

  it('when the password has 129 characters, then 422 naming password and no row', async () => {
    const email = uniqueEmail();
    expectInvalid(await register({ email, password: 'a'.repeat(129) }), 'body', 'password');
    expect(await rowsByEmail(t.pool, email)).toHaveLength(0);
  });

  it('when the password has 8 or 128 characters, then 201 and the user can log in with it', async () => {
    for (const password of ['b'.repeat(8), 'c'.repeat(128)]) {
      const email = uniqueEmail();
      await register({ email, password }).expect(201);
      await request(t.app).post(`${PREFIX}/auth/login`).send({ email, password }).expect(200);
    }
  });

  it('when the password is too long, then it never reaches the hasher', async () => {
    const spy = vi.spyOn(Argon2PasswordHasher.prototype, 'hash');
    const email = uniqueEmail();

    expectInvalid(await register({ email, password: 'x'.repeat(129) }), 'body', 'password');
    expectInvalid(await register({ email, password: 'x'.repeat(200_000) }), 'body', 'password');

    expect(spy).not.toHaveBeenCalled();
    expect(await rowsByEmail(t.pool, email)).toHaveLength(0);
  });

  it('when the password has 128 characters outside the BMP (emoji), then they count as 128 characters and 201', async () => {
    // 128 code points, 256 UTF-16 units: the domain counts code points, so must the whole stack.
    const email = uniqueEmail();
    const password = '\u{1F600}'.repeat(128);
    const res = await register({ email, password });
    expect(res.status).toBe(201);
    await request(t.app).post(`${PREFIX}/auth/login`).send({ email, password }).expect(200);
  });

  it('when the password has 7 emoji (7 characters, 14 UTF-16 units), then 422 naming password', async () => {
    const email = uniqueEmail();
    expectInvalid(await register({ email, password: '\u{1F600}'.repeat(7) }), 'body', 'password');
    expect(await rowsByEmail(t.pool, email)).toHaveLength(0);
  });

  it('when email or password is empty, then 422 naming each empty field and no row', async () => {
    const email = uniqueEmail();
    expectInvalid(await register({ email: '', password: PASSWORD }), 'body', 'email');
    expectInvalid(await register({ email, password: '' }), 'body', 'password');
    expectInvalid(await register({ email: '', password: '' }), 'body', 'email', 'password');
    expectInvalid(await register({}), 'body', 'email', 'password');
    expect(await rowsByEmail(t.pool, email)).toHaveLength(0);
  });

  it.each([
    ['no at sign', 'not-an-email'],
    ['no dotted domain', 'ada@localhost'],
    ['a space inside', 'ada lovelace@example.com'],
    ['two at signs', 'ada@@example.com'],
    ['only spaces', '   '],
    ['too long', `${'a'.repeat(64)}@${'b'.repeat(200)}.com`],
  ])('when the email has %s, then 422 with errors naming email and no row', async (_case, email) => {
    const before = await t.pool.query('SELECT count(*) FROM users WHERE email = lower(trim($1))', [email]);
    expectInvalid(await register({ email, password: PASSWORD }), 'body', 'email');
    const after = await t.pool.query('SELECT count(*) FROM users WHERE email = lower(trim($1))', [email]);
    expect(after.rows).toEqual(before.rows);
  });

  it('when the email is not a string, then 422 naming email', async () => {
    expectInvalid(await register({ email: 42, password: PASSWORD }), 'body', 'email');
  });

  it('when full_name is longer than 255 characters, then 422 naming full_name and no row', async () => {
    const email = uniqueEmail();
    expectInvalid(await register({ email, password: PASSWORD, full_name: 'n'.repeat(256) }), 'body', 'full_name');
    expect(await rowsByEmail(t.pool, email)).toHaveLength(0);
  });

  it('when the body asks for is_admin or is_active, then 422 naming the field and no row', async () => {
    for (const extra of [{ is_admin: true }, { is_active: false }, { id: 1 }]) {
      const email = uniqueEmail();
      const field = Object.keys(extra)[0]!;
      const res = await register({ email, password: PASSWORD, ...extra });
      expectInvalid(res, 'body', field);
      expect(res.text).toContain(field);
      expect(await rowsByEmail(t.pool, email)).toHaveLength(0);
    }
  });

  it('when the body is not JSON (text/plain), then 422 naming the missing fields and no row', async () => {
    const res = await request(t.app)
      .post(`${PREFIX}/auth/register`)
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ email: uniqueEmail(), password: PASSWORD }));
    expectInvalid(res, 'body', 'email', 'password');
  });
});
