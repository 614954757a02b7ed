/** Seeded randomness and plain-arithmetic nearest neighbours, independent of the code under test. */

export const DIM = 384;

/** mulberry32: a tiny seeded PRNG, so a failing case can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal (Box-Muller). */
export function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export function randomVector(rand: () => number, dim = DIM): number[] {
  return Array.from({ length: dim }, () => gaussian(rand));
}

/** A vector near `base`: each coordinate moved by gaussian noise of the given scale. */
export function near(base: readonly number[], noise: number, rand: () => number): number[] {
  return base.map((v) => v + noise * gaussian(rand));
}

export type TestMetric = 'cosine' | 'l2' | 'inner_product';

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);

/** The score the API promises: higher is closer for every metric. */
export function expectedScore(metric: TestMetric, a: readonly number[], b: readonly number[]): number {
  if (metric === 'inner_product') return dot(a, b);
  if (metric === 'cosine') return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
  return -Math.sqrt(a.reduce((s, v, i) => s + (v - (b[i] ?? 0)) ** 2, 0));
}

/** Exact k nearest by brute force: ids and scores, best first. */
export function bruteForce(
  metric: TestMetric,
  query: readonly number[],
  docs: readonly { id: number; embedding: readonly number[] }[],
  k: number,
): { id: number; score: number }[] {
  return docs
    .map((d) => ({ id: d.id, score: expectedScore(metric, query, d.embedding) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}
