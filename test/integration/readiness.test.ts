import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/infrastructure/config/env.js';
import { buildContainer } from '../../src/infrastructure/container/container.js';
import { TOKENS } from '../../src/infrastructure/container/tokens.js';
import { createPool } from '../../src/infrastructure/database/pool.js';
import { PREFIX } from '../support/app.js';
import { type CapturedLogs, captureLogs } from '../support/logs.js';
import { freePort } from '../support/net.js';

describe('when the database cannot be reached', () => {
  const url = { value: '' };
  let app: Express;
  let end: () => Promise<void>;
  let logs: CapturedLogs;

  beforeAll(async () => {
    url.value = `postgresql://postgres@127.0.0.1:${await freePort()}/postgres`;
    const config = loadConfig({
      NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: url.value, SECRET_KEY: randomBytes(32).toString('hex'), DB_POOL_MAX: '2',
    });
    const pool = createPool(url.value, config);
    logs = captureLogs('warn');
    const container = buildContainer({ config, logger: logs.logger, pool });
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

  it('then the outage is logged once with the request id and the cause, and without the password', async () => {
    const res = await request(app).post(`${PREFIX}/auth/login`).set('X-Request-ID', 'outage-1').send({ email: 'b@example.com', password: 'outage-password-1' });
    expect(res.status).toBe(503);
    const lines = logs.records().filter((r) => r.requestId === 'outage-1');
    const outage = lines.filter((r) => r.msg === 'dependency unavailable');
    expect(outage).toHaveLength(1);
    expect(outage[0]).toMatchObject({ level: 40, err: { message: expect.any(String) } });
    expect(lines.find((r) => r.msg === 'request failed')).toMatchObject({ status: 503, route: `${PREFIX}/auth/login` });
    expect(logs.text()).not.toContain('outage-password-1');
  });
});
