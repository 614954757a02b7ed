import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueEmail } from '../support/database.js';
import { PASSWORD, PREFIX, type TestApp, createAccount, startTestApp } from '../support/app.js';
import { mailSettled, sha256, tokenIn, useMailTestBed } from '../support/smtp.js';

const FRONTEND = 'https://app.example.test';
const SUBJECT = 'Verify your email address';

const bed = useMailTestBed({ FRONTEND_URL: FRONTEND });

async function register(app: TestApp, email = uniqueEmail()) {
  const res = await request(app.app).post(`${PREFIX}/auth/register`).send({ email, password: PASSWORD }).expect(201);
  await mailSettled(app);
  return { id: res.body.id as number, email, body: res.body };
}

function verificationMails(email: string) {
  return bed.smtp.mailsTo(email).filter((m) => m.subject === SUBJECT);
}

function lastVerifyToken(email: string): string {
  return tokenIn(verificationMails(email).at(-1), FRONTEND, '/verify-email');
}

function verify(app: TestApp, token: string) {
  return request(app.app).post(`${PREFIX}/auth/verify-email`).send({ token });
}

/** An account made by the test helper, once its verification mail is out. */
async function account(opts: { admin?: boolean } = {}) {
  const created = await createAccount(bed.t, opts);
  await mailSettled(bed.t);
  return created;
}

async function me(auth: { Authorization: string }): Promise<{ is_verified: boolean }> {
  const res = await request(bed.t.app).get(`${PREFIX}/users/me`).set(auth).expect(200);
  return res.body as { is_verified: boolean };
}

