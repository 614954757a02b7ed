import { describe, expect, it } from 'vitest';
import type { DocumentRepository } from '../../src/application/documents/ports/document-repository.js';
import { type NewDocument } from '../../src/domain/documents/document.js';
import { Embedding, EmbeddingDimension } from '../../src/domain/documents/embedding.js';
import { OwnerNotFoundError } from '../../src/domain/documents/errors.js';
import type { JsonObject } from '../../src/domain/documents/json-object.js';
import type { SearchCriteria } from '../../src/domain/documents/search.js';
import { DIM, type TestMetric, bruteForce, near, randomVector, seeded } from '../support/vectors.js';

export interface DocumentRepositoryFixture {
  repo: DocumentRepository;
  /** A user id that may own documents. */
  newOwner: () => Promise<number>;
}

const dimension = EmbeddingDimension.of(DIM);
const AT = new Date('2026-01-02T03:04:05.678Z');

function draft(ownerId: number, embedding: number[], over: Partial<Omit<NewDocument, 'embedding'>> = {}): NewDocument {
  return {
    ownerId,
    content: 'some text',
    metadata: {},
    embedding: Embedding.parse(embedding, dimension),
    createdAt: AT,
    updatedAt: AT,
    ...over,
  };
}

function criteria(ownerId: number, embedding: number[], over: Partial<SearchCriteria> = {}): SearchCriteria {
  return { ownerId, embedding: Embedding.parse(embedding, dimension), k: 10, metric: 'cosine', filter: null, minScore: null, ...over };
}

