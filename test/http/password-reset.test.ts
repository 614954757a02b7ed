import pg from 'pg';
import request from 'supertest';
import { describe, expect, inject, it } from 'vitest';
import { uniqueEmail, waitForLockWaiters } from '../support/database.js';
import { PASSWORD, PREFIX, createAccount } from '../support/app.js';
import { mailSettled, sha256, tokenIn, useMailTestBed } from '../support/smtp.js';

const FRONTEND = 'https://app.example.test';
const NEW_PASSWORD = 'a-brand-new-passphrase';

const bed = useMailTestBed({ FRONTEND_URL: FRONTEND });

async function requestReset(email: string) {
  const res = await request(bed.t.app).post(`${PREFIX}/auth/password-reset/request`).send({ email });
  await mailSettled(bed.t);
  return res;
}

/** The token of the newest reset mail to the address. */
function lastResetToken(email: string): string {
  const mails = bed.smtp.mailsTo(email).filter((m) => m.subject === 'Reset your password');
  return tokenIn(mails.at(-1), FRONTEND, '/reset-password');
}

function confirm(token: string, newPassword = NEW_PASSWORD) {
  return request(bed.t.app).post(`${PREFIX}/auth/password-reset/confirm`).send({ token, new_password: newPassword });
}

function login(email: string, password: string) {
  return request(bed.t.app).post(`${PREFIX}/auth/login`).send({ email, password });
}

