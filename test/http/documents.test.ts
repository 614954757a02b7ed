import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Account, PREFIX, type TestApp, createAccount, startTestApp } from '../support/app.js';
import { waitForLockWaiters } from '../support/database.js';
import { type DocumentJson, documentOf, expectFieldError, itemsOf } from '../support/documents.js';
import { randomVector, seeded } from '../support/vectors.js';

let t: TestApp;
let alice: Account;
let bob: Account;
let admin: Account;
const rand = seeded(7);
const DOCS = `${PREFIX}/documents`;

beforeAll(async () => {
  t = await startTestApp();
  [alice, bob, admin] = await Promise.all([createAccount(t), createAccount(t), createAccount(t, { admin: true })]);
});
afterAll(() => t.close());

const body = (over: Record<string, unknown> = {}) => ({ content: 'A note about vectors.', metadata: { lang: 'en' }, embedding: randomVector(rand), ...over });
const create = async (who: Account, over: Record<string, unknown> = {}): Promise<DocumentJson> =>
  documentOf(await request(t.app).post(DOCS).set(who.auth).send(body(over)).expect(201));
const countOf = async (who: Account) => (await request(t.app).get(DOCS).set(who.auth).expect(200)).body.total as number;

describe('POST /documents', () => {
  it('when a user sends content, metadata and an embedding, then 201 returns the document and GET reads it back', async () => {
    const sent = body({ content: 'Héllo wörld', metadata: { lang: 'de', tags: ['x'], n: { deep: true } } });
    const res = await request(t.app).post(DOCS).set(alice.auth).send(sent).expect(201);
    expect(res.headers.location).toBe(`${DOCS}/${res.body.id}`);
    expect(res.body).toMatchObject({ owner_id: alice.id, content: 'Héllo wörld', metadata: sent.metadata });
    expect(res.body.embedding).toHaveLength(384);
    expect(res.body.embedding[0]).toBeCloseTo(sent.embedding[0]!, 5);
    const read = await request(t.app).get(`${DOCS}/${res.body.id}`).set(alice.auth).expect(200);
    expect(read.body).toEqual(res.body);
  });

  it('when the body has no embedding and no provider is configured, then 422 names embedding and says why', async () => {
    const res = await request(t.app).post(DOCS).set(alice.auth).send({ content: 'no vector' });
    expectFieldError(res, 'embedding');
    expect(res.body.detail).toMatch(/no embedding provider is configured/);
  });

  const tooLong = 'é'.repeat(51_201); // 102,402 bytes of UTF-8 in fewer characters than the byte limit
  it.each<[string, Record<string, unknown>, string]>([
    ['a vector of the wrong dimension', { embedding: [1, 2, 3] }, 'embedding'],
    ['an empty vector', { embedding: [] }, 'embedding'],
    ['a "NaN" in the vector', { embedding: randomVector(rand).map((v, i) => (i === 5 ? 'NaN' : v)) }, 'embedding.5'],
    ['a number beyond float4', { embedding: randomVector(rand).map((v, i) => (i === 5 ? 1e39 : v)) }, 'embedding.5'],
    ['the zero vector', { embedding: new Array(384).fill(0) }, 'embedding'],
    ['empty content', { content: '' }, 'content'],
    ['blank content', { content: '   ' }, 'content'],
    ['content over 100 KiB of UTF-8', { content: tooLong }, 'content'],
    ['content with a NUL character', { content: 'a\u0000b' }, 'content'],
    ['metadata that is an array', { metadata: ['a'] }, 'metadata'],
    ['metadata over 16 KiB', { metadata: { big: 'x'.repeat(17_000) } }, 'metadata'],
    ['metadata with a NUL character', { metadata: { k: 'a\u0000b' } }, 'metadata'],
  ])('when the body has %s, then 422 names the field', async (_what, over, field) => {
    const before = await countOf(alice);
    expectFieldError(await request(t.app).post(DOCS).set(alice.auth).send(body(over)), field);
    expect(await countOf(alice)).toBe(before);
  });

  it('when a vector holds Infinity (1e999 in JSON), then 422 names the element', async () => {
    const raw = JSON.stringify(body()).replace(/"embedding":\[[^,]+/, '"embedding":[1e999');
    const res = await request(t.app).post(DOCS).set(alice.auth).set('content-type', 'application/json').send(raw);
    expectFieldError(res, 'embedding.0');
  });

  it('when the body carries an unknown field, then 422', async () => {
    expect((await request(t.app).post(DOCS).set(alice.auth).send(body({ owner_id: bob.id }))).status).toBe(422);
  });

  it('when nobody is logged in, then 401 with WWW-Authenticate', async () => {
    const res = await request(t.app).post(DOCS).send(body()).expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });
});

// Row locks between connections need a PostgreSQL server: the embedded database runs them all in one session.
describe.skipIf(inject('testDb').mode === 'shared')('POST /documents by an account deleted mid-request', () => {
  it('when the owner is deleted while the insert waits, then 401 problem+json, never a 500, and nothing stored', async () => {
    const doomed = await createAccount(t);
    const blocker = new pg.Client({ connectionString: t.config.DATABASE_URL });
    await blocker.connect();
    try {
      // Holding the user's row makes the insert's foreign-key check wait; the delete then wins.
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [doomed.id]);
      const pending = request(t.app).post(DOCS).set(doomed.auth).send(body()).then((r) => r);
      await waitForLockWaiters(blocker, 1);
      await blocker.query('DELETE FROM users WHERE id = $1', [doomed.id]);
      await blocker.query('COMMIT');
      const res = await pending;
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 401, code: 'document.owner_not_found' });
      const { rows } = await t.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM documents WHERE owner_id = $1', [doomed.id]);
      expect(rows[0]?.n).toBe(0);
    } finally {
      await blocker.end();
    }
  });
});

