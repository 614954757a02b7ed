import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Email } from '../../../src/domain/users/email.js';
import { User } from '../../../src/domain/users/user.js';
import { wantsPrettyLogs } from '../../../src/infrastructure/logging/logger.js';
import { captureLogs } from '../../support/logs.js';

function fakeRequest(headers: Record<string, string>): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.method = 'POST';
  req.url = '/api/v1/auth/login';
  req.headers = headers;
  return req;
}

describe('the logger scrubs secrets wherever they are', () => {
  it('when a request body is logged, then its password and token fields are censored at any depth', () => {
    const { logger, records, text } = captureLogs();
    logger.info({ body: { email: 'a@example.com', password: 'pw-1', nested: { refresh_token: 'rt-1', list: [{ new_password: 'pw-2' }] } } }, 'body');
    expect(text()).not.toMatch(/pw-1|pw-2|rt-1/);
    expect(records()[0]).toMatchObject({ body: { email: 'a@example.com', password: '[redacted]', nested: { refresh_token: '[redacted]' } } });
  });

  it('when an error carries secrets in its properties or its cause, then they are censored and the rest kept', () => {
    const { logger, records, text } = captureLogs();
    const cause = Object.assign(new Error('inner'), { accessToken: 'at-1' });
    const err = Object.assign(new Error('outer', { cause }), { code: 'E_X', config: { headers: { Authorization: 'Bearer at-2' } }, passwordHash: '$argon2id$x' });
    logger.error({ err }, 'failed');
    expect(text()).not.toMatch(/at-1|at-2|argon2/);
    expect(records()[0]?.err).toMatchObject({ type: 'Error', message: expect.stringContaining('outer'), code: 'E_X', passwordHash: '[redacted]' });
  });

  it('when an error is the only argument, then it is serialized with its type and stack', () => {
    const { logger, records } = captureLogs();
    logger.error(new TypeError('boom'));
    expect(records()[0]).toMatchObject({ msg: 'boom', err: { type: 'TypeError', stack: expect.stringContaining('TypeError: boom') } });
  });

  it('when a raw request is logged, then its Authorization, Cookie and API key headers are censored', () => {
    const { logger, records, text } = captureLogs();
    logger.info({ req: fakeRequest({ authorization: 'Bearer tok-1', cookie: 'sid=c-1', 'x-api-key': 'k-1', accept: 'application/json' }) });
    expect(text()).not.toMatch(/tok-1|c-1|k-1/);
    expect(records()[0]).toMatchObject({ req: { method: 'POST', headers: { accept: 'application/json', authorization: '[redacted]' } } });
  });

  it('when a user entity is logged, then its password hash is censored', () => {
    const { logger, text } = captureLogs();
    const at = new Date();
    const user = User.restore({ id: 1, email: Email.parse('a@example.com'), fullName: null, passwordHash: '$argon2id$secret', isActive: true, isAdmin: false, isVerified: true, createdAt: at, updatedAt: at });
    logger.info({ user }, 'user');
    expect(text()).toContain('a@example.com');
    expect(text()).not.toContain('argon2');
  });

  it('when config is logged, then SECRET_KEY and the first admin password are censored', () => {
    const { logger, text } = captureLogs();
    logger.info({ config: { SECRET_KEY: 'sk-1', FIRST_ADMIN_PASSWORD: 'fap-1', METRICS_TOKEN: 'mt-1', PORT: 8000 } });
    expect(text()).not.toMatch(/sk-1|fap-1|mt-1/);
    expect(text()).toContain('8000');
  });

  it('when an object refers to itself, then logging it terminates', () => {
    const { logger, records } = captureLogs();
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    logger.info({ loop });
    expect(records()[0]).toMatchObject({ loop: { name: 'loop', self: '[circular]' } });
  });
});

describe('pretty logs', () => {
  it.each([
    [{ NODE_ENV: 'development', LOG_PRETTY: undefined }, true, true],
    [{ NODE_ENV: 'development', LOG_PRETTY: undefined }, false, false],
    [{ NODE_ENV: 'production', LOG_PRETTY: undefined }, true, false],
    [{ NODE_ENV: 'test', LOG_PRETTY: true }, false, true],
    [{ NODE_ENV: 'development', LOG_PRETTY: false }, true, false],
  ] as const)('when the config is %j and stdout is a TTY: %s, then pretty is %s', (config, tty, expected) => {
    expect(wantsPrettyLogs(config, tty)).toBe(expected);
  });
});
