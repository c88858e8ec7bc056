// Per-track plate vote: the plate texts read on a vehicle track's frames, voted by exact text into
// one PlateInfo (core/contracts). Different reads are never merged character by character: a track
// whose reads disagree keeps its best candidates. Pure: readings in, a plate out.
import type { PlateCandidate, PlateColour, PlateInfo, PlateKind, PlateReading } from '../../core/index.js';

/** What the vote needs of a reading (inference/plates PlateReading has it all). */
export type PlateVoteReading = Pick<PlateReading, 'text' | 'confidence' | 'colour' | 'layers' | 'kind'>;

/** Candidates a PlateInfo lists (core PlateInfo.candidates: at most 5). */
export const MAX_PLATE_CANDIDATES = 5;
/** Distinct texts a track keeps; past it the one with the least weight is dropped (bounded memory). */
export const MAX_PLATE_TEXTS = 16;
/**
 * A plate is reported once its text has one read at least this confident, or MIN_AGREEING_READS
 * reads. One read of 0.8 is a clean read (the recogniser's mean per-symbol maximum; the fixture
 * plates read at 0.9 and above), while two identical reads from different frames are unlikely to
 * share the same error.
 */
export const MIN_SINGLE_READ_CONFIDENCE = 0.8;
export const MIN_AGREEING_READS = 2;

/**
 * Normalised plate text: separators (spaces, middle dots, hyphens, full stops) removed, Latin letters
 * upper-cased, full-width ASCII folded to half-width. `京A·12345`, `京a 12345` and `京Ａ12345` are one text.
 */
export function normalisePlateText(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFEE0))
    .replace(/[\s·•・.\-_]/g, '')
    .toUpperCase();
}

interface TextTally {
  votes: number;
  confidenceSum: number;
  bestConfidence: number;
  colours: Map<PlateColour | null, number>;
  layers: Map<1 | 2, number>;
  kinds: Map<PlateKind, number>;
}

/**
 * The vote of one track. Each text's weight is the sum of its reads' confidences (= votes x mean
 * confidence); the heaviest text wins (ties: more votes, then the text first read). Its confidence
 * is that weight over the number of all reads, so disagreement lowers it. Colour, layers and kind
 * are the majority among the reads of the winning text (ties: the first seen). Reads with empty
 * text (after normalising) are ignored.
 */
export class PlateVote {
  readonly #texts = new Map<string, TextTally>();
  #reads = 0;

  /** Reads counted (empty ones excluded). */
  get reads(): number {
    return this.#reads;
  }

  /**
   * Adds one reading. Returns true when it is now the most confident read of the winning text (the
   * caller keeps its crop as the plate snapshot).
   */
  add(r: PlateVoteReading): boolean {
    const text = normalisePlateText(r.text);
    const confidence = Math.min(1, Math.max(0, Number.isFinite(r.confidence) ? r.confidence : 0));
    if (text === '') return false;
    this.#reads++;
    let t = this.#texts.get(text);
    if (!t) {
      if (this.#texts.size >= MAX_PLATE_TEXTS) this.#dropLightest();
      t = { votes: 0, confidenceSum: 0, bestConfidence: -1, colours: new Map(), layers: new Map(), kinds: new Map() };
      this.#texts.set(text, t);
    }
    t.votes++;
    t.confidenceSum += confidence;
    inc(t.colours, r.colour);
    inc(t.layers, r.layers);
    inc(t.kinds, r.kind);
    const best = confidence > t.bestConfidence;
    if (best) t.bestConfidence = confidence;
    return best && this.#ranked()[0]?.[0] === text;
  }

  /** The voted plate, or undefined while no text meets the reporting minimum. */
  result(): PlateInfo | undefined {
    const ranked = this.#ranked();
    if (ranked.length === 0) return undefined;
    const [text, t] = ranked[0];
    if (t.bestConfidence < MIN_SINGLE_READ_CONFIDENCE && t.votes < MIN_AGREEING_READS) return undefined;
    const candidates: PlateCandidate[] = ranked.slice(0, MAX_PLATE_CANDIDATES).map(([x, c]) => ({ text: x, confidence: round(c.confidenceSum / c.votes), votes: c.votes }));
    return {
      text, confidence: round(t.confidenceSum / this.#reads),
      colour: majority(t.colours) ?? null, layers: majority(t.layers) ?? 1, kind: majority(t.kinds) ?? 'other', candidates,
    };
  }

  #ranked(): Array<[string, TextTally]> {
    // Map order is first-read order, and sort is stable: equal weights and votes keep it.
    return [...this.#texts].sort((a, b) => b[1].confidenceSum - a[1].confidenceSum || b[1].votes - a[1].votes);
  }

  #dropLightest(): void {
    const ranked = this.#ranked();
    const [text, t] = ranked[ranked.length - 1];
    this.#texts.delete(text);
    this.#reads -= t.votes;
  }
}

function inc<K>(m: Map<K, number>, k: K): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

function majority<K>(m: Map<K, number>): K | undefined {
  let best: K | undefined, n = 0;
  for (const [k, c] of m) if (c > n) { best = k; n = c; }
  return best;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
