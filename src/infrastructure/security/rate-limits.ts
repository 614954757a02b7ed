import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { TooManyAttemptsError } from '../../application/users/errors.js';
import type { LoginThrottle } from '../../application/users/ports/login-throttle.js';
import type { RequestLimiter } from '../../interfaces/http/rate-limit.js';

export interface LimitSpec {
  points: number;
  seconds: number;
}

/**
 * Redis when configured, so every replica shares one count. If Redis cannot answer, the limiter
 * falls back to a per-process memory limiter at once (rejectIfRedisNotReady): limits keep holding,
 * per replica, and requests keep being served. Neither fail-open nor fail-closed, by design.
 */
export function createLimiter(name: string, spec: LimitSpec, redis: Redis | null, prefix: string): RateLimiterAbstract {
  const opts = { keyPrefix: `${prefix}:rl:${name}`, points: spec.points, duration: spec.seconds };
  const memory = new RateLimiterMemory(opts);
  if (!redis) return memory;
  return new RateLimiterRedis({ ...opts, storeClient: redis, insuranceLimiter: memory, rejectIfRedisNotReady: true });
}

function retryAfterSeconds(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

export class FlexibleRequestLimiter implements RequestLimiter {
  constructor(private readonly limiter: RateLimiterAbstract) {}

  async consume(key: string): Promise<number | null> {
    try {
      await this.limiter.consume(key);
      return null;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return retryAfterSeconds(rejection);
      throw rejection;
    }
  }
}

export interface LockoutPolicy {
  /** Failures within the window before the first lockout. */
  threshold: number;
  /** The longest lockout: bounds how long an attacker can keep a victim out per failed attempt. */
  maxSeconds: number;
}

/**
 * Per-account protection: a plain rate limit on attempts, plus a lockout after repeated failures
 * that doubles with each further failure (1 s, 2 s, 4 s ... up to maxSeconds) and is cleared by a
 * successful login. Failures are forgotten an hour after the first one.
 */
export class FlexibleLoginThrottle implements LoginThrottle {
  constructor(
    private readonly attempts: RateLimiterAbstract,
    private readonly failures: RateLimiterAbstract,
    private readonly lockout: RateLimiterAbstract,
    private readonly policy: LockoutPolicy,
  ) {}

  async assertAllowed(accountKey: string): Promise<void> {
    const locked = await this.lockout.get(accountKey);
    if (locked && locked.consumedPoints > 0 && locked.msBeforeNext > 0) {
      throw new TooManyAttemptsError(retryAfterSeconds(locked));
    }
    try {
      await this.attempts.consume(accountKey);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) throw new TooManyAttemptsError(retryAfterSeconds(rejection));
      throw rejection;
    }
  }

  async recordFailure(accountKey: string): Promise<void> {
    const res = await this.failures.penalty(accountKey, 1);
    const beyond = res.consumedPoints - this.policy.threshold;
    if (beyond < 0) return;
    const seconds = Math.min(2 ** beyond, this.policy.maxSeconds);
    await this.lockout.block(accountKey, seconds);
  }

  async reset(accountKey: string): Promise<void> {
    await Promise.all([this.failures.delete(accountKey), this.lockout.delete(accountKey)]);
  }
}
