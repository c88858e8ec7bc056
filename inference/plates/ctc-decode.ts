// Greedy (best-path) CTC decoding of a recogniser's per-step scores (Graves et al., "Connectionist
// Temporal Classification", ICML 2006, §3.2 best path decoding): argmax per time step, then drop
// repeats and blanks.

export interface CtcRead {
  /** The symbols kept, mapped through the alphabet. */
  text: string;
  /** Mean over the kept symbols of the softmax maximum at the step that emitted each; 0 for no symbols. */
  confidence: number;
  /** The softmax maximum of each kept symbol. */
  symbolConfidences: number[];
}

/**
 * Decodes `steps x classes` row-major scores (raw logits; a softmax is taken per step) with class
 * `blank` as the CTC blank. `alphabet[k]` is the symbol of class k.
 */
export function ctcGreedyDecode(scores: Float32Array, steps: number, classes: number, alphabet: readonly string[], blank = 0): CtcRead {
  let text = '';
  const symbolConfidences: number[] = [];
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const o = t * classes;
    let best = 0;
    for (let k = 1; k < classes; k++) if (scores[o + k] > scores[o + best]) best = k;
    if (best !== blank && best !== previous) {
      text += alphabet[best] ?? '';
      symbolConfidences.push(softmaxMax(scores, o, classes, best));
    }
    previous = best;
  }
  const confidence = symbolConfidences.length === 0 ? 0 : symbolConfidences.reduce((a, b) => a + b, 0) / symbolConfidences.length;
  return { text, confidence, symbolConfidences };
}

/** softmax(scores[o..o+n))[best], computed stably. */
export function softmaxMax(scores: Float32Array, o: number, n: number, best: number): number {
  const max = scores[o + best];
  let sum = 0;
  for (let k = 0; k < n; k++) sum += Math.exp(scores[o + k] - max);
  return 1 / sum;
}