/** One specification, run against every adapter of the port. */
export function documentRepositoryContract(name: string, setup: () => DocumentRepositoryFixture) {
  describe(`DocumentRepository (${name})`, () => {
    const rand = seeded(42);

    it('round-trips every field through insert and findById', async () => {
      const { repo, newOwner } = setup();
      const owner = await newOwner();
      const metadata: JsonObject = { lang: 'en', tags: ['a', 'b'], nested: { n: 1.5, ok: true, none: null } };
      const vector = randomVector(rand);
      const [stored] = await repo.insert([draft(owner, vector, { content: 'héllo\nwörld 👋', metadata })]);
      const found = await repo.findById(stored!.id);
      expect(found).not.toBeNull();
      expect(found).toMatchObject({ id: stored!.id, ownerId: owner, content: 'héllo\nwörld 👋', metadata, createdAt: AT, updatedAt: AT });
      // Stored as float4: what comes back is exactly the vector rounded to 32-bit floats.
      expect(found!.embedding.toArray()).toEqual(Array.from(Float32Array.from(vector)));
      expect(found!.embedding.toArray()).toEqual(stored!.embedding.toArray());
    });

    it('when an owner does not exist, then the insert fails with OwnerNotFoundError and stores none of the batch', async () => {
      const { repo, newOwner } = setup();
      const owner = await newOwner();
      const missing = 2_000_000_000;
      await expect(repo.insert([draft(owner, randomVector(rand)), draft(missing, randomVector(rand))])).rejects.toBeInstanceOf(OwnerNotFoundError);
      expect((await repo.listByOwner(owner, { skip: 0, limit: 10 })).total).toBe(0);
    });

    it('stores a batch in the order given, with ascending ids', async () => {
      const { repo, newOwner } = setup();
      const owner = await newOwner();
      const stored = await repo.insert(['one', 'two', 'three'].map((content) => draft(owner, randomVector(rand), { content })));
      expect(stored.map((d) => d.content)).toEqual(['one', 'two', 'three']);
      expect(stored.map((d) => d.id)).toEqual([...stored.map((d) => d.id)].sort((a, b) => a - b));
    });

    it('returns null for an unknown id', async () => {
      expect(await setup().repo.findById(2_000_000_000)).toBeNull();
    });

    it('updates only the given fields, and only for the owner', async () => {
      const { repo, newOwner } = setup();
      const [owner, other] = [await newOwner(), await newOwner()];
      const [doc] = await repo.insert([draft(owner, randomVector(rand), { metadata: { v: 1 } })]);
      const later = new Date(AT.getTime() + 60_000);
      expect(await repo.update(doc!.id, other, { content: 'stolen' }, later)).toBeNull();
      const updated = await repo.update(doc!.id, owner, { content: 'changed' }, later);
      expect(updated).toMatchObject({ content: 'changed', metadata: { v: 1 }, createdAt: AT, updatedAt: later });
      expect(updated!.embedding.toArray()).toEqual(doc!.embedding.toArray());
      expect(await repo.update(2_000_000_000, owner, { content: 'x' }, later)).toBeNull();
    });

    it('deletes only for the owner', async () => {
      const { repo, newOwner } = setup();
      const [owner, other] = [await newOwner(), await newOwner()];
      const [doc] = await repo.insert([draft(owner, randomVector(rand))]);
      expect(await repo.delete(doc!.id, other)).toBe(false);
      expect(await repo.findById(doc!.id)).not.toBeNull();
      expect(await repo.delete(doc!.id, owner)).toBe(true);
      expect(await repo.findById(doc!.id)).toBeNull();
      expect(await repo.delete(doc!.id, owner)).toBe(false);
    });

    it("lists one owner's documents by id, a page at a time, with the total", async () => {
      const { repo, newOwner } = setup();
      const [owner, other] = [await newOwner(), await newOwner()];
      const mine = await repo.insert([1, 2, 3].map((n) => draft(owner, randomVector(rand), { content: `mine ${n}` })));
      await repo.insert([draft(other, randomVector(rand))]);
      const page = await repo.listByOwner(owner, { skip: 1, limit: 5 });
      expect(page.total).toBe(3);
      expect(page.items.map((d) => d.id)).toEqual(mine.slice(1).map((d) => d.id));
      expect(await repo.listByOwner(owner, { skip: 10, limit: 5 })).toEqual({ items: [], total: 3 });
    });

    describe('search', () => {
      const base = randomVector(rand);
      const theirs = Array.from({ length: 30 }, () => near(base, 0.6, rand));
      const foreign = Array.from({ length: 10 }, () => near(base, 0.3, rand));

      async function seed() {
        const { repo, newOwner } = setup();
        const [owner, other] = [await newOwner(), await newOwner()];
        const docs = await repo.insert(theirs.map((v, i) => draft(owner, v, { content: `doc ${i}`, metadata: { i, even: i % 2 === 0 } })));
        // Another owner's documents, closer to the query than any of ours: never a hit.
        await repo.insert(foreign.map((v) => draft(other, v)));
        return { repo, owner, docs: docs.map((d, i) => ({ id: d.id, embedding: theirs[i]! })) };
      }

      it.each<TestMetric>(['cosine', 'l2', 'inner_product'])('finds the exact k nearest by %s, best first', async (metric) => {
        const { repo, owner, docs } = await seed();
        const query = near(base, 0.5, rand);
        const hits = await repo.search(criteria(owner, query, { metric, k: 7 }));
        const expected = bruteForce(metric, query, docs, 7);
        expect(hits.map((h) => h.id)).toEqual(expected.map((e) => e.id));
        hits.forEach((h, i) => {
          expect(h.score).toBeCloseTo(expected[i]!.score, 3);
        });
      });

      it('keeps only documents whose metadata contains the filter', async () => {
        const { repo, owner, docs } = await seed();
        const hits = await repo.search(criteria(owner, base, { filter: { even: true }, k: 100 }));
        expect(hits).toHaveLength(15);
        expect(hits.every((h) => h.metadata.even === true)).toBe(true);
        const one = await repo.search(criteria(owner, base, { filter: { i: 3 } }));
        expect(one.map((h) => h.id)).toEqual([docs[3]!.id]);
      });

      it('drops hits under min_score, and returns nothing for an owner without documents', async () => {
        const { repo, owner, docs } = await seed();
        const all = bruteForce('cosine', base, docs, 30);
        const cut = all[4]!.score - 1e-6;
        const hits = await repo.search(criteria(owner, base, { minScore: cut, k: 30 }));
        expect(hits.map((h) => h.id)).toEqual(all.slice(0, 5).map((e) => e.id));
        const { newOwner } = setup();
        expect(await repo.search(criteria(await newOwner(), base))).toEqual([]);
      });
    });

    it('matches nested metadata like jsonb containment does', async () => {
      const { repo, newOwner } = setup();
      const owner = await newOwner();
      const v = randomVector(rand);
      const [doc] = await repo.insert([draft(owner, v, { metadata: { tags: ['a', 'b'], n: 1, deep: { x: [{ y: 1, z: 2 }] } } })]);
      const hit = async (filter: JsonObject) => (await repo.search(criteria(owner, v, { filter }))).map((h) => h.id);
      expect(await hit({ tags: ['b'] })).toEqual([doc!.id]);
      expect(await hit({ deep: { x: [{ y: 1 }] } })).toEqual([doc!.id]);
      expect(await hit({ n: 1.0 })).toEqual([doc!.id]);
      expect(await hit({ tags: 'a' })).toEqual([]); // a nested array does not contain a bare scalar
      expect(await hit({ tags: ['c'] })).toEqual([]);
      expect(await hit({ missing: null })).toEqual([]);
    });
  });
}
