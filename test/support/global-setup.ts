import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase } from '../../src/infrastructure/database/embedded.js';
import { migrateUp } from '../../src/infrastructure/database/migrate.js';
import { dockerAvailable } from './database-choice.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated database every file may copy (server mode), or use directly (embedded mode). */
    testDb: { mode: 'template'; adminUrl: string; template: string } | { mode: 'shared'; url: string };
  }
}

const quiet = { info: () => undefined };

/**
 * Which PostgreSQL: TEST_DATABASE_URL when set; else a pgvector container where a Docker engine
 * answers; else the embedded PGlite. A real server gets a migrated template database that each test
 * file clones, so files are isolated and run in parallel.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const configured = process.env.TEST_DATABASE_URL?.trim() || undefined;
  const serverUrl = configured ?? (dockerAvailable() ? await startContainer() : undefined);
  if (serverUrl) return setupTemplate(project, serverUrl);

  const embedded = await startEmbeddedDatabase(`memory://`, 20);
  await migrateUp(embedded.url, quiet);
  project.provide('testDb', { mode: 'shared', url: embedded.url });
  return () => embedded.close();
}

let stopContainer: (() => Promise<unknown>) | undefined;

async function startContainer(): Promise<string> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('pgvector/pgvector:pg17').start();
  stopContainer = () => container.stop();
  return container.getConnectionUri();
}

async function setupTemplate(project: TestProject, serverUrl: string): Promise<() => Promise<void>> {
  const template = `seed_test_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const templateUrl = new URL(serverUrl);
  templateUrl.pathname = `/${template}`;
  await migrateUp(templateUrl.toString(), quiet);
  project.provide('testDb', { mode: 'template', adminUrl: serverUrl, template });
  return async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${template}`);
    await c.end();
    await stopContainer?.();
  };
}
