import type { Container } from 'inversify';
import type { Logger } from 'pino';
import { EnsureAdmin } from '../application/users/ensure-admin.js';
import type { Config } from './config/env.js';
import { buildContainer } from './container/container.js';
import { TOKENS } from './container/tokens.js';
import { migrateUp } from './database/migrate.js';
import { createPool } from './database/pool.js';
import { provisionDatabase } from './database/provision.js';
import { assertEmbeddingDimension } from './documents/embedding-column.js';

export interface Started {
  container: Container;
  close(): Promise<void>;
}

/** Everything but the HTTP listener: database, schema, container, first admin. */
export async function startRuntime(config: Config, logger: Logger): Promise<Started> {
  const db = await provisionDatabase(config, logger);
  try {
    if (config.MIGRATE_ON_START) await migrateUp(db.url, logger);
    const pool = createPool(db.url, config);
    await assertEmbeddingDimension(pool, config.EMBEDDING_DIM).catch(async (err: unknown) => {
      await pool.end();
      throw err;
    });
    const container = buildContainer({ config, logger, pool });
    await seedFirstAdmin(container, config, logger);
    if (config.SESSION_SWEEP_INTERVAL_MINUTES > 0) container.get(TOKENS.SessionSweeper).start();
    return {
      container,
      async close() {
        await container.unbindAllAsync(); // runs deactivation hooks: the mail outbox drains (it needs the pool), the Redis client quits
        await pool.end();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}

async function seedFirstAdmin(container: Container, config: Config, logger: Logger): Promise<void> {
  if (!config.FIRST_ADMIN_EMAIL || !config.FIRST_ADMIN_PASSWORD) return;
  const { user, outcome } = await container
    .get(EnsureAdmin)
    .execute({ email: config.FIRST_ADMIN_EMAIL, password: config.FIRST_ADMIN_PASSWORD });
  logger.info({ userId: user.id, outcome }, 'first admin ensured');
}
