import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * The client the rate limiters share. No offline queue: while Redis is away, commands fail at once
 * and the limiters fall back to memory, instead of requests hanging on a queue.
 */
export function createRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  // Without an 'error' listener ioredis prints every failed reconnect to the console. One warning per
  // outage goes to the log instead.
  let down = false;
  redis.on('error', (err: unknown) => {
    if (down) return;
    down = true;
    logger.warn({ err }, 'Redis unavailable: rate limits and lockouts fall back to per-process memory');
  });
  redis.on('ready', () => {
    if (down) logger.info('Redis available again: rate limits and lockouts are shared');
    down = false;
  });
  return redis;
}
