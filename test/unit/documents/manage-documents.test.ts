import { describe, expect, it } from 'vitest';
import { EmbeddingRequiredError } from '../../../src/application/documents/errors.js';
import { DocumentNotFoundError, InvalidMetadataError } from '../../../src/domain/documents/errors.js';
import { FakeEmbeddingProvider } from '../../support/fake-embedding-provider.js';
import { randomVector, seeded } from '../../support/vectors.js';
import { documentsFixture } from './fixture.js';

const rand = seeded(5);
const ALICE = { id: 1, isAdmin: false };
const BOB = { id: 2, isAdmin: false };
const ADMIN = { id: 3, isAdmin: true };

async function withDocument(f = documentsFixture()) {
  const doc = await f.createDocument.execute({ ownerId: ALICE.id, content: 'original', metadata: { v: 1 }, embedding: randomVector(rand) });
  return { f, doc };
}

describe('GetDocument', () => {
  it('when the owner or an admin asks, then the document; when anyone else asks, then not found', async () => {
    const { f, doc } = await withDocument();
    expect((await f.getDocument.execute({ reader: ALICE, id: doc.id })).id).toBe(doc.id);
    expect((await f.getDocument.execute({ reader: ADMIN, id: doc.id })).id).toBe(doc.id);
    await expect(f.getDocument.execute({ reader: BOB, id: doc.id })).rejects.toBeInstanceOf(DocumentNotFoundError);
    await expect(f.getDocument.execute({ reader: ALICE, id: 999 })).rejects.toBeInstanceOf(DocumentNotFoundError);
  });
});

describe('ListDocuments', () => {
  it("when a user lists, then only his documents, by id, with the total", async () => {
    const { f, doc } = await withDocument();
    await f.createDocument.execute({ ownerId: BOB.id, content: 'bob', embedding: randomVector(rand) });
    expect(await f.listDocuments.execute({ ownerId: ALICE.id, page: { skip: 0, limit: 10 } })).toEqual({ items: [doc], total: 1 });
  });
});

describe('UpdateDocument', () => {
  it('when only metadata changes, then content and vector stay and updatedAt moves', async () => {
    const { f, doc } = await withDocument();
    f.clock.at = new Date('2026-03-02T00:00:00Z');
    const updated = await f.updateDocument.execute({ ownerId: ALICE.id, id: doc.id, metadata: { v: 2 } });
    expect(updated).toMatchObject({ content: 'original', metadata: { v: 2 }, createdAt: doc.createdAt, updatedAt: f.clock.at });
    expect(updated.embedding.toArray()).toEqual(doc.embedding.toArray());
  });

  it('when content changes without a vector and there is no provider, then EmbeddingRequiredError and nothing changes', async () => {
    const { f, doc } = await withDocument();
    await expect(f.updateDocument.execute({ ownerId: ALICE.id, id: doc.id, content: 'new' })).rejects.toBeInstanceOf(EmbeddingRequiredError);
    expect((await f.repo.findById(doc.id))?.content).toBe('original');
  });

  it('when content changes without a vector and a provider is there, then the new content is embedded', async () => {
    const { f, doc } = await withDocument(documentsFixture(new FakeEmbeddingProvider()));
    const updated = await f.updateDocument.execute({ ownerId: ALICE.id, id: doc.id, content: 'new' });
    expect(updated.embedding.toArray()).toEqual(Array.from(Float32Array.from(FakeEmbeddingProvider.vectorFor('new'))));
  });

  it('when someone else updates, then not found and nothing changes', async () => {
    const { f, doc } = await withDocument();
    await expect(f.updateDocument.execute({ ownerId: BOB.id, id: doc.id, metadata: {} })).rejects.toBeInstanceOf(DocumentNotFoundError);
    expect((await f.repo.findById(doc.id))?.metadata).toEqual({ v: 1 });
  });

  it('when metadata is not an object, then InvalidMetadataError', async () => {
    const { f, doc } = await withDocument();
    await expect(f.updateDocument.execute({ ownerId: ALICE.id, id: doc.id, metadata: [1] })).rejects.toBeInstanceOf(InvalidMetadataError);
  });
});

describe('DeleteDocument', () => {
  it('when someone else deletes, then not found and it stays; when the owner deletes, then it is gone', async () => {
    const { f, doc } = await withDocument();
    await expect(f.deleteDocument.execute({ ownerId: BOB.id, id: doc.id })).rejects.toBeInstanceOf(DocumentNotFoundError);
    await f.deleteDocument.execute({ ownerId: ALICE.id, id: doc.id });
    expect(await f.repo.findById(doc.id)).toBeNull();
    await expect(f.deleteDocument.execute({ ownerId: ALICE.id, id: doc.id })).rejects.toBeInstanceOf(DocumentNotFoundError);
  });
});
