import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { loadConfig } from '../../src/infrastructure/config/env.js';
import { createPool } from '../../src/infrastructure/database/pool.js';
import { afterAll, beforeAll } from 'vitest';
import { PgDocumentRepository } from '../../src/infrastructure/documents/pg-document-repository.js';
import { type TestDatabase, createTestDatabase, uniqueEmail } from '../support/database.js';
import { documentRepositoryContract } from './document-repository.contract.js';

let db: TestDatabase;
let pool: pg.Pool;
let repo: PgDocumentRepository;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, loadConfig({ NODE_ENV: 'test', DB_POOL_MAX: '4', DB_STATEMENT_TIMEOUT_MS: '0' }));
  repo = new PgDocumentRepository(pool, { efSearch: 40 });
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

async function newOwner(): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    'INSERT INTO users (email, password_hash) VALUES ($1, $2) RETURNING id',
    [uniqueEmail('owner'), randomBytes(8).toString('hex')],
  );
  return rows[0]!.id;
}

documentRepositoryContract('pg', () => ({ repo, newOwner }));