describe('POST /documents/batch', () => {
  // 300 documents with 384 numbers each are over 2 MB of JSON: beyond the 1 MB limit of other routes.
  // (1000, the maximum, is left to the unit tests: it takes longer than a test should on the embedded database.)
  it('when a batch is larger than the general body limit, then all documents are stored in the order sent', async () => {
    const who = await createAccount(t);
    const documents = Array.from({ length: 300 }, (_, i) => body({ content: `doc ${i}`, metadata: { i } }));
    expect(JSON.stringify({ documents }).length).toBeGreaterThan(2 * 1024 * 1024);
    const res = await request(t.app).post(`${DOCS}/batch`).set(who.auth).send({ documents }).expect(201);
    expect(itemsOf(res).map((d) => d.content)).toEqual(documents.map((d) => d.content));
    expect(res.body.items[0]).not.toHaveProperty('embedding');
    expect(await countOf(who)).toBe(300);
  });

  it('when one document of the batch is invalid, then 422 names it and none is stored', async () => {
    const before = await countOf(alice);
    const documents = [body(), body(), body(), body({ embedding: [0.5] })];
    expectFieldError(await request(t.app).post(`${DOCS}/batch`).set(alice.auth).send({ documents }), 'documents.3.embedding');
    expect(await countOf(alice)).toBe(before);
  });

  it('when one document of the batch breaks a domain rule, then nothing is stored either', async () => {
    const before = await countOf(alice);
    const documents = [body(), body({ embedding: new Array(384).fill(0) })];
    expectFieldError(await request(t.app).post(`${DOCS}/batch`).set(alice.auth).send({ documents }), 'embedding');
    expect(await countOf(alice)).toBe(before);
  });

  it.each([
    ['empty', 0],
    ['over 1000 documents', 1001],
  ])('when the batch is %s, then 422 names documents', async (_what, n) => {
    const documents = Array.from({ length: n }, () => ({ content: 'x' }));
    expectFieldError(await request(t.app).post(`${DOCS}/batch`).set(alice.auth).send({ documents }), 'documents');
  });

  it('when nobody is logged in, then the large body is not even read: 401', async () => {
    await request(t.app).post(`${DOCS}/batch`).send({ documents: [body()] }).expect(401);
  });
});

