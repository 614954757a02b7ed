import { describe, expect, it } from 'vitest';
import { QueryNeedsProviderError } from '../../../src/application/documents/errors.js';
import { InvalidFilterError, InvalidMinScoreError, InvalidSearchLimitError } from '../../../src/domain/documents/errors.js';
import { FakeEmbeddingProvider } from '../../support/fake-embedding-provider.js';
import { bruteForce, near, randomVector, seeded } from '../../support/vectors.js';
import { documentsFixture } from './fixture.js';

const rand = seeded(9);
const base = randomVector(rand);

async function seeded20(provider?: FakeEmbeddingProvider) {
  const f = documentsFixture(provider);
  const vectors = Array.from({ length: 20 }, () => near(base, 0.7, rand));
  const docs = await f.createBatch.execute({
    ownerId: 1,
    documents: vectors.map((embedding, i) => ({ content: `d${i}`, metadata: { odd: i % 2 === 1 }, embedding })),
  });
  return { f, docs: docs.map((d, i) => ({ id: d.id, embedding: vectors[i]! })) };
}

describe('SearchDocuments', () => {
  it('when searching by vector with the defaults, then the 10 nearest by cosine, best first', async () => {
    const { f, docs } = await seeded20();
    const query = near(base, 0.5, rand);
    const hits = await f.searchDocuments.execute({ ownerId: 1, embedding: query });
    expect(hits.map((h) => h.id)).toEqual(bruteForce('cosine', query, docs, 10).map((e) => e.id));
  });

  it('when another owner searches, then he finds nothing of ours', async () => {
    const { f } = await seeded20();
    expect(await f.searchDocuments.execute({ ownerId: 2, embedding: base })).toEqual([]);
  });

  it('when a filter and min_score are given, then both apply', async () => {
    const { f } = await seeded20();
    const hits = await f.searchDocuments.execute({ ownerId: 1, embedding: base, k: 100, filter: { odd: true }, minScore: -1 });
    expect(hits).toHaveLength(10);
    expect(hits.every((h) => h.metadata.odd === true)).toBe(true);
    expect(await f.searchDocuments.execute({ ownerId: 1, embedding: base, minScore: 1.01 })).toEqual([]);
  });

  it('when searching by query text without a provider, then QueryNeedsProviderError', async () => {
    const { f } = await seeded20();
    await expect(f.searchDocuments.execute({ ownerId: 1, query: 'hello' })).rejects.toBeInstanceOf(QueryNeedsProviderError);
  });

  it('when searching by query text with a provider, then the text is embedded and used', async () => {
    const provider = new FakeEmbeddingProvider();
    const { f } = await seeded20(provider);
    await f.createDocument.execute({ ownerId: 1, content: 'hello' });
    const [top] = await f.searchDocuments.execute({ ownerId: 1, query: 'hello', k: 1 });
    expect(top?.content).toBe('hello');
    expect(provider.calls).toEqual([['hello'], ['hello']]);
  });

  it.each<[string, Record<string, unknown>, new (...args: never[]) => Error]>([
    ['k = 0', { k: 0 }, InvalidSearchLimitError],
    ['k = 101', { k: 101 }, InvalidSearchLimitError],
    ['a filter that is an array', { filter: ['a'] }, InvalidFilterError],
    ['a NaN min_score', { minScore: Number.NaN }, InvalidMinScoreError],
  ])('when the search has %s, then it is refused before the provider is called', async (_what, over, error) => {
    const provider = new FakeEmbeddingProvider();
    const f = documentsFixture(provider);
    await expect(f.searchDocuments.execute({ ownerId: 1, query: 'x', ...over })).rejects.toBeInstanceOf(error);
    expect(provider.calls).toEqual([]);
  });
});
