import { type Embedding } from './embedding.js';
import { InvalidMinScoreError, InvalidSearchLimitError } from './errors.js';
import { type JsonObject } from './json-object.js';
import { parseFilter } from './metadata.js';
import { type Metric } from './metric.js';

export const MAX_K = 100;
export const DEFAULT_K = 10;
export const DEFAULT_METRIC: Metric = 'cosine';

/** How to search, once the query vector is known. */
export interface SearchOptions {
  ownerId: number;
  k: number;
  metric: Metric;
  /** Metadata containment (PostgreSQL's jsonb @>); null for none. */
  filter: JsonObject | null;
  /** Lower bound on the score (see `similarity`); null for none. */
  minScore: number | null;
}

/** A k-nearest-neighbour search within one owner's documents. */
export interface SearchCriteria extends SearchOptions {
  embedding: Embedding;
}

export function parseSearchOptions(input: {
  ownerId: number;
  k?: number;
  metric?: Metric;
  filter?: unknown;
  minScore?: number | null;
}): SearchOptions {
  const k = input.k ?? DEFAULT_K;
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) throw new InvalidSearchLimitError(`k must be an integer from 1 to ${MAX_K}.`);
  const minScore = input.minScore ?? null;
  if (minScore !== null && !Number.isFinite(minScore)) throw new InvalidMinScoreError('min_score must be a finite number.');
  return {
    ownerId: input.ownerId,
    k,
    metric: input.metric ?? DEFAULT_METRIC,
    filter: input.filter === undefined || input.filter === null ? null : parseFilter(input.filter),
    minScore,
  };
}
