// Seeded clustered unit vectors for vector-search recall tests and benchmarks: appearance
// embeddings come in clusters (one object seen many times, similar cars), so uniform random
// vectors, where every neighbour is about as far as any other, are the hardest and least
// representative case. Each vector is a cluster centre (random Gaussian direction) plus isotropic
// Gaussian noise of relative size `spread`, L2-normalised: cosine to its centre is about
// 1/sqrt(1 + spread^2) (0.74 at the default 0.9).
import { seededRandom } from './seeded-random.js';

export interface ClusteredVectorsOptions {
  readonly dimension: number;
  readonly clusters: number;
  /** Noise norm relative to the (unit) centre. @defaultValue 0.9 */
  readonly spread?: number;
  readonly seed: number;
}

/** Standard normal sample (Box-Muller). */
export function gaussian(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

export class ClusteredVectors {
  readonly #centres: Float32Array[];
  readonly #spread: number;

  constructor(readonly options: ClusteredVectorsOptions) {
    const rng = seededRandom(options.seed);
    this.#spread = options.spread ?? 0.9;
    this.#centres = Array.from({ length: options.clusters }, () => normalise(Float32Array.from({ length: options.dimension }, () => gaussian(rng))));
  }

  /** Vector number `i` of stream `stream` (a pure function of seed, stream and i). */
  vector(i: number, stream = 0): Float32Array {
    const rng = seededRandom((this.options.seed * 7919 + stream * 104_729 + i * 2_654_435_761) >>> 0);
    const centre = this.#centres[Math.floor(rng() * this.#centres.length)];
    const s = this.#spread / Math.sqrt(this.options.dimension);
    const v = new Float32Array(this.options.dimension);
    for (let j = 0; j < v.length; j++) v[j] = centre[j] + s * gaussian(rng);
    return normalise(v);
  }
}
