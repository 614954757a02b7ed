import { loadConfig } from '../infrastructure/config/env.js';
import { migrateUp } from '../infrastructure/database/migrate.js';
import { provisionDatabase } from '../infrastructure/database/provision.js';
import { createLogger } from '../infrastructure/logging/logger.js';

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
const db = await provisionDatabase(config, logger);
try {
  await migrateUp(db.url, logger);
} finally {
  await db.close();
}