describe('owner isolation', () => {
  it("when bob reads, changes or deletes alice's document, then 404 exactly as for a missing one, and it stays", async () => {
    const doc = await create(alice);
    const missing = `${DOCS}/999999999`;
    const mine = `${DOCS}/${doc.id}`;
    for (const [method, send] of [['get', undefined], ['put', { content: 'mine now', embedding: randomVector(rand) }], ['delete', undefined]] as const) {
      const theirs = await request(t.app)[method](mine).set(bob.auth).send(send);
      const absent = await request(t.app)[method](missing).set(bob.auth).send(send);
      expect(theirs.status).toBe(404);
      expect(theirs.body).toEqual(absent.body);
    }
    expect((await request(t.app).get(mine).set(alice.auth).expect(200)).body.content).toBe(doc.content);
  });

  it("when an admin reads alice's document, then 200; changing or deleting it is still 404", async () => {
    const doc = await create(alice);
    await request(t.app).get(`${DOCS}/${doc.id}`).set(admin.auth).expect(200);
    await request(t.app).put(`${DOCS}/${doc.id}`).set(admin.auth).send({ metadata: {} }).expect(404);
    await request(t.app).delete(`${DOCS}/${doc.id}`).set(admin.auth).expect(404);
  });

  it('when users list documents, then each sees only his own, a page at a time, with the total', async () => {
    const carol = await createAccount(t);
    const made = [await create(carol), await create(carol), await create(carol)];
    await create(bob);
    const res = await request(t.app).get(DOCS).query({ skip: 1, limit: 1 }).set(carol.auth).expect(200);
    expect(res.body).toMatchObject({ total: 3, skip: 1, limit: 1 });
    expect(itemsOf(res).map((d) => d.id)).toEqual([made[1]!.id]);
    expect(res.body.items[0].owner_id).toBe(carol.id);
  });

  it('when a user is deleted, then his documents go with him', async () => {
    const dave = await createAccount(t);
    const doc = await create(dave);
    await request(t.app).delete(`${PREFIX}/users/${dave.id}`).set(admin.auth).expect(204);
    const { rows } = await t.pool.query('SELECT 1 FROM documents WHERE id = $1', [doc.id]);
    expect(rows).toHaveLength(0);
  });
});

describe('PUT and DELETE /documents/{id}', () => {
  it('when only metadata changes, then content and embedding stay', async () => {
    const doc = await create(alice);
    const res = await request(t.app).put(`${DOCS}/${doc.id}`).set(alice.auth).send({ metadata: { lang: 'fr' } }).expect(200);
    expect(res.body).toMatchObject({ content: doc.content, metadata: { lang: 'fr' }, embedding: doc.embedding, created_at: doc.created_at });
    expect(res.body.updated_at > doc.updated_at).toBe(true);
  });

  it('when content changes without a new embedding and there is no provider, then 422 and nothing changes', async () => {
    const doc = await create(alice);
    const res = await request(t.app).put(`${DOCS}/${doc.id}`).set(alice.auth).send({ content: 'new text' });
    expectFieldError(res, 'embedding');
    expect((await request(t.app).get(`${DOCS}/${doc.id}`).set(alice.auth)).body.content).toBe(doc.content);
  });

  it('when content and embedding change together, then both are stored', async () => {
    const doc = await create(alice);
    const embedding = randomVector(rand);
    const res = await request(t.app).put(`${DOCS}/${doc.id}`).set(alice.auth).send({ content: 'new text', embedding }).expect(200);
    expect(res.body.content).toBe('new text');
    expect(res.body.embedding[1]).toBeCloseTo(embedding[1]!, 5);
  });

  it('when the owner deletes a document, then 204 and it is gone', async () => {
    const doc = await create(alice);
    await request(t.app).delete(`${DOCS}/${doc.id}`).set(alice.auth).expect(204);
    await request(t.app).get(`${DOCS}/${doc.id}`).set(alice.auth).expect(404);
  });

  it.each(['abc', '0', '1.5', '99999999999999999999'])('when the id is %s, then 422 naming id', async (id) => {
    expectFieldError(await request(t.app).get(`${DOCS}/${id}`).set(alice.auth), 'id');
  });
});

describe('the OpenAPI document', () => {
  it('when fetched, then it describes every documents route and the configured vector size', async () => {
    const doc = (await request(t.app).get('/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties: Record<string, { minItems?: number; maxItems?: number }> }> };
    };
    expect(Object.keys(doc.paths['/api/v1/documents'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/documents/{id}'] ?? {}).sort()).toEqual(['delete', 'get', 'put']);
    expect(doc.paths['/api/v1/documents/batch']).toHaveProperty('post');
    expect(doc.paths['/api/v1/documents/search']).toHaveProperty('post');
    expect(doc.components.schemas.SearchRequest?.properties.embedding).toMatchObject({ minItems: 384, maxItems: 384 });
  });
});
