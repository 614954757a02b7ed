import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/net.js';
import { PREFIX, type TestApp, createAccount, startTestApp } from '../support/app.js';
import { TestSmtpServer, mailSettled, useMailTestBed } from '../support/smtp.js';

const RETRIES = { MAIL_SEND_ATTEMPTS: '3', MAIL_RETRY_DELAY_MS: '20' };

async function requestReset(t: TestApp, email: string): Promise<number> {
  const started = performance.now();
  await request(t.app).post(`${PREFIX}/auth/password-reset/request`).send({ email }).expect(202);
  return performance.now() - started;
}

/** An account whose registration mail is already out, so that counts start from zero. */
async function quietAccount(t: TestApp) {
  const account = await createAccount(t);
  await mailSettled(t);
  return account;
}

describe('a misbehaving SMTP server', () => {
  const bed = useMailTestBed(RETRIES);

  it('when the server takes 1.5 s to accept, then the answer does not wait for it and the mail arrives later', async () => {
    const { email } = await quietAccount(bed.t);
    bed.smtp.delayMs = 1_500;
    try {
      const elapsed = await requestReset(bed.t, email);
      expect(elapsed).toBeLessThan(750);
      expect(bed.smtp.mailsTo(email)).toHaveLength(1); // the registration mail only, so far
      await mailSettled(bed.t);
      expect(bed.smtp.mailsTo(email)).toHaveLength(2);
    } finally {
      bed.smtp.delayMs = 0;
    }
  });

  it('when the server refuses every delivery (451), then the answer is 202 and the mail is tried exactly MAIL_SEND_ATTEMPTS times', async () => {
    const { email } = await quietAccount(bed.t);
    const before = bed.smtp.attempts;
    bed.smtp.refuseNext(100);
    try {
      await requestReset(bed.t, email);
      await mailSettled(bed.t);
      expect(bed.smtp.attempts - before).toBe(3);
      expect(bed.smtp.mailsTo(email)).toHaveLength(1);
    } finally {
      bed.smtp.refuseNext(0);
    }
    await request(bed.t.app).get(`${PREFIX}/health`).expect(200);
  });

  it('when the server refuses twice and then accepts, then the third attempt delivers the mail', async () => {
    const { email } = await quietAccount(bed.t);
    const before = bed.smtp.attempts;
    bed.smtp.refuseNext(2);
    await requestReset(bed.t, email);
    await mailSettled(bed.t);
    expect(bed.smtp.attempts - before).toBe(3);
    expect(bed.smtp.mailsTo(email)).toHaveLength(2);
  });

  it('when the server refuses for good (550), then the mail is not retried', async () => {
    const { email } = await quietAccount(bed.t);
    const before = bed.smtp.attempts;
    bed.smtp.refuseNext(1, 550);
    await requestReset(bed.t, email);
    await mailSettled(bed.t);
    expect(bed.smtp.attempts - before).toBe(1);
    expect(bed.smtp.mailsTo(email)).toHaveLength(1);
  });
});

describe('an SMTP server that is not there', () => {
  it('when nothing listens on SMTP_PORT, then the answer is still 202 and the queue gives up after its attempts', async () => {
    const port = await freePort();
    const t = await startTestApp({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_TLS: 'none', ...RETRIES });
    try {
      const { email } = await createAccount(t);
      const elapsed = await requestReset(t, email);
      expect(elapsed).toBeLessThan(750);
      await mailSettled(t); // resolves only because the retries are bounded
      await request(t.app).get(`${PREFIX}/health`).expect(200);
    } finally {
      await t.close();
    }
  });
});

describe('SMTP authentication', () => {
  const credentials = { user: 'mailer', pass: 'mail-secret' };
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await TestSmtpServer.start({ auth: credentials });
  });
  afterAll(() => smtp.close());

  it('when SMTP_USER and SMTP_PASSWORD are right, then the mail is delivered', async () => {
    const t = await startTestApp({ ...smtp.env(), ...RETRIES, SMTP_USER: credentials.user, SMTP_PASSWORD: credentials.pass });
    try {
      const { email } = await createAccount(t);
      await mailSettled(t);
      expect(smtp.mailsTo(email)).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  it('when the password is wrong, then nothing is delivered and the refusal (535) is not retried', async () => {
    const t = await startTestApp({ ...smtp.env(), ...RETRIES, SMTP_USER: credentials.user, SMTP_PASSWORD: 'wrong' });
    try {
      const before = smtp.logins;
      const { email } = await createAccount(t);
      await mailSettled(t);
      expect(smtp.mailsTo(email)).toEqual([]);
      expect(smtp.logins - before).toBe(1);
    } finally {
      await t.close();
    }
  });
});

describe('shutdown', () => {
  it('when the app closes with a mail still in delivery, then closing waits for it to go out', async () => {
    const smtp = await TestSmtpServer.start();
    const t = await startTestApp(smtp.env());
    try {
      const { email } = await createAccount(t);
      await mailSettled(t);
      smtp.delayMs = 500;
      await requestReset(t, email);
      expect(smtp.mailsTo(email)).toHaveLength(1);
    } finally {
      await t.close(); // unbinds the container: the outbox's deactivation drains it
    }
    expect(smtp.received.filter((m) => m.subject === 'Reset your password')).toHaveLength(1);
    await smtp.close();
  });
});

