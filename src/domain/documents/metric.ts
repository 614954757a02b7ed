import type { Embedding } from './embedding.js';

export const METRICS = ['cosine', 'l2', 'inner_product'] as const;
export type Metric = (typeof METRICS)[number];

/**
 * The score of a search hit. Higher is closer for every metric, so results are always ordered by
 * descending score and `min_score` is always a lower bound: cosine similarity (-1..1), the inner
 * product, and the negated Euclidean distance.
 */
export function similarity(metric: Metric, a: Embedding, b: Embedding): number {
  switch (metric) {
    case 'cosine':
      return a.dot(b) / (a.norm() * b.norm());
    case 'inner_product':
      return a.dot(b);
    case 'l2':
      return -a.distanceL2(b);
  }
}
