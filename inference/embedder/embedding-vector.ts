// L2 normalisation and cosine similarity for embedding vectors. Every vector an embedder returns
// has unit length (or is all zeros, flagged), so a store compares vectors with a plain dot product.
import { SharpeyeError } from '../../core/index.js';

/** An embedding and what normalisation found. */
export interface Embedding {
  /** Unit-length vector, or all zeros when `zero` is set. */
  readonly vector: Float32Array;
  /** L2 norm of the model's raw output (NaN when it held NaN or Infinity). */
  readonly rawNorm: number;
  /**
   * The model gave nothing to normalise (all zeros, or a non-finite value): the vector is all
   * zeros and matches nothing. Callers should not index it.
   */
  readonly zero: boolean;
}

/** Copies `length` values from `data` at `offset` and scales the copy to unit length. */
export function l2Normalized(data: Float32Array, offset: number, length: number): Embedding {
  const vector = data.slice(offset, offset + length);
  let sum = 0;
  for (let i = 0; i < length; i++) sum += vector[i] * vector[i];
  const rawNorm = Math.sqrt(sum);
  if (!Number.isFinite(rawNorm) || rawNorm === 0) {
    vector.fill(0);
    return { vector, rawNorm: Number.isFinite(rawNorm) ? rawNorm : NaN, zero: true };
  }
  const inv = 1 / rawNorm;
  for (let i = 0; i < length; i++) vector[i] *= inv;
  return { vector, rawNorm, zero: false };
}

/** Cosine of two vectors of the same length (the dot product for unit vectors); 0 if either is zero. */
export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new SharpeyeError('E_INTERNAL', `vectors of length ${a.length} and ${b.length} cannot be compared`);
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
