import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { PREFIX, useTestApp } from '../support/app.js';

const t = useTestApp();

describe('the OpenAPI document', () => {
  it('when it is read, then the session routes are in it with their statuses, and the limited routes list 429', async () => {
    const doc = (await request(t.app).get('/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>;
    };
    const statuses = (path: string, method: string) => Object.keys(doc.paths[`${PREFIX}${path}`]?.[method]?.responses ?? {}).sort();
    expect(statuses('/auth/logout', 'post')).toEqual(['204', '401', '422']);
    expect(statuses('/auth/logout-all', 'post')).toEqual(['204', '401']);
    expect(statuses('/users/me/password', 'put')).toEqual(['204', '400', '401', '422', '429']);
    expect(statuses('/users/me/sessions', 'get')).toEqual(['200', '401']);
    expect(statuses('/users/me/sessions/{id}', 'delete')).toEqual(['204', '401', '404', '422']);
    for (const path of ['/auth/login', '/auth/register', '/auth/refresh']) expect(statuses(path, 'post')).toContain('429');
    expect(doc.paths[`${PREFIX}/auth/logout`]?.post?.security).toBeDefined();
  });
});
