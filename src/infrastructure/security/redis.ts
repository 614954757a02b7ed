import { type Command, Redis } from 'ioredis';
import type { Logger } from 'pino';

// Rate-limit commands are tiny; a healthy Redis answers in about a millisecond.
const COMMAND_TIMEOUT_MS = 250;

/**
 * A Redis that stalls with its connection still open (a network partition, a frozen server) would
 * leave commands, and so requests, waiting for ever. Each command gives up after COMMAND_TIMEOUT_MS,
 * and the first one that does drops the connection: the limiters then see Redis "not ready" and use
 * memory at once, instead of waiting on every command; ioredis reconnects by itself.
 */
class FailFastRedis extends Redis {
  override sendCommand(command: Command, stream?: Parameters<Redis['sendCommand']>[1]): unknown {
    command.promise.catch((err: unknown) => {
      if (err instanceof Error && err.message === 'Command timed out' && this.status === 'ready') this.disconnect(true);
    });
    return super.sendCommand(command, stream);
  }
}

/**
 * The client the rate limiters share. No offline queue: while Redis is away, commands fail at once
 * and the limiters fall back to memory, instead of requests waiting on a queue.
 */
export function createRedis(url: string, logger: Logger): Redis {
  const redis = new FailFastRedis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: COMMAND_TIMEOUT_MS,
    // A command whose caller already gave up (and counted in memory) must not be replayed on reconnect.
    autoResendUnfulfilledCommands: false,
  });
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
