import type { Request, RequestHandler } from 'express';
import { TooManyAttemptsError } from '../../application/users/errors.js';

export interface RequestLimiter {
  /** Counts one request for the key; resolves to seconds to wait when over the limit, else null. */
  consume(key: string): Promise<number | null>;
}

/** Per-client-IP limit on a route. req.ip honours the app's trust-proxy setting. */
export function limitByIp(limiter: RequestLimiter | null): RequestHandler {
  return async (req: Request, _res, next) => {
    if (limiter) {
      const retryAfter = await limiter.consume(req.ip ?? 'unknown');
      if (retryAfter !== null) throw new TooManyAttemptsError(retryAfter);
    }
    next();
  };
}
