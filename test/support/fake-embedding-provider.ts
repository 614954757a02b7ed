import type { EmbeddingProvider } from '../../src/application/documents/ports/embedding-provider.js';
import { DIM, randomVector, seeded } from './vectors.js';

/** A deterministic stand-in for an embedding model: the same text always gets the same vector. */
export class FakeEmbeddingProvider implements EmbeddingProvider {
  readonly enabled = true;
  readonly calls: string[][] = [];

  constructor(private readonly dimension = DIM) {}

  static vectorFor(text: string, dimension = DIM): number[] {
    let seed = 7;
    for (const ch of text) seed = Math.imul(seed ^ (ch.codePointAt(0) ?? 0), 16777619);
    return randomVector(seeded(seed), dimension);
  }

  embed(texts: readonly string[]): Promise<number[][]> {
    this.calls.push([...texts]);
    return Promise.resolve(texts.map((t) => FakeEmbeddingProvider.vectorFor(t, this.dimension)));
  }
}
