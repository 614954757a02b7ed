import { describe, expect, it } from 'vitest';
import { EmbeddingProviderFailedError, EmbeddingRequiredError } from '../../../src/application/documents/errors.js';
import { InvalidBatchError, InvalidContentError, InvalidEmbeddingError } from '../../../src/domain/documents/errors.js';
import { FakeEmbeddingProvider } from '../../support/fake-embedding-provider.js';
import { randomVector, seeded } from '../../support/vectors.js';
import { documentsFixture } from './fixture.js';

const rand = seeded(3);

describe('CreateDocument', () => {
  it('when a vector is given, then the document is stored with it, the metadata and the time', async () => {
    const f = documentsFixture();
    const embedding = randomVector(rand);
    const doc = await f.createDocument.execute({ ownerId: 1, content: 'text', metadata: { a: 1 }, embedding });
    expect(doc).toMatchObject({ ownerId: 1, content: 'text', metadata: { a: 1 }, createdAt: f.clock.at, updatedAt: f.clock.at });
    expect(doc.embedding.toArray()).toEqual(Array.from(Float32Array.from(embedding)));
    expect(await f.repo.findById(doc.id)).not.toBeNull();
  });

  it('when metadata is left out, then it is an empty object', async () => {
    const doc = await documentsFixture().createDocument.execute({ ownerId: 1, content: 'text', embedding: randomVector(rand) });
    expect(doc.metadata).toEqual({});
  });

  it('when no vector is given and there is no provider, then EmbeddingRequiredError', async () => {
    await expect(documentsFixture().createDocument.execute({ ownerId: 1, content: 'text' })).rejects.toBeInstanceOf(EmbeddingRequiredError);
  });

  it('when no vector is given and a provider is there, then the provider embeds the content', async () => {
    const provider = new FakeEmbeddingProvider();
    const doc = await documentsFixture(provider).createDocument.execute({ ownerId: 1, content: 'embed me' });
    expect(provider.calls).toEqual([['embed me']]);
    expect(doc.embedding.toArray()).toEqual(Array.from(Float32Array.from(FakeEmbeddingProvider.vectorFor('embed me'))));
  });

  it('when the content is invalid, then it fails before the provider is paid', async () => {
    const provider = new FakeEmbeddingProvider();
    await expect(documentsFixture(provider).createDocument.execute({ ownerId: 1, content: ' ' })).rejects.toBeInstanceOf(InvalidContentError);
    expect(provider.calls).toEqual([]);
  });

  it("when the provider's vectors have another dimension, then EmbeddingProviderFailedError, not the client's fault", async () => {
    const f = documentsFixture(new FakeEmbeddingProvider(3));
    await expect(f.createDocument.execute({ ownerId: 1, content: 'x' })).rejects.toBeInstanceOf(EmbeddingProviderFailedError);
  });
});

describe('CreateDocumentsBatch', () => {
  it('when some documents lack vectors, then one provider call embeds just those, and order is kept', async () => {
    const provider = new FakeEmbeddingProvider();
    const f = documentsFixture(provider);
    const docs = await f.createBatch.execute({
      ownerId: 1,
      documents: [{ content: 'a' }, { content: 'b', embedding: randomVector(rand) }, { content: 'c' }],
    });
    expect(provider.calls).toEqual([['a', 'c']]);
    expect(docs.map((d) => d.content)).toEqual(['a', 'b', 'c']);
  });

  it('when a document of the batch lacks a vector and there is no provider, then the error names it', async () => {
    const documents = [{ content: 'ok', embedding: randomVector(rand) }, { content: 'no vector' }];
    await expect(documentsFixture().createBatch.execute({ ownerId: 1, documents })).rejects.toThrow('documents[1] has no embedding');
  });

  it('when one document is invalid, then none is stored', async () => {
    const f = documentsFixture();
    const documents = [{ content: 'ok', embedding: randomVector(rand) }, { content: 'bad', embedding: [1, 2] }];
    await expect(f.createBatch.execute({ ownerId: 1, documents })).rejects.toBeInstanceOf(InvalidEmbeddingError);
    expect((await f.listDocuments.execute({ ownerId: 1, page: { skip: 0, limit: 10 } })).total).toBe(0);
  });

  it('when the batch has the maximum of 1000 documents, then all are stored', async () => {
    const documents = Array.from({ length: 1000 }, (_, i) => ({ content: `d${i}`, embedding: [i + 1, ...new Array<number>(383).fill(0)] }));
    expect(await documentsFixture().createBatch.execute({ ownerId: 1, documents })).toHaveLength(1000);
  });

  it.each([0, 1001])('when the batch has %i documents, then InvalidBatchError', async (n) => {
    const documents = Array.from({ length: n }, () => ({ content: 'x' }));
    await expect(documentsFixture().createBatch.execute({ ownerId: 1, documents })).rejects.toBeInstanceOf(InvalidBatchError);
  });
});
