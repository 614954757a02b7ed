import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueEmail } from '../support/database.js';
import { PREFIX, type TestApp, createAccount, startTestApp } from '../support/app.js';
import { mailSettled, useMailTestBed } from '../support/smtp.js';

// Rate limits are off in the other files (every request there comes from one IP); here they are on,
// with small numbers so that the tests reach them.
const bed = useMailTestBed({
  RATE_LIMIT_ENABLED: 'true',
  RATE_LIMIT_LOGIN_IP: '1000/60',
  RATE_LIMIT_PASSWORD_RESET_IP: '1000/3600',
  RATE_LIMIT_PASSWORD_RESET_ADDRESS: '2/3600',
  RATE_LIMIT_VERIFY_RESEND_IP: '1000/3600',
  RATE_LIMIT_VERIFY_RESEND_ACCOUNT: '2/3600',
});

const resetMails = (email: string) => bed.smtp.mailsTo(email).filter((m) => m.subject === 'Reset your password');

describe('limits on the mail a client can cause', () => {
  it('when one address is asked for more resets than its limit, then every answer is still 202 but only the allowed mails go out', async () => {
    const { email } = await createAccount(bed.t);
    for (let i = 0; i < 3; i++) {
      await request(bed.t.app).post(`${PREFIX}/auth/password-reset/request`).send({ email }).expect(202);
    }
    await mailSettled(bed.t);
    expect(resetMails(email)).toHaveLength(2);
  });

  it('when one account asks for more verification links than its limit, then 429 with Retry-After and no further mail', async () => {
    const user = await createAccount(bed.t);
    await mailSettled(bed.t);
    const resend = () => request(bed.t.app).post(`${PREFIX}/auth/verify-email/resend`).set(user.auth);
    await resend().expect(202);
    await resend().expect(202);
    const limited = await resend().expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await mailSettled(bed.t);
    // The registration mail and the two allowed resends.
    expect(bed.smtp.mailsTo(user.email)).toHaveLength(3);
  });
});

describe('per-IP limits', () => {
  let strict: TestApp;
  beforeAll(async () => {
    strict = await startTestApp({
      ...bed.smtp.env(),
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_LOGIN_IP: '1000/60',
      RATE_LIMIT_PASSWORD_RESET_IP: '3/3600',
      RATE_LIMIT_VERIFY_RESEND_IP: '2/3600',
    });
  });
  afterAll(() => strict.close());

  it('when one IP passes its reset limit, then 429 with Retry-After, requests and confirms alike', async () => {
    for (let i = 0; i < 3; i++) {
      await request(strict.app).post(`${PREFIX}/auth/password-reset/request`).send({ email: uniqueEmail() }).expect(202);
    }
    const limited = await request(strict.app).post(`${PREFIX}/auth/password-reset/request`).send({ email: uniqueEmail() }).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ status: 429, code: 'auth.too_many_attempts' });
    await request(strict.app).post(`${PREFIX}/auth/password-reset/confirm`).send({ token: 'x', new_password: 'whatever-passphrase' }).expect(429);
  });

  it('when one IP passes its resend limit, then 429 whichever account asks', async () => {
    const a = await createAccount(strict);
    const b = await createAccount(strict);
    await request(strict.app).post(`${PREFIX}/auth/verify-email/resend`).set(a.auth).expect(202);
    await request(strict.app).post(`${PREFIX}/auth/verify-email/resend`).set(b.auth).expect(202);
    await request(strict.app).post(`${PREFIX}/auth/verify-email/resend`).set(b.auth).expect(429);
  });
});
