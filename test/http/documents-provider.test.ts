import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Account, PREFIX, type TestApp, createAccount, startTestApp } from '../support/app.js';
import { FakeEmbeddingProvider } from '../support/fake-embedding-provider.js';
import { FakeEmbeddingServer } from '../support/fake-embedding-server.js';

let t: TestApp;
let server: FakeEmbeddingServer;
let alice: Account;
const DOCS = `${PREFIX}/documents`;

beforeAll(async () => {
  server = await FakeEmbeddingServer.start();
  t = await startTestApp({
    EMBEDDING_API_URL: server.url,
    EMBEDDING_API_KEY: 'provider-key',
    EMBEDDING_MODEL: 'fake-model',
    EMBEDDING_MAX_RETRIES: '1',
    EMBEDDING_TIMEOUT_MS: '500',
  });
  alice = await createAccount(t);
});
afterAll(async () => {
  await t.close();
  await server.close();
});
beforeEach(() => {
  server.reset();
});

describe('with an embedding provider configured', () => {
  it('when a document comes without an embedding, then the provider computes it from the content', async () => {
    const res = await request(t.app).post(DOCS).set(alice.auth).send({ content: 'pgvector speaks HNSW' }).expect(201);
    expect(res.body.embedding[0]).toBeCloseTo(FakeEmbeddingProvider.vectorFor('pgvector speaks HNSW')[0]!, 5);
    expect(server.requests[0]?.body).toMatchObject({ model: 'fake-model', input: ['pgvector speaks HNSW'] });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer provider-key');
  });

  it('when a batch mixes documents with and without vectors, then one provider call embeds only the missing ones', async () => {
    const documents = [{ content: 'a' }, { content: 'b', embedding: FakeEmbeddingProvider.vectorFor('zzz') }, { content: 'c' }];
    await request(t.app).post(`${DOCS}/batch`).set(alice.auth).send({ documents }).expect(201);
    expect(server.requests.map((r) => r.body.input)).toEqual([['a', 'c']]);
  });

  it('when searching by query text, then the document with that very text scores 1 and comes first', async () => {
    const who = await createAccount(t);
    const contents = ['the cat sat', 'stock prices fell', 'a dog barked'];
    await request(t.app).post(`${DOCS}/batch`).set(who.auth).send({ documents: contents.map((content) => ({ content })) }).expect(201);
    const res = await request(t.app).post(`${DOCS}/search`).set(who.auth).send({ query: 'stock prices fell', k: 3 }).expect(200);
    expect(res.body.results[0]).toMatchObject({ content: 'stock prices fell' });
    expect(res.body.results[0].score).toBeCloseTo(1, 5);
  });

  it('when content changes without a vector, then the document is embedded again', async () => {
    const doc = (await request(t.app).post(DOCS).set(alice.auth).send({ content: 'old' }).expect(201)).body;
    const res = await request(t.app).put(`${DOCS}/${doc.id}`).set(alice.auth).send({ content: 'new' }).expect(200);
    expect(res.body.embedding[0]).toBeCloseTo(FakeEmbeddingProvider.vectorFor('new')[0]!, 5);
  });

  it('when the provider stays down, then 503 problem+json after the retries, and nothing is stored', async () => {
    server.reset(() => ({ status: 503 }));
    const before = (await request(t.app).get(DOCS).set(alice.auth)).body.total;
    const res = await request(t.app).post(DOCS).set(alice.auth).send({ content: 'x' }).expect(503);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.code).toBe('embedding.provider_unavailable');
    expect(server.requests).toHaveLength(2);
    expect((await request(t.app).get(DOCS).set(alice.auth)).body.total).toBe(before);
  });

  it('when the provider refuses the key, then 502 without the provider words, and no retry', async () => {
    server.reset(() => ({ status: 401, body: { error: { message: 'Incorrect API key provided: prov****' } } }));
    const res = await request(t.app).post(`${DOCS}/search`).set(alice.auth).send({ query: 'x' }).expect(502);
    expect(res.body).toMatchObject({ status: 502, title: 'Bad Gateway', code: 'embedding.provider_failed' });
    expect(JSON.stringify(res.body)).not.toContain('Incorrect API key');
    expect(server.requests).toHaveLength(1);
  });

  it("when the provider's vectors have the wrong dimension, then 502 says so", async () => {
    server.reset((req) => ({ status: 200, body: { data: req.body.input.map((_, index) => ({ index, embedding: [1, 2, 3] })) } }));
    const res = await request(t.app).post(DOCS).set(alice.auth).send({ content: 'x' }).expect(502);
    expect(res.body.detail).toMatch(/384/);
  });
});
