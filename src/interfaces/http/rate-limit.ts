import type { Request, RequestHandler } from 'express';
import type { RateLimiter } from '../../application/shared/rate-limiter.js';
import { TooManyAttemptsError } from '../../application/users/errors.js';

export type { RateLimiter as RequestLimiter } from '../../application/shared/rate-limiter.js';

/** Per-client-IP limit on a route. req.ip honours the app's trust-proxy setting. */
export function limitByIp(limiter: RateLimiter | null): RequestHandler {
  return async (req: Request, _res, next) => {
    if (limiter) {
      const retryAfter = await limiter.consume(req.ip ?? 'unknown');
      if (retryAfter !== null) throw new TooManyAttemptsError(retryAfter);
    }
    next();
  };
}
