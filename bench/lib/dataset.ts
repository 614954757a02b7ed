import { gaussian, seeded } from '../../test/support/vectors.js';

// Real embeddings are unit vectors with low intrinsic dimension and topical clusters; uniform random
// vectors in 384 dimensions have neither, and make every neighbour almost equally far. So: points in
// a 32-dimensional latent space around 100 cluster centres, projected to the full dimension, plus a
// little isotropic noise, normalised.
const LATENT = 32;
const CLUSTERS = 100;
const WITHIN_CLUSTER = 0.6; // latent noise around a centre (centres are standard normal)
const AMBIENT = 0.1; // per-coordinate noise, relative to the projected signal

export interface Generator {
  /** A new unit vector, and the cluster it was drawn from. */
  next(): { vector: Float32Array; cluster: number };
}

export function clusteredGenerator(dim: number, seed: number): Generator {
  const rand = seeded(seed);
  const projection = Float32Array.from({ length: LATENT * dim }, () => gaussian(rand));
  const centres = Array.from({ length: CLUSTERS }, () => Array.from({ length: LATENT }, () => gaussian(rand)));
  const signalStd = Math.sqrt(LATENT * (1 + WITHIN_CLUSTER ** 2));
  return {
    next() {
      const cluster = Math.floor(rand() * CLUSTERS);
      const latent = (centres[cluster] as number[]).map((c) => c + WITHIN_CLUSTER * gaussian(rand));
      const vector = new Float32Array(dim);
      for (let j = 0; j < dim; j++) {
        let x = AMBIENT * signalStd * gaussian(rand);
        for (let l = 0; l < LATENT; l++) x += (projection[l * dim + j] as number) * (latent[l] as number);
        vector[j] = x;
      }
      return { vector: normalise(vector), cluster };
    },
  };
}

function normalise(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  return v.map((x) => x / norm);
}

/**
 * Exact top-k by cosine (all vectors are unit length, so the dot product) over rows that pass `keep`:
 * the ground truth recall is measured against. Returns row numbers, best first.
 */
export function exactTopK(rows: Float32Array, dim: number, query: Float32Array, k: number, keep: (row: number) => boolean): number[] {
  const best: { row: number; score: number }[] = [];
  const count = rows.length / dim;
  for (let r = 0; r < count; r++) {
    if (!keep(r)) continue;
    let dot = 0;
    const offset = r * dim;
    for (let j = 0; j < dim; j++) dot += (rows[offset + j] as number) * (query[j] as number);
    if (best.length < k || dot > (best[best.length - 1] as { score: number }).score) insertSorted(best, { row: r, score: dot }, k);
  }
  return best.map((b) => b.row);
}

function insertSorted(best: { row: number; score: number }[], item: { row: number; score: number }, k: number): void {
  let i = best.length;
  while (i > 0 && (best[i - 1] as { score: number }).score < item.score) i--;
  best.splice(i, 0, item);
  if (best.length > k) best.pop();
}
