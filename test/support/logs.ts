import type { Logger } from 'pino';
import { createLogger } from '../../src/infrastructure/logging/logger.js';

export interface CapturedLogs {
  logger: Logger;
  /** Everything written so far, exactly as it would have reached stdout. */
  text: () => string;
  records: () => Record<string, unknown>[];
}

/** The production logger (same scrubbing and format) writing into memory instead of stdout. */
export function captureLogs(level = 'info'): CapturedLogs {
  let text = '';
  const logger = createLogger(level, { destination: { write: (line: string) => { text += line; } } });
  return {
    logger,
    text: () => text,
    records: () => text.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
