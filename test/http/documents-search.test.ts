import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, PREFIX, type TestApp, createAccount, startTestApp } from '../support/app.js';
import { expectFieldError, hitsOf, itemsOf } from '../support/documents.js';
import { type TestMetric, bruteForce, near, randomVector, seeded } from '../support/vectors.js';

let t: TestApp;
let alice: Account;
let bob: Account;
const rand = seeded(11);
const SEARCH = `${PREFIX}/documents/search`;
// Every vector of this file lies near one random direction, far from other files' data when the
// embedded database is shared: the index then finds these documents first.
const base = randomVector(rand);
const LANGS = ['en', 'fr', 'de', 'es'];
let aliceDocs: { id: number; embedding: number[]; metadata: { lang: string; i: number; tags: string[] } }[];

beforeAll(async () => {
  t = await startTestApp();
  [alice, bob] = await Promise.all([createAccount(t), createAccount(t)]);
  const documents = Array.from({ length: 40 }, (_, i) => ({
    content: `alice ${i}`,
    metadata: { lang: LANGS[i % 4]!, i, tags: i % 5 === 0 ? ['five', 'all'] : ['all'] },
    embedding: near(base, 0.6, rand),
  }));
  const res = await request(t.app).post(`${PREFIX}/documents/batch`).set(alice.auth).send({ documents }).expect(201);
  aliceDocs = itemsOf(res).map((d, i) => ({ ...documents[i]!, id: d.id }));
  const bobs = Array.from({ length: 10 }, () => ({ content: 'bob', embedding: near(base, 0.2, rand) }));
  await request(t.app).post(`${PREFIX}/documents/batch`).set(bob.auth).send({ documents: bobs }).expect(201);
});
afterAll(() => t.close());

const search = (who: Account, body: Record<string, unknown>) => request(t.app).post(SEARCH).set(who.auth).send(body);

describe('POST /documents/search', () => {
  it.each<TestMetric>(['cosine', 'l2', 'inner_product'])(
    'when alice searches by %s, then she gets exactly the brute-force top 10 of her documents, best first',
    async (metric) => {
      const query = near(base, 0.5, rand);
      const res = await search(alice, { embedding: query, metric }).expect(200);
      const expected = bruteForce(metric, query, aliceDocs, 10);
      expect(hitsOf(res).map((r) => r.id)).toEqual(expected.map((e) => e.id));
      hitsOf(res).forEach((r, i) => {
        expect(r.score).toBeCloseTo(expected[i]!.score, 3);
      });
      expect(Object.keys(hitsOf(res)[0]!).sort()).toEqual(['content', 'id', 'metadata', 'score']);
    },
  );

  it("when bob searches with the very vector of alice's document, then he only ever sees his own", async () => {
    const res = await search(bob, { embedding: aliceDocs[0]!.embedding, k: 100 }).expect(200);
    expect(res.body.results).toHaveLength(10);
    expect(hitsOf(res).every((r) => r.content === 'bob')).toBe(true);
  });

  it('when a filter is given, then only documents whose metadata contains it come back, still k of them', async () => {
    const query = near(base, 0.5, rand);
    const res = await search(alice, { embedding: query, k: 5, filter: { lang: 'fr' } }).expect(200);
    const expected = bruteForce('cosine', query, aliceDocs.filter((d) => d.metadata.lang === 'fr'), 5);
    expect(hitsOf(res).map((r) => r.id)).toEqual(expected.map((e) => e.id));
    const tagged = await search(alice, { embedding: query, k: 100, filter: { tags: ['five'] } }).expect(200);
    expect(tagged.body.results).toHaveLength(8);
  });

  it('when min_score is given, then weaker hits are dropped', async () => {
    const target = aliceDocs[3]!;
    const res = await search(alice, { embedding: target.embedding, min_score: 0.999 }).expect(200);
    expect(hitsOf(res).map((r) => r.id)).toEqual([target.id]);
    expect(res.body.results[0].score).toBeCloseTo(1, 5);
  });

  it('when k is left out, then 10 results come back', async () => {
    expect((await search(alice, { embedding: base }).expect(200)).body.results).toHaveLength(10);
  });

  it('when query text is sent and no provider is configured, then 422 names query and says so', async () => {
    const res = await search(alice, { query: 'vectors in postgres' });
    expectFieldError(res, 'query');
    expect(res.body.detail).toMatch(/embedding provider/);
    expect(res.body.code).toBe('search.query_needs_provider');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['k = 0', { k: 0 }, 'k'],
    ['k = 101', { k: 101 }, 'k'],
    ['k = 2.5', { k: 2.5 }, 'k'],
    ['an unknown metric', { metric: 'dot' }, 'metric'],
    ['a filter that is not an object', { filter: 'lang=en' }, 'filter'],
    ['a vector of the wrong dimension', { embedding: [1, 0] }, 'embedding'],
    ['an empty vector', { embedding: [] }, 'embedding'],
    ['a NaN in the vector', { embedding: base.map((v, i) => (i === 9 ? 'NaN' : v)) }, 'embedding.9'],
    ['both embedding and query', { query: 'text' }, 'embedding'],
  ])('when the search has %s, then 422 names the field', async (_what, over, field) => {
    expectFieldError(await search(alice, { embedding: base, ...over }), field);
  });

  it('when neither embedding nor query is sent, then 422 names embedding', async () => {
    expectFieldError(await search(alice, { k: 3 }), 'embedding');
  });
});
