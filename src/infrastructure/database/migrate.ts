import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';

// Same depth from src/ and dist/, so this resolves in development and in the built image.
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));

export interface MigrationLog {
  info(msg: string): void;
}

/** Applies pending migrations; replicas starting together wait for each other instead of failing. */
export async function migrateUp(databaseUrl: string, log: MigrationLog): Promise<string[]> {
  const applied = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    advisoryLockMode: 'wait',
    log: () => undefined,
    checkOrder: true,
  });
  const names = applied.map((m) => m.name);
  log.info(names.length > 0 ? `applied migrations: ${names.join(', ')}` : 'database schema is up to date');
  return names;
}
