import { InvalidEmbeddingError } from './errors.js';

/** pgvector's limit for the vector type; an HNSW index on it stops at 2,000. */
export const MAX_EMBEDDING_DIMENSION = 16_000;
/** pgvector stores float4: a larger magnitude would overflow in the database, not here. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** How many numbers every embedding of this deployment has (EMBEDDING_DIM, fixed by the migration). */
export class EmbeddingDimension {
  private constructor(readonly value: number) {}

  static of(value: number): EmbeddingDimension {
    if (!Number.isInteger(value) || value < 1 || value > MAX_EMBEDDING_DIMENSION) {
      throw new RangeError(`An embedding dimension must be an integer from 1 to ${MAX_EMBEDDING_DIMENSION}.`);
    }
    return new EmbeddingDimension(value);
  }
}

/**
 * A vector as the store keeps it: 32-bit floats. Rounding here, once, means a document reads back
 * exactly as it was written, and in-memory scores match the database's.
 */
export class Embedding {
  private constructor(private readonly values: Float32Array) {}

  static parse(raw: readonly number[], dimension: EmbeddingDimension): Embedding {
    if (raw.length === 0) throw new InvalidEmbeddingError('The embedding must not be empty.');
    if (raw.length !== dimension.value) {
      throw new InvalidEmbeddingError(`The embedding must have ${dimension.value} numbers, not ${raw.length}.`);
    }
    if (!raw.every((v) => Number.isFinite(v) && Math.abs(v) <= FLOAT32_MAX)) {
      throw new InvalidEmbeddingError('Every number of the embedding must be finite and fit a 32-bit float.');
    }
    const values = Float32Array.from(raw);
    // A zero vector has no direction: its cosine similarity is NaN and HNSW cosine indexes skip it.
    if (values.every((v) => v === 0)) throw new InvalidEmbeddingError('The embedding must not be the zero vector.');
    return new Embedding(values);
  }

  /** Rebuilds a stored embedding; the data is trusted. */
  static restore(values: readonly number[]): Embedding {
    return new Embedding(Float32Array.from(values));
  }

  toArray(): number[] {
    return Array.from(this.values);
  }

  dot(other: Embedding): number {
    let sum = 0;
    this.values.forEach((v, i) => (sum += v * (other.values[i] ?? 0)));
    return sum;
  }

  norm(): number {
    return Math.sqrt(this.dot(this));
  }

  distanceL2(other: Embedding): number {
    let sum = 0;
    this.values.forEach((v, i) => (sum += (v - (other.values[i] ?? 0)) ** 2));
    return Math.sqrt(sum);
  }
}
