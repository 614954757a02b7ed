import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/env.js';
import { startEmbeddedDatabase } from './embedded.js';

export interface ProvisionedDatabase {
  url: string;
  kind: 'external' | 'embedded';
  close(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PGlite under DATA_DIR, so a clone runs with no setup. */
export async function provisionDatabase(config: Config, logger: Logger): Promise<ProvisionedDatabase> {
  if (config.DATABASE_URL) {
    const { hostname: host, port, pathname } = new URL(config.DATABASE_URL);
    logger.info({ database: { kind: 'external', host, port, name: pathname.slice(1) } }, 'using PostgreSQL from DATABASE_URL');
    return { url: config.DATABASE_URL, kind: 'external', close: () => Promise.resolve() };
  }
  const dataDir = resolve(config.DATA_DIR);
  const embedded = await startEmbeddedDatabase(dataDir, config.DB_POOL_MAX);
  logger.info({ database: { kind: 'embedded', dataDir } }, 'no DATABASE_URL: using embedded PGlite (development only)');
  return { url: embedded.url, kind: 'embedded', close: () => embedded.close() };
}
