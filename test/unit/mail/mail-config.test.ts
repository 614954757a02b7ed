import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/infrastructure/config/env.js';

const load = (env: Record<string, string>) => loadConfig({ NODE_ENV: 'test', ...env });

describe('mail and account settings', () => {
  it('when nothing is set, then the documented defaults apply', () => {
    const cfg = load({});
    expect(cfg).toMatchObject({
      FRONTEND_URL: 'http://localhost:3000',
      PASSWORD_RESET_EXPIRE_MINUTES: 30,
      EMAIL_VERIFY_EXPIRE_HOURS: 48,
      REQUIRE_EMAIL_VERIFICATION: false,
      SMTP_PORT: 587,
      SMTP_TLS: 'starttls',
      MAIL_FROM: 'seed-api <no-reply@example.com>',
      MAIL_SEND_ATTEMPTS: 5,
      MAIL_RETRY_DELAY_MS: 2000,
      RATE_LIMIT_PASSWORD_RESET_IP: { points: 20, seconds: 3600 },
      RATE_LIMIT_PASSWORD_RESET_ADDRESS: { points: 3, seconds: 3600 },
      RATE_LIMIT_VERIFY_RESEND_IP: { points: 20, seconds: 3600 },
      RATE_LIMIT_VERIFY_RESEND_ACCOUNT: { points: 3, seconds: 3600 },
    });
    expect(cfg.SMTP_HOST).toBeUndefined();
  });

  it('when FRONTEND_URL ends with slashes, then they are dropped so that links have one', () => {
    expect(load({ FRONTEND_URL: 'https://app.example.com/portal//' }).FRONTEND_URL).toBe('https://app.example.com/portal');
  });

  it('when FRONTEND_URL is not an http(s) URL, then start-up stops naming it', () => {
    expect(() => load({ FRONTEND_URL: 'javascript:alert(1)' })).toThrow(/FRONTEND_URL/);
  });

  it('when SMTP_TLS is not one of starttls, implicit, none, then start-up stops naming it', () => {
    expect(() => load({ SMTP_TLS: 'yes' })).toThrow(/SMTP_TLS/);
  });

  it('when only one of SMTP_USER and SMTP_PASSWORD is set, then start-up stops', () => {
    expect(() => load({ SMTP_USER: 'mailer' })).toThrow(ConfigError);
    expect(() => load({ SMTP_PASSWORD: 'secret' })).toThrow(/SMTP_USER and SMTP_PASSWORD/);
  });

  it('when SMTP is configured, then host, blank-as-default port and credentials are read', () => {
    const cfg = load({ SMTP_HOST: ' mail.example.com ', SMTP_PORT: '', SMTP_USER: 'u', SMTP_PASSWORD: 'p', SMTP_TLS: 'implicit' });
    expect(cfg).toMatchObject({ SMTP_HOST: 'mail.example.com', SMTP_PORT: 587, SMTP_USER: 'u', SMTP_PASSWORD: 'p', SMTP_TLS: 'implicit' });
  });

  it('when the expiries are out of range, then start-up stops naming them', () => {
    expect(() => load({ PASSWORD_RESET_EXPIRE_MINUTES: '0' })).toThrow(/PASSWORD_RESET_EXPIRE_MINUTES/);
    expect(() => load({ EMAIL_VERIFY_EXPIRE_HOURS: '10000' })).toThrow(/EMAIL_VERIFY_EXPIRE_HOURS/);
  });

  it('when REQUIRE_EMAIL_VERIFICATION is true, then it is read as a boolean', () => {
    expect(load({ REQUIRE_EMAIL_VERIFICATION: 'true' }).REQUIRE_EMAIL_VERIFICATION).toBe(true);
  });
});
