import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/infrastructure/config/env.js';

const STRONG = 'k'.repeat(32);

/** The problems of a rejected configuration; fails the test if it was accepted. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  return expect.fail('loadConfig should have thrown');
}

const names = (env: Record<string, string>) => problemsOf(env).map((p) => p.split(/[:\s]/)[0]);

describe('loadConfig', () => {
  describe('SECRET_KEY in production', () => {
    it('when it is missing, then ConfigError naming SECRET_KEY', () => {
      expect(names({ NODE_ENV: 'production' })).toContain('SECRET_KEY');
    });

    it('when it is blank, then ConfigError naming SECRET_KEY', () => {
      expect(names({ NODE_ENV: 'production', SECRET_KEY: '   ' })).toContain('SECRET_KEY');
    });

    it.each(['changethis', 'CHANGETHIS', 'secret'])('when it is the well-known default %j, then ConfigError naming SECRET_KEY', (key) => {
      expect(names({ NODE_ENV: 'production', SECRET_KEY: key })).toContain('SECRET_KEY');
    });

    it('when it has 31 bytes, then ConfigError naming SECRET_KEY', () => {
      expect(names({ NODE_ENV: 'production', SECRET_KEY: 'k'.repeat(31) })).toContain('SECRET_KEY');
    });

    it('when it has 32 bytes, then it is used as given and not generated', () => {
      const config = loadConfig({ NODE_ENV: 'production', SECRET_KEY: STRONG });
      expect(config.SECRET_KEY).toBe(STRONG);
      expect(config.secretGenerated).toBe(false);
    });

    it('when it has 16 characters of 2 bytes each, then it counts as 32 bytes and is accepted', () => {
      expect(loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'é'.repeat(16) }).SECRET_KEY).toBe('é'.repeat(16));
    });

    it('when the message is read, then it names SECRET_KEY too', () => {
      expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SECRET_KEY/);
    });
  });

  describe('SECRET_KEY outside production', () => {
    it('when it is missing in development, then a strong one is generated and flagged', () => {
      const a = loadConfig({ NODE_ENV: 'development' });
      const b = loadConfig({});
      expect(a.secretGenerated).toBe(true);
      expect(Buffer.byteLength(a.SECRET_KEY)).toBeGreaterThanOrEqual(32);
      expect(b.secretGenerated).toBe(true);
      expect(b.SECRET_KEY).not.toBe(a.SECRET_KEY);
    });

    it('when it is a weak default in development, then it is replaced by a generated one', () => {
      const config = loadConfig({ NODE_ENV: 'development', SECRET_KEY: 'changethis' });
      expect(config.secretGenerated).toBe(true);
      expect(config.SECRET_KEY).not.toBe('changethis');
    });

    it('when it is strong in development, then it is kept', () => {
      const config = loadConfig({ NODE_ENV: 'development', SECRET_KEY: STRONG });
      expect(config).toMatchObject({ SECRET_KEY: STRONG, secretGenerated: false });
    });
  });

  describe('PORT', () => {
    it('when it is absent, then 8000', () => {
      expect(loadConfig({}).PORT).toBe(8000);
    });

    it('when it is a valid number, then it is used', () => {
      expect(loadConfig({ PORT: '3000' }).PORT).toBe(3000);
    });

    it.each(['abc', '70000', '-1', '80.5'])('when it is %j, then ConfigError naming PORT', (port) => {
      expect(names({ PORT: port })).toEqual(['PORT']);
    });
  });

  describe('first admin', () => {
    it('when FIRST_ADMIN_EMAIL is set without FIRST_ADMIN_PASSWORD, then ConfigError naming both', () => {
      const problems = problemsOf({ FIRST_ADMIN_EMAIL: 'root@example.com' });
      expect(problems.join('\n')).toMatch(/FIRST_ADMIN_EMAIL/);
      expect(problems.join('\n')).toMatch(/FIRST_ADMIN_PASSWORD/);
    });

    it('when FIRST_ADMIN_PASSWORD is set without FIRST_ADMIN_EMAIL, then ConfigError', () => {
      expect(problemsOf({ FIRST_ADMIN_PASSWORD: 'first-admin-password' }).join('\n')).toMatch(/FIRST_ADMIN_EMAIL/);
    });

    it('when both are set, then both are in the config', () => {
      const config = loadConfig({ FIRST_ADMIN_EMAIL: 'root@example.com', FIRST_ADMIN_PASSWORD: 'first-admin-password' });
      expect(config).toMatchObject({ FIRST_ADMIN_EMAIL: 'root@example.com', FIRST_ADMIN_PASSWORD: 'first-admin-password' });
    });
  });

  it('when several things are wrong in production, then every one is named', () => {
    const problems = problemsOf({ NODE_ENV: 'production', FIRST_ADMIN_EMAIL: 'root@example.com' }).join('\n');
    expect(problems).toMatch(/SECRET_KEY/);
    expect(problems).toMatch(/FIRST_ADMIN_PASSWORD/);
  });

  it('when nothing is set, then the documented defaults apply', () => {
    expect(loadConfig({})).toMatchObject({
      NODE_ENV: 'development',
      PORT: 8000,
      ACCESS_TOKEN_EXPIRE_MINUTES: 30,
      REFRESH_TOKEN_EXPIRE_DAYS: 7,
      JWT_ISSUER: 'seed-api',
      JWT_AUDIENCE: 'seed-api',
      API_V1_PREFIX: '/api/v1',
      MIGRATE_ON_START: true,
    });
  });

  describe('sessions, limits and lockout', () => {
    it('when nothing is set, then the documented defaults apply', () => {
      const config = loadConfig({});
      expect(config.REDIS_URL).toBeUndefined();
      expect(config).toMatchObject({
        REFRESH_REUSE_GRACE_SECONDS: 10,
        REDIS_KEY_PREFIX: 'seed-api',
        RATE_LIMIT_ENABLED: true,
        RATE_LIMIT_LOGIN_IP: { points: 30, seconds: 60 },
        RATE_LIMIT_LOGIN_ACCOUNT: { points: 10, seconds: 60 },
        RATE_LIMIT_REGISTER_IP: { points: 30, seconds: 3600 },
        RATE_LIMIT_REFRESH_IP: { points: 60, seconds: 60 },
        LOGIN_LOCKOUT_THRESHOLD: 5,
        LOGIN_LOCKOUT_MAX_SECONDS: 900,
      });
    });

    it('when a limit is given as POINTS/SECONDS, then it is parsed', () => {
      expect(loadConfig({ RATE_LIMIT_LOGIN_IP: '5/10' }).RATE_LIMIT_LOGIN_IP).toEqual({ points: 5, seconds: 10 });
    });

    it.each(['30', '30/', '/60', '0/60', '30/0', '-1/60', '3.5/60', 'thirty/60'])('when a limit is %j, then ConfigError naming it', (value) => {
      expect(names({ RATE_LIMIT_REFRESH_IP: value })).toContain('RATE_LIMIT_REFRESH_IP');
    });

    it.each([
      ['REFRESH_REUSE_GRACE_SECONDS', '-1'],
      ['REFRESH_REUSE_GRACE_SECONDS', '301'],
      ['LOGIN_LOCKOUT_THRESHOLD', '-1'],
      ['LOGIN_LOCKOUT_MAX_SECONDS', '0'],
      ['LOGIN_LOCKOUT_MAX_SECONDS', '86401'],
      ['RATE_LIMIT_ENABLED', 'maybe'],
      ['REDIS_URL', 'http://127.0.0.1:6379'],
    ])('when %s is %j, then ConfigError naming it', (name, value) => {
      expect(names({ [name]: value })).toContain(name);
    });

    it('when the grace window and the lockout threshold are 0, then they are accepted (no grace, no lockout)', () => {
      expect(loadConfig({ REFRESH_REUSE_GRACE_SECONDS: '0', LOGIN_LOCKOUT_THRESHOLD: '0' })).toMatchObject({
        REFRESH_REUSE_GRACE_SECONDS: 0,
        LOGIN_LOCKOUT_THRESHOLD: 0,
      });
    });

    it('when REDIS_URL is blank, then it is unset; when redis:// or rediss://, then kept', () => {
      expect(loadConfig({ REDIS_URL: ' ' }).REDIS_URL).toBeUndefined();
      expect(loadConfig({ REDIS_URL: 'rediss://cache.example.com:6380/0' }).REDIS_URL).toBe('rediss://cache.example.com:6380/0');
    });
  });

  describe('TRUST_PROXY', () => {
    it.each<[string | undefined, unknown]>([
      [undefined, false],
      ['', false],
      ['false', false],
      ['true', true],
      ['1', 1],
      ['loopback', ['loopback']],
      ['10.0.0.0/8, 192.168.1.7,fd00::/8', ['10.0.0.0/8', '192.168.1.7', 'fd00::/8']],
    ])('when it is %j, then Express gets %j', (value, expected) => {
      expect(loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
    });

    it.each(['yes-please', '10.0.0.0/8/1', '10.0.0.0/33', 'fd00::/129', 'localhost', '300.1.1.1'])('when it is %j, then ConfigError naming it', (value) => {
      expect(names({ TRUST_PROXY: value })).toContain('TRUST_PROXY');
    });
  });
});
