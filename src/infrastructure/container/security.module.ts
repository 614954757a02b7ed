import { ContainerModule, type ResolutionContext } from 'inversify';
import { CommonPasswordBlocklist } from '../security/common-password-blocklist.js';
import { FlexibleLoginThrottle, FlexibleRequestLimiter, type LimitSpec, createLimiter } from '../security/rate-limits.js';
import { createRedis } from '../security/redis.js';
import { TOKENS } from './tokens.js';

const NEVER = { points: 1_000_000_000, seconds: 1 };

/** Builds named limiters in the configured store (Redis or memory). */
function limiterFactory(c: ResolutionContext): (name: string, spec: LimitSpec) => FlexibleRequestLimiter {
  const redis = c.get(TOKENS.Redis);
  const prefix = c.get(TOKENS.Config).REDIS_KEY_PREFIX;
  return (name, spec) => new FlexibleRequestLimiter(createLimiter(name, spec, redis, prefix));
}

export const securityModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.Redis)
    .toDynamicValue((c) => {
      const url = c.get(TOKENS.Config).REDIS_URL;
      return url ? createRedis(url, c.get(TOKENS.Logger)) : null;
    })
    .inSingletonScope()
    .onDeactivation(async (redis) => {
      if (!redis) return;
      await redis.quit().catch(() => {
        redis.disconnect();
      });
    });

  bind(TOKENS.PasswordBlocklist).toDynamicValue(() => new CommonPasswordBlocklist()).inSingletonScope();

  bind(TOKENS.RouteLimiters)
    .toDynamicValue((c) => {
      const cfg = c.get(TOKENS.Config);
      if (!cfg.RATE_LIMIT_ENABLED) return { login: null, register: null, refresh: null, passwordReset: null, verifyResend: null };
      const make = limiterFactory(c);
      return {
        login: make('login_ip', cfg.RATE_LIMIT_LOGIN_IP),
        register: make('register_ip', cfg.RATE_LIMIT_REGISTER_IP),
        refresh: make('refresh_ip', cfg.RATE_LIMIT_REFRESH_IP),
        passwordReset: make('password_reset_ip', cfg.RATE_LIMIT_PASSWORD_RESET_IP),
        verifyResend: make('verify_resend_ip', cfg.RATE_LIMIT_VERIFY_RESEND_IP),
      };
    })
    .inSingletonScope();

  bind(TOKENS.MailLimiters)
    .toDynamicValue((c) => {
      const cfg = c.get(TOKENS.Config);
      const factory = limiterFactory(c);
      // Use cases call these whether or not limiting is on: disabled means a limit never reached.
      const make = (name: string, spec: LimitSpec) => factory(name, cfg.RATE_LIMIT_ENABLED ? spec : NEVER);
      return {
        passwordResetPerAddress: make('password_reset_address', cfg.RATE_LIMIT_PASSWORD_RESET_ADDRESS),
        verifyResendPerAccount: make('verify_resend_account', cfg.RATE_LIMIT_VERIFY_RESEND_ACCOUNT),
      };
    })
    .inSingletonScope();

  bind(TOKENS.LoginThrottle)
    .toDynamicValue((c) => {
      const cfg = c.get(TOKENS.Config);
      const redis = c.get(TOKENS.Redis);
      const prefix = cfg.REDIS_KEY_PREFIX;
      const attempts = cfg.RATE_LIMIT_ENABLED ? cfg.RATE_LIMIT_LOGIN_ACCOUNT : NEVER;
      const threshold = cfg.LOGIN_LOCKOUT_THRESHOLD === 0 ? NEVER.points : cfg.LOGIN_LOCKOUT_THRESHOLD;
      return new FlexibleLoginThrottle(
        createLimiter('login_account', attempts, redis, prefix),
        createLimiter('login_failures', { points: threshold, seconds: 3_600 }, redis, prefix),
        createLimiter('login_lockout', { points: 1, seconds: cfg.LOGIN_LOCKOUT_MAX_SECONDS }, redis, prefix),
        { threshold, maxSeconds: cfg.LOGIN_LOCKOUT_MAX_SECONDS },
      );
    })
    .inSingletonScope();
});
