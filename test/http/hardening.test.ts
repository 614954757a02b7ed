import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREFIX, type TestApp, startTestApp } from '../support/app.js';
import { type CapturedLogs, captureLogs } from '../support/logs.js';

let t: TestApp;
let logs: CapturedLogs;
beforeAll(async () => {
  logs = captureLogs();
  t = await startTestApp({ CORS_ORIGINS: 'https://app.example.com,https://admin.example.com' }, { logger: logs.logger });
});
afterAll(() => t.close());

describe('security headers', () => {
  it('when the API answers, then helmet headers are set and the CSP lets nothing load or frame', async () => {
    const res = await request(t.app).get(`${PREFIX}/health`).expect(200);
    expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'strict-transport-security': expect.stringContaining('max-age='),
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'SAMEORIGIN',
    });
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('when an error is answered, then it carries the same headers', async () => {
    const res = await request(t.app).get('/nowhere').expect(404);
    expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
  });
});

describe('Swagger UI under the docs CSP', () => {
  it('when /docs/ is loaded, then every script is a same-origin file the CSP allows, and each is served', async () => {
    await request(t.app).get('/docs').expect(301).expect('Location', '/docs/');
    const page = await request(t.app).get('/docs/').expect(200).expect('Content-Type', /html/);
    const csp = page.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-eval|upgrade-insecure-requests/);
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(body?.trim(), 'no inline script: script-src has no unsafe-inline').toBe('');
      const src = /src=["']\.\/([^"']+)["']/.exec(attrs ?? '')?.[1];
      expect(src).toBeDefined();
      await request(t.app).get(`/docs/${src}`).expect(200).expect('Content-Type', /javascript/);
    }
  });

  it('when the init script is served, then it embeds the OpenAPI document, so the UI fetches nothing else', async () => {
    const init = await request(t.app).get('/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain(`${PREFIX}/auth/login`);
  });
});

describe('CORS from CORS_ORIGINS', () => {
  const preflight = (app: TestApp['app'], origin: string) =>
    request(app).options(`${PREFIX}/users/me`).set('Origin', origin).set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'authorization');

  it('when a listed origin preflights, then it is allowed by name and without credentials', async () => {
    const res = await preflight(t.app, 'https://admin.example.com').expect(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://admin.example.com');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('when another origin preflights, then no CORS header allows it', async () => {
    const res = await preflight(t.app, 'https://evil.example.net');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('when CORS_ORIGINS is *, then any origin is allowed and credentials never are', async () => {
    const open = await startTestApp({ CORS_ORIGINS: '*' });
    try {
      const res = await preflight(open.app, 'https://anyone.example.org').expect(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    } finally {
      await open.close();
    }
  });

  it('when CORS_ORIGINS is empty, then no CORS headers are sent', async () => {
    const closed = await startTestApp();
    try {
      const res = await request(closed.app).get(`${PREFIX}/health`).set('Origin', 'https://app.example.com').expect(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await closed.close();
    }
  });
});

describe('TRUST_PROXY', () => {
  const loggedIp = (id: string) => logs.records().find((r) => r.requestId === id)?.ip;

  it('when it is false (the default), then X-Forwarded-For is ignored and the socket address is logged', async () => {
    await request(t.app).get(`${PREFIX}/health`).set('X-Request-ID', 'tp-default').set('X-Forwarded-For', '203.0.113.7').expect(200);
    expect(loggedIp('tp-default')).toMatch(/127\.0\.0\.1|::1/);
  });

  it('when it is 1, then the client address comes from the last X-Forwarded-For hop', async () => {
    const proxied = captureLogs();
    const behind = await startTestApp({ TRUST_PROXY: '1' }, { logger: proxied.logger });
    try {
      await request(behind.app).get(`${PREFIX}/health`).set('X-Forwarded-For', '198.51.100.1, 203.0.113.7').expect(200);
      expect(proxied.records().find((r) => r.msg === 'request completed')?.ip).toBe('203.0.113.7');
    } finally {
      await behind.close();
    }
  });
});

describe('request body limit', () => {
  it('when a JSON body is over 1 MB, then the answer is 413 problem+json', async () => {
    const res = await request(t.app).post(`${PREFIX}/auth/register`).set('Content-Type', 'application/json')
      .send(`{"email":"a@example.com","password":"${'x'.repeat(1024 * 1024)}"}`).expect(413);
    expect(res.type).toBe('application/problem+json');
  });
});
