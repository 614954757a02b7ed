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
  // Synchronous writes to stdout: a line per request costs a few microseconds, and the lines logged
  // just before process.exit (shutdown, fatal errors) are neither lost nor reordered.
  return pino(options, settings.destination ?? pino.destination({ dest: 1, sync: true }));
}

/** Pretty logs are for a developer at a terminal; anything collected by a machine gets JSON. */
export function wantsPrettyLogs(config: Pick<Config, 'LOG_PRETTY' | 'NODE_ENV'>, stdoutIsTty: boolean): boolean {
  return config.LOG_PRETTY ?? (config.NODE_ENV === 'development' && stdoutIsTty);
}
