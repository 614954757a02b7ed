import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/infrastructure/config/env.js';

const load = (env: Record<string, string>) => loadConfig({ NODE_ENV: 'test', ...env });

describe('operations settings', () => {
  it('when nothing is set, then the documented defaults apply', () => {
    const config = load({});
    expect(config.METRICS_TOKEN).toBeUndefined();
    expect(config.LOG_PRETTY).toBeUndefined();
    expect(config).toMatchObject({
      TRUST_PROXY: false,
      SHUTDOWN_GRACE_SECONDS: 10,
      DB_STATEMENT_TIMEOUT_MS: 10_000,
      DB_CONNECT_TIMEOUT_MS: 5_000,
      DB_IDLE_TIMEOUT_MS: 30_000,
      DB_APPLICATION_NAME: 'seed-api',
    });
  });

  it.each([
    ['true', true],
    ['false', false],
    ['', false],
    ['2', 2],
    ['loopback, 10.0.0.0/8 ,fd00::/8', ['loopback', '10.0.0.0/8', 'fd00::/8']],
  ])('when TRUST_PROXY is "%s", then Express gets %j', (raw, expected) => {
    expect(load({ TRUST_PROXY: raw }).TRUST_PROXY).toEqual(expected);
  });

  it('when a PostgreSQL server is named, then the hot lookup is a prepared statement unless switched off', () => {
    const url = 'postgresql://app@db.internal:5432/app';
    expect(load({ DATABASE_URL: url }).DB_PREPARED_STATEMENTS).toBe(true);
    expect(load({ DATABASE_URL: url, DB_PREPARED_STATEMENTS: 'false' }).DB_PREPARED_STATEMENTS).toBe(false);
  });

  it('when the embedded database is used, then statements are never prepared, whatever the setting', () => {
    expect(load({}).DB_PREPARED_STATEMENTS).toBe(false);
    expect(load({ DB_PREPARED_STATEMENTS: 'true' }).DB_PREPARED_STATEMENTS).toBe(false);
  });

  it.each([
    ['DB_PREPARED_STATEMENTS', 'sometimes'],
    ['TRUST_PROXY', 'my proxy'],
    ['SHUTDOWN_GRACE_SECONDS', '-1'],
    ['DB_STATEMENT_TIMEOUT_MS', 'soon'],
    ['DB_CONNECT_TIMEOUT_MS', '0'],
    ['LOG_PRETTY', 'maybe'],
    ['DB_APPLICATION_NAME', ''],
    ['DB_APPLICATION_NAME', 'x'.repeat(64)],
  ])('when %s is "%s", then start-up stops naming it', (name, value) => {
    expect(() => load({ [name]: value })).toThrow(ConfigError);
    expect(() => load({ [name]: value })).toThrow(name);
  });

  it('when production asks for pretty logs, then start-up stops naming LOG_PRETTY: log pipelines read JSON', () => {
    const production = { NODE_ENV: 'production', SECRET_KEY: 'k'.repeat(43) };
    expect(() => loadConfig({ ...production, LOG_PRETTY: 'true' })).toThrow('LOG_PRETTY');
    expect(loadConfig({ ...production, LOG_PRETTY: 'false' }).LOG_PRETTY).toBe(false);
    expect(load({ LOG_PRETTY: 'true' }).LOG_PRETTY).toBe(true);
  });
});
