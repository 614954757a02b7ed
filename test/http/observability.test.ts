import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, PREFIX, type TestApp, createAccount, startTestApp } from '../support/app.js';
import { uniqueEmail } from '../support/database.js';
import { type CapturedLogs, captureLogs } from '../support/logs.js';
import { type Tokens, bearer } from '../support/sessions.js';
import { mailSettled, sha256, tokenIn, useMailTestBed } from '../support/smtp.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let t: TestApp;
let logs: CapturedLogs;
beforeAll(async () => {
  logs = captureLogs('trace');
  t = await startTestApp({ LOG_LEVEL: 'trace' }, { logger: logs.logger });
});
afterAll(() => t.close());

describe('request logs during an auth flow', () => {
  const secrets: string[] = [];
  const ids: string[] = [];

  beforeAll(async () => {
    const email = uniqueEmail();
    const api = request(t.app);
    const reg = await api.post(`${PREFIX}/auth/register`).set('X-Request-ID', 'client-req.1_a').send({ email, password: PASSWORD }).expect(201);
    const login = await api.post(`${PREFIX}/auth/login`).type('form').send({ username: email, password: PASSWORD }).expect(200);
    await api.post(`${PREFIX}/auth/login`).send({ email, password: 'wrong-password-1' }).expect(401);
    const auth = `Bearer ${login.body.access_token}`;
    const me = await api.get(`${PREFIX}/users/me`).set('Authorization', auth).set('Cookie', 'session=cookie-secret-1').expect(200);
    const refreshed = await api.post(`${PREFIX}/auth/refresh`).send({ refresh_token: login.body.refresh_token }).expect(200);
    const { rows } = await t.pool.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE email = $1', [email]);
    secrets.push(PASSWORD, 'wrong-password-1', 'cookie-secret-1', rows[0]!.password_hash, login.body.access_token,
      login.body.refresh_token, refreshed.body.access_token, refreshed.body.refresh_token);
    ids.push(...[reg, login, me, refreshed].map((r) => r.headers['x-request-id'] as string));
  });

  it('when the flow has run, then no password, hash, token, cookie or Authorization value appears in the logs', () => {
    const text = logs.text();
    expect(text).toContain('/auth/refresh');
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/Bearer|eyJ|\$argon2/);
  });

  it('when a caller sends a sane X-Request-ID, then it is echoed and logged; otherwise a UUID is made', () => {
    expect(ids[0]).toBe('client-req.1_a');
    for (const id of ids.slice(1)) expect(id).toMatch(UUID);
    const logged = logs.records().map((r) => r.requestId);
    for (const id of ids) expect(logged).toContain(id);
  });

  it('when a request ends, then one line gives its method, path, route template, status and duration', () => {
    const line = logs.records().find((r) => r.requestId === ids[2]);
    expect(line).toMatchObject({ msg: 'request completed', method: 'GET', path: `${PREFIX}/users/me`, route: `${PREFIX}/users/me`, status: 200 });
    expect(line?.durationMs).toEqual(expect.any(Number));
  });
});

