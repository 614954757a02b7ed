import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/infrastructure/config/env.js';
import { buildContainer } from '../../src/infrastructure/container/container.js';
import { TOKENS } from '../../src/infrastructure/container/tokens.js';
import { createPool } from '../../src/infrastructure/database/pool.js';
import { createLogger } from '../../src/infrastructure/logging/logger.js';
import { PREFIX } from '../support/app.js';
import { closedPort } from '../support/net.js';

describe('when the database cannot be reached', () => {
  const url = { value: '' };
  let app: Express;
  let end: () => Promise<void>;

  beforeAll(async () => {
    url.value = `postgresql://postgres@127.0.0.1:${await closedPort()}/postgres`;
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: url.value, SECRET_KEY: randomBytes(32).toString('hex') });
    const pool = createPool(url.value, 2);
    const container = buildContainer({ config, logger: createLogger('silent'), pool });
    app = container.get(TOKENS.App);
    end = () => pool.end();
  });
  afterAll(() => end());

  it('then liveness still answers 200 and readiness answers 503 problem+json', async () => {
    await request(app).get(`${PREFIX}/health`).expect(200, { status: 'healthy' });
    const res = await request(app).get(`${PREFIX}/health/db`).expect(503);
    expect(res.type).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 503, detail: 'The database cannot be reached.' });
  });

  it('then a request that needs the database answers 503 problem+json without internals', async () => {
    const res = await request(app).post(`${PREFIX}/auth/login`).send({ email: 'a@example.com', password: 'whatever1' });
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.type).toBe('application/problem+json');
    expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|at .*\.ts/);
  });
});