describe('verification on registration', () => {
  it('when a user registers, then he is unverified and gets one mail with a link to the frontend', async () => {
    const { email, body } = await register(bed.t);
    expect(body.is_verified).toBe(false);
    expect(verificationMails(email)).toHaveLength(1);
    const token = lastVerifyToken(email);
    expect(verificationMails(email)[0]!.html).toContain(`href="${FRONTEND}/verify-email?token=${token}"`);
  });

  it('when the link is followed, then 204 and the user is verified; the same link again is 400', async () => {
    const { email } = await register(bed.t);
    const token = lastVerifyToken(email);
    const res = await verify(bed.t, token).expect(204);
    expect(res.text).toBe('');
    const login = await request(bed.t.app).post(`${PREFIX}/auth/login`).send({ email, password: PASSWORD }).expect(200);
    expect((await me({ Authorization: `Bearer ${login.body.access_token}` })).is_verified).toBe(true);
    const again = await verify(bed.t, token).expect(400);
    expect(again.body).toMatchObject({ code: 'auth.invalid_verification_token', status: 400 });
  });

  it('when the link has expired (expires_at moved into the past in the database), then 400 and the user stays unverified', async () => {
    const { id, email } = await register(bed.t);
    const token = lastVerifyToken(email);
    await bed.t.pool.query(`UPDATE user_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [sha256(token)]);
    await verify(bed.t, token).expect(400);
    const { rows } = await bed.t.pool.query<{ is_verified: boolean }>('SELECT is_verified FROM users WHERE id = $1', [id]);
    expect(rows[0]!.is_verified).toBe(false);
  });

  it('when a verification token is stored, then it expires 48 hours after it was issued', async () => {
    const { id } = await register(bed.t);
    const { rows } = await bed.t.pool.query<{ created_at: Date; expires_at: Date }>(
      `SELECT created_at, expires_at FROM user_tokens WHERE user_id = $1 AND purpose = 'email_verification'`,
      [id],
    );
    expect(rows[0]!.expires_at.getTime() - rows[0]!.created_at.getTime()).toBe(48 * 3_600_000);
  });

  it('when a reset token is posted to verify-email, then 400: purposes do not mix', async () => {
    const { email } = await register(bed.t);
    await request(bed.t.app).post(`${PREFIX}/auth/password-reset/request`).send({ email }).expect(202);
    await mailSettled(bed.t);
    const resetToken = tokenIn(bed.smtp.mailsTo(email).find((m) => m.subject === 'Reset your password'), FRONTEND, '/reset-password');
    await verify(bed.t, resetToken).expect(400);
  });
});

describe('changing the email', () => {
  it('when a user changes his email, then he is unverified, the new address gets a link, and the old link verifies nothing', async () => {
    const user = await account();
    const oldToken = lastVerifyToken(user.email);
    const newEmail = uniqueEmail('moved');
    const res = await request(bed.t.app).put(`${PREFIX}/users/me`).set(user.auth).send({ email: newEmail }).expect(200);
    expect(res.body.is_verified).toBe(false);
    await mailSettled(bed.t);
    await verify(bed.t, oldToken).expect(400);
    expect((await me(user.auth)).is_verified).toBe(false);
    await verify(bed.t, lastVerifyToken(newEmail)).expect(204);
    expect((await me(user.auth)).is_verified).toBe(true);
  });

  it('when a verified user changes his email, then verification is reset', async () => {
    const user = await account();
    await verify(bed.t, lastVerifyToken(user.email)).expect(204);
    const res = await request(bed.t.app).put(`${PREFIX}/users/me`).set(user.auth).send({ email: uniqueEmail('moved') }).expect(200);
    expect(res.body.is_verified).toBe(false);
  });

  it('when the "new" email is the same address in other case, then nothing is reset and no mail is sent', async () => {
    const user = await account();
    await verify(bed.t, lastVerifyToken(user.email)).expect(204);
    const before = bed.smtp.received.length;
    const res = await request(bed.t.app).put(`${PREFIX}/users/me`).set(user.auth).send({ email: user.email.toUpperCase() }).expect(200);
    await mailSettled(bed.t);
    expect(res.body.is_verified).toBe(true);
    expect(bed.smtp.received.length).toBe(before);
  });

  it('when an admin changes a user\'s email, then that user is unverified and the new address gets a link', async () => {
    const admin = await account({ admin: true });
    const user = await account();
    await verify(bed.t, lastVerifyToken(user.email)).expect(204);
    const newEmail = uniqueEmail('by-admin');
    const res = await request(bed.t.app).put(`${PREFIX}/users/${user.id}`).set(admin.auth).send({ email: newEmail }).expect(200);
    expect(res.body.is_verified).toBe(false);
    await mailSettled(bed.t);
    await verify(bed.t, lastVerifyToken(newEmail)).expect(204);
  });
});

describe('resending the link', () => {
  it('when an unverified user asks, then 202 and a second, different link; both work until one is used', async () => {
    const user = await account();
    const first = lastVerifyToken(user.email);
    await request(bed.t.app).post(`${PREFIX}/auth/verify-email/resend`).set(user.auth).expect(202);
    await mailSettled(bed.t);
    expect(verificationMails(user.email)).toHaveLength(2);
    const second = lastVerifyToken(user.email);
    expect(second).not.toBe(first);
    await verify(bed.t, second).expect(204);
  });

  it('when a verified user asks, then 202 and no mail', async () => {
    const user = await account();
    await verify(bed.t, lastVerifyToken(user.email)).expect(204);
    await request(bed.t.app).post(`${PREFIX}/auth/verify-email/resend`).set(user.auth).expect(202);
    await mailSettled(bed.t);
    expect(verificationMails(user.email)).toHaveLength(1);
  });

  it('when nobody is signed in, then 401', async () => {
    await request(bed.t.app).post(`${PREFIX}/auth/verify-email/resend`).expect(401);
  });
});

describe('REQUIRE_EMAIL_VERIFICATION', () => {
  it('when it is off (the default), then an unverified user logs in', async () => {
    const { email } = await register(bed.t);
    await request(bed.t.app).post(`${PREFIX}/auth/login`).send({ email, password: PASSWORD }).expect(200);
  });

  describe('when it is on', () => {
    let strict: TestApp;
    beforeAll(async () => {
      strict = await startTestApp({ ...bed.smtp.env(), FRONTEND_URL: FRONTEND, REQUIRE_EMAIL_VERIFICATION: 'true' });
    });
    afterAll(() => strict.close());

    const login = (email: string, password: string) =>
      request(strict.app).post(`${PREFIX}/auth/login`).send({ email, password });

    it('then an unverified user with the right password gets 403 auth.email_not_verified, and logs in once verified', async () => {
      const { email } = await register(strict);
      const refused = await login(email, PASSWORD).expect(403);
      expect(refused.body).toMatchObject({ status: 403, code: 'auth.email_not_verified' });
      await verify(strict, lastVerifyToken(email)).expect(204);
      await login(email, PASSWORD).expect(200);
    });

    it('then a wrong password is still 401, so the 403 tells nothing to a guesser', async () => {
      const { email } = await register(strict);
      const res = await login(email, 'not-the-password').expect(401);
      expect(res.body.code).toBe('auth.invalid_credentials');
    });

    it('then an unverified user can still get in through a password reset, which proves the address', async () => {
      const { email } = await register(strict);
      await request(strict.app).post(`${PREFIX}/auth/password-reset/request`).send({ email }).expect(202);
      await mailSettled(strict);
      const token = tokenIn(bed.smtp.mailsTo(email).find((m) => m.subject === 'Reset your password'), FRONTEND, '/reset-password');
      await request(strict.app).post(`${PREFIX}/auth/password-reset/confirm`).send({ token, new_password: 'a-brand-new-passphrase' }).expect(204);
      await login(email, 'a-brand-new-passphrase').expect(200);
    });
  });
});
