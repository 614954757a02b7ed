import { describe, expect, it } from 'vitest';
import { MAX_CONTENT_BYTES, parseContent } from '../../../src/domain/documents/content.js';
import { Document } from '../../../src/domain/documents/document.js';
import { Embedding, EmbeddingDimension } from '../../../src/domain/documents/embedding.js';
import { InvalidContentError, InvalidEmbeddingError, InvalidMetadataError } from '../../../src/domain/documents/errors.js';
import { MAX_JSON_DEPTH } from '../../../src/domain/documents/json-object.js';
import { parseMetadata } from '../../../src/domain/documents/metadata.js';
import { similarity } from '../../../src/domain/documents/metric.js';

const three = EmbeddingDimension.of(3);

describe('Embedding', () => {
  it.each<[string, number[]]>([
    ['empty', []],
    ['of the wrong dimension', [1, 2]],
    ['holding NaN', [1, Number.NaN, 0]],
    ['holding Infinity', [1, Number.POSITIVE_INFINITY, 0]],
    ['beyond a 32-bit float', [1, 1e39, 0]],
    ['the zero vector', [0, 0, 0]],
  ])('when it is %s, then InvalidEmbeddingError', (_what, raw) => {
    expect(() => Embedding.parse(raw, three)).toThrow(InvalidEmbeddingError);
  });

  it('when valid, then it keeps 32-bit floats', () => {
    expect(Embedding.parse([0.1, 2, -3], three).toArray()).toEqual([Math.fround(0.1), 2, -3]);
  });

  it('when the dimension is out of range, then a RangeError (a configuration bug, not a request error)', () => {
    expect(() => EmbeddingDimension.of(0)).toThrow(RangeError);
    expect(() => EmbeddingDimension.of(16_001)).toThrow(RangeError);
  });

  it('scores higher for closer vectors under every metric', () => {
    const [a, b, c] = [[1, 0, 0], [1, 0.1, 0], [0, 1, 0]].map((v) => Embedding.parse(v, three)) as [Embedding, Embedding, Embedding];
    for (const metric of ['cosine', 'l2', 'inner_product'] as const) {
      expect(similarity(metric, a, b)).toBeGreaterThan(similarity(metric, a, c));
    }
    expect(similarity('cosine', a, a)).toBeCloseTo(1);
    expect(similarity('l2', a, c)).toBeCloseTo(-Math.SQRT2);
  });
});

describe('content', () => {
  it('is kept exactly as sent, up to the byte limit', () => {
    expect(parseContent('  spaced  ')).toBe('  spaced  ');
    expect(parseContent('a'.repeat(MAX_CONTENT_BYTES))).toHaveLength(MAX_CONTENT_BYTES);
  });

  it.each([
    ['blank', ' \n '],
    ['over the limit in bytes', 'é'.repeat(MAX_CONTENT_BYTES / 2 + 1)],
    ['holding NUL', 'a\u0000'],
    ['holding a lone surrogate', 'a\ud800'],
  ])('when %s, then InvalidContentError', (_what, raw) => {
    expect(() => parseContent(raw)).toThrow(InvalidContentError);
  });
});

describe('metadata', () => {
  const deep = (n: number): unknown => (n === 0 ? 1 : { d: deep(n - 1) });

  it.each<[string, unknown]>([
    ['an array', [1]],
    ['null', null],
    ['a string', 'x'],
    ['over 16 KiB', { s: 'x'.repeat(16_384) }],
    ['holding NUL in a value', { s: 'a\u0000' }],
    ['holding NUL in a key', { 'a\u0000': 1 }],
    ['holding a non-finite number', { n: Number.POSITIVE_INFINITY }],
    ['nested too deep', deep(MAX_JSON_DEPTH)],
  ])('when it is %s, then InvalidMetadataError', (_what, raw) => {
    expect(() => parseMetadata(raw)).toThrow(InvalidMetadataError);
  });

  it('accepts any JSON object within the limits', () => {
    const raw = { a: [1, 'two', null, { b: true }], deep: deep(MAX_JSON_DEPTH - 2) };
    expect(parseMetadata(raw)).toEqual(raw);
  });
});

describe('Document', () => {
  it('may be read by its owner and by admins only', () => {
    const doc = Document.restore({
      id: 1, ownerId: 7, content: 'x', metadata: {}, embedding: Embedding.parse([1, 0, 0], three), createdAt: new Date(), updatedAt: new Date(),
    });
    expect(doc.isReadableBy({ id: 7, isAdmin: false })).toBe(true);
    expect(doc.isReadableBy({ id: 8, isAdmin: true })).toBe(true);
    expect(doc.isReadableBy({ id: 8, isAdmin: false })).toBe(false);
  });
});
