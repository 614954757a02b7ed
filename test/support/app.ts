import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import type { Container } from 'inversify';
import type pg from 'pg';
import type { Logger } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, inject } from 'vitest';
import { RegisterUser } from '../../src/application/users/register-user.js';
import { type Config, loadConfig } from '../../src/infrastructure/config/env.js';
import { buildContainer } from '../../src/infrastructure/container/container.js';
import { TOKENS } from '../../src/infrastructure/container/tokens.js';
import { createPool } from '../../src/infrastructure/database/pool.js';
import { createLogger } from '../../src/infrastructure/logging/logger.js';
import { createTestDatabase, uniqueEmail } from './database.js';

export const PREFIX = '/api/v1';
export const PASSWORD = 'correct-horse-battery';

export interface TestApp {
  app: Express;
  config: Config;
  pool: pg.Pool;
  container: Container;
  close(): Promise<void>;
}

/** The real app, wired by the real container, on its own migrated database; silent unless given a logger. */
export async function startTestApp(env: Record<string, string> = {}, opts: { logger?: Logger } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: db.url,
    SECRET_KEY: randomBytes(32).toString('hex'),
    DB_POOL_MAX: '5',
    // Every request of a test file comes from one IP: per-IP limits are switched on only by the
    // tests about them.
    RATE_LIMIT_ENABLED: 'false',
    // Without a PostgreSQL server the tests share the embedded database's single session (see loadConfig).
    DB_PREPARED_STATEMENTS: String(inject('testDb').mode === 'template'),
    ...env,
  });
  const pool = createPool(db.url, config);
  const container = buildContainer({ config, logger: opts.logger ?? createLogger(config.LOG_LEVEL), pool });
  return {
    app: container.get(TOKENS.App),
    config,
    pool,
    container,
    async close() {
      await container.unbindAllAsync();
      await pool.end();
      await db.drop();
    },
  };
}

/**
 * The same app wired to a database that refuses every connection (port 1), the way a lost database
 * looks to the pool. Close it to end its pool.
 */
export function appWithoutDatabase(t: TestApp): { app: Express; close(): Promise<void> } {
  const pool = createPool('postgresql://postgres@127.0.0.1:1/nowhere', loadConfig({ NODE_ENV: 'test', DB_POOL_MAX: '1' }));
  const app = buildContainer({ config: t.config, logger: createLogger('silent'), pool }).get(TOKENS.App);
  return { app, close: () => pool.end() };
}

/**
 * One app for the enclosing describe block (or file): started before its tests, closed after them.
 * The object is filled in by beforeAll, so read its fields only inside tests and hooks.
 */
export function useTestApp(env: Record<string, string> = {}): TestApp {
  const holder = {} as TestApp;
  beforeAll(async () => {
    Object.assign(holder, await startTestApp(env));
  });
  afterAll(() => holder.close());
  return holder;
}

export interface Account {
  id: number;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
}

/** Registers through the use case (admins cannot be made over HTTP) and logs in over HTTP. */
export async function createAccount(t: TestApp, opts: { admin?: boolean; email?: string } = {}): Promise<Account> {
  const email = opts.email ?? uniqueEmail(opts.admin ? 'admin' : 'user');
  const user = await t.container
    .get(RegisterUser)
    .execute({ email, password: PASSWORD, fullName: null, isAdmin: opts.admin ?? false });
  const res = await request(t.app).post(`${PREFIX}/auth/login`).send({ email, password: PASSWORD }).expect(200);
  const body = res.body as { access_token: string; refresh_token: string };
  return {
    id: user.id,
    email,
    password: PASSWORD,
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    auth: { Authorization: `Bearer ${body.access_token}` },
  };
}
