import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREFIX, type TestApp, appWithoutDatabase, startTestApp } from '../support/app.js';
import { USER_KEYS, expectProblem } from './http-helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; requestBody?: { content: Record<string, { schema: { $ref?: string } }> } }>>;
  components: {
    securitySchemes: Record<string, { type: string; flows?: { password?: { tokenUrl: string } } }>;
    schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
  };
}

describe('health', () => {
  it('when /health is called, then 200 {status: "healthy"} and not cached', async () => {
    const res = await request(t.app).get(`${PREFIX}/health`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({ status: 'healthy' });
  });

  it('when /health/db is called with the database up, then 200 {status: "healthy", database: "connected"}', async () => {
    const res = await request(t.app).get(`${PREFIX}/health/db`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({ status: 'healthy', database: 'connected' });
  });

  it('when the health routes are called with a bogus token, then they still answer (no auth needed)', async () => {
    await request(t.app).get(`${PREFIX}/health`).set('Authorization', 'Bearer nonsense').expect(200);
    await request(t.app).get(`${PREFIX}/health/db`).set('Authorization', 'Bearer nonsense').expect(200);
  });

  describe('with the database unreachable', () => {
    let dead: ReturnType<typeof appWithoutDatabase>;
    beforeAll(() => {
      dead = appWithoutDatabase(t);
    });
    afterAll(() => dead.close());

    it('when /health/db is called, then 503 problem+json, while /health (liveness) stays 200', async () => {
      const res = await request(dead.app).get(`${PREFIX}/health/db`);
      expect(expectProblem(res, 503)).toEqual({
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail: 'The database cannot be reached.',
      });
      expect(res.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
      await request(dead.app).get(`${PREFIX}/health`).expect(200, { status: 'healthy' });
    });
  });
});

describe('interactive docs', () => {
  it('when /docs is requested, then it redirects to /docs/', async () => {
    const res = await request(t.app).get('/docs');
    expect([301, 302, 308]).toContain(res.status);
    expect(res.headers.location).toBe('/docs/');
  });

  it('when /docs/ is requested, then Swagger UI HTML is served', async () => {
    const res = await request(t.app).get('/docs/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<div id="swagger-ui">');
    expect(res.text).toContain('swagger-ui-bundle.js');
  });

  it('when Swagger UI loads its script and init, then they are served and the init carries the oauth2 login flow', async () => {
    const bundle = await request(t.app).get('/docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers['content-type']).toMatch(/javascript/);
    const init = await request(t.app).get('/docs/swagger-ui-init.js');
    expect(init.status).toBe(200);
    expect(init.text).toContain(`"tokenUrl": "${PREFIX}/auth/login"`);
    expect(init.text).toMatch(/"persistAuthorization":\s*true/);
  });
});

describe('OpenAPI document', () => {
  let doc: OpenApiDoc;
  beforeAll(async () => {
    const res = await request(t.app).get('/openapi.json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    doc = res.body as OpenApiDoc;
  });

  it('when /openapi.json is fetched, then it is OpenAPI 3.1.0', () => {
    expect(doc.openapi).toBe('3.1.0');
  });

  it('when /openapi.json is fetched, then every route of the API is documented with its methods', () => {
    const ops = Object.fromEntries(Object.entries(doc.paths).map(([p, item]) => [p, Object.keys(item).sort()]));
    expect(ops).toMatchObject({
      [`${PREFIX}/auth/register`]: ['post'],
      [`${PREFIX}/auth/login`]: ['post'],
      [`${PREFIX}/auth/refresh`]: ['post'],
      [`${PREFIX}/users/me`]: ['get', 'put'],
      [`${PREFIX}/users`]: ['get'],
      [`${PREFIX}/users/{id}`]: ['delete', 'get', 'put'],
      [`${PREFIX}/health`]: ['get'],
      [`${PREFIX}/health/db`]: ['get'],
    });
  });

  it('when /openapi.json is fetched, then the oauth2 password flow posts to /api/v1/auth/login and protected routes require it', () => {
    expect(doc.components.securitySchemes.oauth2).toEqual({
      type: 'oauth2',
      flows: { password: { tokenUrl: '/api/v1/auth/login', scopes: {} } },
    });
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [path, method] of [['/users/me', 'get'], ['/users', 'get'], ['/users/{id}', 'delete']] as const) {
      expect(doc.paths[`${PREFIX}${path}`]![method]!.security).toContainEqual({ oauth2: [] });
    }
    expect(doc.paths[`${PREFIX}/auth/login`]!.post!.security).toBeUndefined();
  });

  it('when /openapi.json is fetched, then login accepts the form and JSON bodies', () => {
    const content = doc.paths[`${PREFIX}/auth/login`]!.post!.requestBody!.content;
    expect(Object.keys(content).sort()).toEqual(['application/json', 'application/x-www-form-urlencoded']);
    const formRef = content['application/x-www-form-urlencoded']!.schema.$ref!.split('/').pop()!;
    expect(Object.keys(doc.components.schemas[formRef]!.properties!)).toEqual(
      expect.arrayContaining(['grant_type', 'username', 'password', 'scope', 'client_id']),
    );
  });

  it('when /openapi.json is fetched, then UserResponse documents exactly the whitelisted fields and no password', () => {
    const schema = doc.components.schemas.UserResponse!;
    expect(Object.keys(schema.properties!).sort()).toEqual(USER_KEYS);
    expect(JSON.stringify(doc)).not.toMatch(/password_hash/);
  });

  it('when the document is fetched under the API prefix, then it is the same document', async () => {
    const res = await request(t.app).get(`${PREFIX}/openapi.json`).expect(200);
    expect(res.body).toEqual(doc);
  });
});
