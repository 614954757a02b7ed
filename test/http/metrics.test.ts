import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREFIX, type TestApp, createAccount, startTestApp } from '../support/app.js';

/** The value of one sample line, e.g. `pg_pool_clients 2`, or of a labelled series. */
function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics without a token configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const scrape = async () => (await request(t.app).get('/metrics').expect(200).expect('Content-Type', /^text\/plain; version=0\.0\.4/)).text;

  it('when requests hit parameterised routes, then the histogram labels them by template, never by raw path', async () => {
    const admin = await createAccount(t, { admin: true });
    await request(t.app).get(`${PREFIX}/users/${admin.id}`).set(admin.auth).expect(200);
    await request(t.app).get(`${PREFIX}/users/987654`).set(admin.auth).expect(404);
    await request(t.app).get(`${PREFIX}/users/123456`).expect(401);
    const text = await scrape();
    const series = (status: number) => `http_request_duration_seconds_count{method="GET",route="${PREFIX}/users/:id",status_code="${status}"}`;
    expect(sample(text, series(200))).toBe(1);
    expect(sample(text, series(404))).toBe(1);
    expect(sample(text, series(401))).toBe(1);
    expect(text).not.toMatch(/987654|123456/);
  });

  it('when a path matches no route, then it is counted under the fixed "unmatched" label', async () => {
    await request(t.app).get('/no/such/path-42').expect(404);
    const text = await scrape();
    expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"}')).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('path-42');
  });

  it('when scraped, then in-flight requests, pg pool gauges and process metrics are there', async () => {
    await t.pool.query('SELECT 1');
    const text = await scrape();
    // The scrape itself is in flight while the registry is read.
    expect(sample(text, 'http_requests_in_flight')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'pg_pool_clients')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'pg_pool_idle_clients')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'pg_pool_waiting_requests')).toBe(0);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
  });

  it('when the pool is saturated, then the waiting gauge counts the queued queries', async () => {
    const clients = await Promise.all(Array.from({ length: t.config.DB_POOL_MAX }, () => t.pool.connect()));
    const queued = t.pool.query('SELECT 1');
    try {
      expect(sample(await scrape(), 'pg_pool_waiting_requests')).toBe(1);
    } finally {
      for (const c of clients) c.release();
      await queued;
    }
  });
});

describe('GET /metrics with METRICS_TOKEN set', () => {
  const token = 'metrics-token-0123456789abcdef';
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN: token });
  });
  afterAll(() => t.close());

  it.each([
    ['no Authorization header', undefined],
    ['a wrong token', 'Bearer metrics-token-0123456789abcdeX'],
    ['a prefix of the token', 'Bearer metrics-token'],
    ['the token under another scheme', `Basic ${token}`],
  ])('when the scrape carries %s, then it is refused with 401 problem+json', async (_case, authorization) => {
    const req = request(t.app).get('/metrics');
    const res = await (authorization === undefined ? req : req.set('Authorization', authorization)).expect(401);
    expect(res.type).toBe('application/problem+json');
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.text).not.toContain('http_request_duration_seconds');
  });

  it('when the scrape carries the bearer token, then the metrics of this app alone are served', async () => {
    const res = await request(t.app).get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(sample(res.text, 'http_request_duration_seconds_count{method="GET",route="/metrics",status_code="401"}')).toBe(4);
    // Each app has its own registry: the other app's requests in this process are not counted here.
    expect(res.text).not.toContain('route="unmatched"');
  });
});