describe('requesting a reset', () => {
  it('when an active user asks, then 202 with no body and one mail whose text and HTML link to the frontend', async () => {
    const { email } = await createAccount(bed.t);
    const res = await requestReset(email);
    expect(res.status).toBe(202);
    expect(res.text).toBe('');
    const mails = bed.smtp.mailsTo(email).filter((m) => m.subject === 'Reset your password');
    expect(mails).toHaveLength(1);
    const token = lastResetToken(email);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(mails[0]!.html).toContain(`href="${FRONTEND}/reset-password?token=${token}"`);
    expect(mails[0]!.from).toBe('no-reply@example.com');
  });

  it('when the address has no account, then the very same 202 and no mail', async () => {
    const { email } = await createAccount(bed.t);
    const known = await requestReset(email);
    const nobody = uniqueEmail('nobody');
    const unknown = await requestReset(nobody);
    expect(unknown.status).toBe(known.status);
    expect(unknown.text).toBe(known.text);
    expect(Object.keys(unknown.headers).sort()).toEqual(Object.keys(known.headers).sort());
    expect(bed.smtp.mailsTo(nobody)).toEqual([]);
  });

  it('when the account is inactive, then 202 and no mail', async () => {
    const admin = await createAccount(bed.t, { admin: true });
    const user = await createAccount(bed.t);
    await request(bed.t.app).put(`${PREFIX}/users/${user.id}`).set(admin.auth).send({ is_active: false }).expect(200);
    expect((await requestReset(user.email)).status).toBe(202);
    expect(bed.smtp.mailsTo(user.email).filter((m) => m.subject === 'Reset your password')).toEqual([]);
  });

  it('when the email is malformed, then 422 naming the field', async () => {
    const res = await request(bed.t.app).post(`${PREFIX}/auth/password-reset/request`).send({ email: 'not-an-email' }).expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'email' })]);
  });

  it('when the body has an unknown field, then 422', async () => {
    await request(bed.t.app).post(`${PREFIX}/auth/password-reset/request`).send({ email: uniqueEmail(), is_admin: true }).expect(422);
  });

  it('when a token is stored, then only its SHA-256 hash is, with the address and an expiry 30 minutes on', async () => {
    const { id, email } = await createAccount(bed.t);
    const before = Date.now();
    await requestReset(email);
    const token = lastResetToken(email);
    const { rows } = await bed.t.pool.query<{ token_hash: string; email: string; expires_at: Date; created_at: Date }>(
      `SELECT token_hash, email, expires_at, created_at FROM user_tokens WHERE user_id = $1 AND purpose = 'password_reset'`,
      [id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(sha256(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]!.email).toBe(email);
    expect(rows[0]!.created_at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(rows[0]!.expires_at.getTime() - rows[0]!.created_at.getTime()).toBe(30 * 60_000);
  });
});

describe('confirming a reset', () => {
  it('when the token is confirmed, then 204, the new password logs in and the old one does not', async () => {
    const { email } = await createAccount(bed.t);
    await requestReset(email);
    await confirm(lastResetToken(email)).expect(204);
    await login(email, NEW_PASSWORD).expect(200);
    await login(email, PASSWORD).expect(401);
  });

  it('when the same token is used again, then 400 auth.invalid_reset_token and the password stays', async () => {
    const { email } = await createAccount(bed.t);
    await requestReset(email);
    const token = lastResetToken(email);
    await confirm(token).expect(204);
    const again = await confirm(token, 'yet-another-passphrase').expect(400);
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(again.body).toMatchObject({ status: 400, code: 'auth.invalid_reset_token' });
    expect(again.body.errors).toEqual([expect.objectContaining({ field: 'token' })]);
    await login(email, NEW_PASSWORD).expect(200);
  });

  it('when the token has expired (its expires_at moved into the past in the database), then 400 and the password stays', async () => {
    const { email } = await createAccount(bed.t);
    await requestReset(email);
    const token = lastResetToken(email);
    await bed.t.pool.query(`UPDATE user_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [sha256(token)]);
    const res = await confirm(token).expect(400);
    expect(res.body.code).toBe('auth.invalid_reset_token');
    await login(email, PASSWORD).expect(200);
  });

  it('when the token is made up, then 400', async () => {
    const res = await confirm('A'.repeat(43)).expect(400);
    expect(res.body.code).toBe('auth.invalid_reset_token');
  });

  it('when the new password is too short or too common, then 422 and the link still works', async () => {
    const { email } = await createAccount(bed.t);
    await requestReset(email);
    const token = lastResetToken(email);
    const short = await confirm(token, 'short').expect(422);
    expect(short.body.errors).toEqual([expect.objectContaining({ field: 'new_password' })]);
    const common = await confirm(token, 'password123').expect(422);
    expect(common.body.code).toBe('user.common_password');
    expect(common.body.errors).toEqual([expect.objectContaining({ field: 'new_password' })]);
    await confirm(token).expect(204);
  });

  it('when a reset succeeds, then every session ends: old access tokens get 401 and old refresh tokens are refused', async () => {
    const first = await createAccount(bed.t);
    const second = await login(first.email, PASSWORD).expect(200);
    await request(bed.t.app).get(`${PREFIX}/users/me`).set(first.auth).expect(200);
    await requestReset(first.email);
    await confirm(lastResetToken(first.email)).expect(204);
    await request(bed.t.app).get(`${PREFIX}/users/me`).set(first.auth).expect(401);
    await request(bed.t.app).get(`${PREFIX}/users/me`).set('Authorization', `Bearer ${second.body.access_token}`).expect(401);
    await request(bed.t.app).post(`${PREFIX}/auth/refresh`).send({ refresh_token: first.refreshToken }).expect(401);
  });

  it('when one of two mailed links is used, then the other is dead too', async () => {
    const { email } = await createAccount(bed.t);
    await requestReset(email);
    const older = lastResetToken(email);
    await requestReset(email);
    const newer = lastResetToken(email);
    expect(newer).not.toBe(older);
    await confirm(newer).expect(204);
    await confirm(older, 'yet-another-passphrase').expect(400);
  });

  // Row locks need a PostgreSQL server: the embedded database runs every connection in one session.
  it.skipIf(inject('testDb').mode === 'shared')('when several confirms race with one token, then exactly one succeeds and the rest are 400', async () => {
    const { email } = await createAccount(bed.t);
    await requestReset(email);
    const token = lastResetToken(email);
    // Argon2 hashing would otherwise space the requests out. Holding the token's row makes every
    // confirm reach the database and wait there; releasing it lets them all go at once.
    const blocker = new pg.Client({ connectionString: bed.t.config.DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM user_tokens WHERE token_hash = $1 FOR UPDATE', [sha256(token)]);
      const racing = Promise.all(Array.from({ length: 5 }, (_, i) => confirm(token, `racing-passphrase-${i}`)));
      await waitForLockWaiters(blocker, 5);
      await blocker.query('COMMIT');
      const results = await racing;
      expect(results.map((r) => r.status).sort()).toEqual([204, 400, 400, 400, 400]);
      const winner = results.findIndex((r) => r.status === 204);
      await login(email, `racing-passphrase-${winner}`).expect(200);
    } finally {
      await blocker.end();
    }
  });

  it('when the address changed after the link was mailed, then the link no longer works', async () => {
    const user = await createAccount(bed.t);
    await requestReset(user.email);
    const token = lastResetToken(user.email);
    await request(bed.t.app).put(`${PREFIX}/users/me`).set(user.auth).send({ email: uniqueEmail('moved') }).expect(200);
    await confirm(token).expect(400);
  });

  it('when a reset succeeds, then the address counts as verified: the link reached its inbox', async () => {
    const { email } = await createAccount(bed.t);
    await requestReset(email);
    await confirm(lastResetToken(email)).expect(204);
    const relogin = await login(email, NEW_PASSWORD).expect(200);
    const me = await request(bed.t.app).get(`${PREFIX}/users/me`).set('Authorization', `Bearer ${relogin.body.access_token}`).expect(200);
    expect(me.body.is_verified).toBe(true);
  });
});
