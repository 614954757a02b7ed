import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import type { Config } from '../config/env.js';
import { scrubSecrets } from './scrub.js';

export interface LoggerSettings {
  /** Human-readable lines through pino-pretty (a worker thread) instead of JSON. */
  pretty?: boolean;
  /** Where JSON lines go; stdout when absent. Tests pass a collecting stream. */
  destination?: DestinationStream;
}

export function createLogger(level: string, settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    level,
    // Secrets never reach a log line, whichever object they ride in on: every merging object is
    // scrubbed by key at any depth, with errors, requests and responses serialized first.
    formatters: { log: scrubSecrets },
    // scrubSecrets has already turned errors into plain objects; pino's own serializer would re-wrap them.
    serializers: { err: (err: unknown) => err },
  };
  if (settings.pretty) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } });
  }
  return pino(options, settings.destination ?? pino.destination(STDOUT));
}

/**
 * Lines are buffered and written 4 KiB at a time, or every 100 ms when traffic is light: a write is a
 * system call, and on a VM one write per request line took a sixth of the CPU of GET /health (see
 * bench/results). pino flushes the buffer synchronously on exit, so lines logged just before
 * process.exit (shutdown, fatal errors) are kept; a SIGKILL can lose the last 100 ms.
 */
const STDOUT = { dest: 1, sync: false, minLength: 4096, periodicFlush: 100 } as const;

/** Pretty logs are for a developer at a terminal; anything collected by a machine gets JSON. */
export function wantsPrettyLogs(config: Pick<Config, 'LOG_PRETTY' | 'NODE_ENV'>, stdoutIsTty: boolean): boolean {
  return config.LOG_PRETTY ?? (config.NODE_ENV === 'development' && stdoutIsTty);
}