describe('request and mail logs during the account flows', () => {
  const FRONTEND = 'https://app.example.test';
  const PASSWORDS = {
    registered: 'observed-first-passphrase-31',
    reset: 'observed-reset-passphrase-52',
    changed: 'observed-changed-passphrase-73',
    wrongCurrent: 'not-the-current-passphrase-94',
    rejected: 'never-accepted-passphrase-15',
  };
  const mailLogs = captureLogs('trace');
  // Mail goes to a real SMTP server, whose first refusal below is retried after 20 ms: the delivery
  // lines (sent, will retry) are part of the flow, next to the request lines.
  const bed = useMailTestBed({ FRONTEND_URL: FRONTEND, LOG_LEVEL: 'trace', MAIL_RETRY_DELAY_MS: '20' }, { logger: mailLogs.logger });
  const secrets: string[] = [];

  beforeAll(async () => {
    const { t: app, smtp } = bed;
    const api = request(app.app);
    const email = uniqueEmail();
    const mailed = (subject: string) => smtp.mailsTo(email).filter((m) => m.subject === subject).at(-1);
    const login = async (password: string) =>
      (await api.post(`${PREFIX}/auth/login`).send({ email, password }).expect(200)).body as Tokens;
    const passwordHash = async () =>
      (await app.pool.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE email = $1', [email])).rows[0]!.password_hash;

    // Email verification, the token taken from the mailed link; a second use of it fails.
    await api.post(`${PREFIX}/auth/register`).send({ email, password: PASSWORDS.registered }).expect(201);
    await mailSettled(app);
    const verifyToken = tokenIn(mailed('Verify your email address'), FRONTEND, '/verify-email');
    await api.post(`${PREFIX}/auth/verify-email`).send({ token: verifyToken }).expect(204);
    await api.post(`${PREFIX}/auth/verify-email`).send({ token: verifyToken }).expect(400);
    const registeredHash = await passwordHash();
    const first = await login(PASSWORDS.registered);

    // Password reset, its first delivery refused; a made-up token and a reused one fail.
    smtp.refuseNext(1);
    await api.post(`${PREFIX}/auth/password-reset/request`).send({ email }).expect(202);
    await mailSettled(app);
    const resetToken = tokenIn(mailed('Reset your password'), FRONTEND, '/reset-password');
    const confirm = (token: string, newPassword: string) =>
      api.post(`${PREFIX}/auth/password-reset/confirm`).send({ token, new_password: newPassword });
    await confirm('A'.repeat(43), PASSWORDS.rejected).expect(400);
    await confirm(resetToken, PASSWORDS.reset).expect(204);
    await confirm(resetToken, PASSWORDS.rejected).expect(400);
    const resetHash = await passwordHash();

    // Password change, with a wrong current password first.
    const second = await login(PASSWORDS.reset);
    const change = (current: string, next: string) =>
      api.put(`${PREFIX}/users/me/password`).set(bearer(second.access_token)).send({ current_password: current, new_password: next });
    await change(PASSWORDS.wrongCurrent, PASSWORDS.rejected).expect(400);
    await change(PASSWORDS.reset, PASSWORDS.changed).expect(204);
    const changedHash = await passwordHash();

    // Logout of one session, naming its refresh token, then logout everywhere.
    const third = await login(PASSWORDS.changed);
    const fourth = await login(PASSWORDS.changed);
    await api.post(`${PREFIX}/auth/logout`).set(bearer(third.access_token)).send({ refresh_token: third.refresh_token }).expect(204);
    await api.post(`${PREFIX}/auth/logout-all`).set(bearer(fourth.access_token)).expect(204);
    await mailSettled(app);

    secrets.push(
      ...Object.values(PASSWORDS),
      verifyToken, resetToken, sha256(verifyToken), sha256(resetToken),
      `${FRONTEND}/verify-email?token=${verifyToken}`, `${FRONTEND}/reset-password?token=${resetToken}`,
      registeredHash, resetHash, changedHash,
      ...[first, second, third, fourth].flatMap((p) => [p.access_token, p.refresh_token]),
    );
  });

  it('when reset, verification, password change and logouts have run, then no password, token, link or hash appears in the logs', () => {
    const text = mailLogs.text();
    // The flow was logged at all: its requests and its mail deliveries, the refused one included.
    for (const seen of ['/auth/verify-email', '/auth/password-reset/confirm', '/users/me/password', '/auth/logout-all', 'mail sent', 'will retry']) {
      expect(text).toContain(seen);
    }
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/Bearer|eyJ|\$argon2|[?&]token=/);
  });
});

describe('X-Request-ID from the caller', () => {
  it.each([
    ['too long', 'a'.repeat(129)],
    ['with spaces', 'two words'],
    ['with a quote', 'id"injected'],
  ])('when it is %s, then a fresh UUID replaces it', async (_case, incoming) => {
    const res = await request(t.app).get(`${PREFIX}/health`).set('X-Request-ID', incoming).expect(200);
    expect(res.headers['x-request-id']).toMatch(UUID);
    expect(logs.text()).not.toContain(incoming);
  });

  it('when it is 128 characters of the allowed alphabet, then it is kept', async () => {
    const id = `${'A-z.9_'.repeat(21)}xy`;
    const res = await request(t.app).get(`${PREFIX}/health`).set('X-Request-ID', id).expect(200);
    expect(res.headers['x-request-id']).toBe(id);
  });
});

describe('an admin changing a password', () => {
  it('when the body carries a new password, then it is not logged', async () => {
    const admin = await createAccount(t, { admin: true });
    const user = await createAccount(t);
    await request(t.app).put(`${PREFIX}/users/${user.id}`).set(admin.auth).send({ password: 'brand-new-secret-9' }).expect(200);
    const line = logs.records().find((r) => r.method === 'PUT' && r.path === `${PREFIX}/users/${user.id}`);
    expect(line).toMatchObject({ route: `${PREFIX}/users/:id`, status: 200 });
    expect(logs.text()).not.toContain('brand-new-secret-9');
  });
});
