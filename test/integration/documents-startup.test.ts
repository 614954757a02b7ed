import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/infrastructure/config/env.js';
import { createLogger } from '../../src/infrastructure/logging/logger.js';
import { startRuntime } from '../../src/infrastructure/runtime.js';
import { type TestDatabase, createTestDatabase } from '../support/database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

const config = (env: Record<string, string>) =>
  loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.url, SECRET_KEY: randomBytes(32).toString('hex'), ...env });

describe('start-up with the documents module', () => {
  it('when EMBEDDING_DIM differs from the migrated column, then start-up stops and says what to do', async () => {
    const started = startRuntime(config({ EMBEDDING_DIM: '768' }), createLogger('silent'));
    await expect(started).rejects.toThrow('EMBEDDING_DIM is 768 but documents.embedding is vector(384)');
    await expect(started).rejects.toThrow(/migration/);
  });

  it('when EMBEDDING_DIM matches the column, then the runtime starts', async () => {
    const runtime = await startRuntime(config({}), createLogger('silent'));
    await runtime.close();
  });

  it('when EMBEDDING_API_URL is set without EMBEDDING_MODEL, then the configuration is refused by name', () => {
    expect(() => config({ EMBEDDING_API_URL: 'http://127.0.0.1:1/v1' })).toThrow(ConfigError);
    expect(() => config({ EMBEDDING_API_URL: 'http://127.0.0.1:1/v1' })).toThrow(/EMBEDDING_MODEL/);
    expect(() => config({ HNSW_EF_SEARCH: '0' })).toThrow(/HNSW_EF_SEARCH/);
  });
});
