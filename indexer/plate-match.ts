// Plate text matching, the one definition both stores follow (EventFilter.plate / plateTolerant).
// Pure: no I/O. The stores never re-implement the rules; they store `normalisePlate(text)` and turn
// a compiled pattern into their own syntax (SQL GLOB / IN, Milvus `like` on plate keys / `in`) through
// `platePatternVariants`, whose OR is proven equal to `plateMatches` by the unit test.
//
// Rules:
//  - Normalisation (stored text and pattern alike): Unicode NFKC (full-width Ａ１ -> A1), then the
//    separators space, `·`, `•`, `・`, `.` and `-` removed, then Latin letters upper-cased.
//  - Pattern: `*` is any run of symbols (also none), `?` exactly one symbol (a Chinese character
//    counts as one); every other symbol matches itself. Allowed symbols: A-Z, 0-9 and Han
//    characters (after normalisation), at most PLATE_PATTERN_MAX_LENGTH of them, at least one
//    that is not `*`; anything else is E_STORE_PLATE_PATTERN.
//  - Tolerant: a match may replace at most ONE pattern symbol by another of its OCR confusion class
//    (PLATE_CONFUSION_CLASSES); two confusions never match. Without `tolerant`, none.
// Only the voted `plate.text` is matched, not the other candidates.
import { SharpeyeError } from '../core/index.js';

/** Longest pattern, in symbols after normalisation (a plate has 7 or 8; 32 leaves room for `*`s). */
export const PLATE_PATTERN_MAX_LENGTH = 32;

/**
 * Symbols OCR confuses on plates, as classes (each symbol in one class). From the recogniser error
 * lists of HyperLPR / CCPD evaluations and the issue 11 brief: 0/D/Q, 8/B, 1/7/I, 2/Z, 5/S, 6/G.
 */
export const PLATE_CONFUSION_CLASSES: readonly string[] = Object.freeze(['0DQ', '8B', '17I', '2Z', '5S', '6G']);

const CLASS_OF = new Map<string, string>();
for (const cls of PLATE_CONFUSION_CLASSES) for (const ch of cls) CLASS_OF.set(ch, cls);

const SEPARATORS = /[\s·•・.\-]/gu;
const PATTERN_SYMBOL = /^[A-Z0-9*?\p{Script=Han}]$/u;

/** Stored form of a plate text: NFKC, separators removed, Latin upper case ('' for none). */
export function normalisePlate(text: string): string {
  return text.normalize('NFKC').replace(SEPARATORS, '').replace(/[a-z]/g, (c) => c.toUpperCase());
}

/** The other symbols OCR confuses with `symbol` ([] for none). */
export function confusableWith(symbol: string): string[] {
  const cls = CLASS_OF.get(symbol);
  return cls === undefined ? [] : [...cls].filter((c) => c !== symbol);
}

export interface PlatePattern {
  /** Normalised pattern, e.g. `皖K*`. */
  readonly pattern: string;
  readonly tolerant: boolean;
  /** Whether it holds `*` or `?` (otherwise it is an exact text). */
  readonly wildcards: boolean;
  /** Its symbols (code points), for matching. */
  readonly symbols: readonly string[];
}

/**
 * Normalises and checks a pattern. Throws E_STORE_PLATE_PATTERN (naming the bad symbol) when it is
 * empty, only `*`, longer than PLATE_PATTERN_MAX_LENGTH symbols, or holds a symbol outside A-Z,
 * 0-9, Han characters, `*` and `?`.
 */
export function compilePlatePattern(raw: string, tolerant = false): PlatePattern {
  if (typeof raw !== 'string') throw bad(`must be a string, got ${typeof raw}`, raw);
  const pattern = normalisePlate(raw).replace(/\*+/g, '*');
  const symbols = [...pattern];
  if (symbols.length === 0) throw bad('is empty (after removing separators)', raw);
  if (symbols.length > PLATE_PATTERN_MAX_LENGTH) throw bad(`has ${symbols.length} symbols, more than ${PLATE_PATTERN_MAX_LENGTH}`, raw);
  const wrong = symbols.find((s) => !PATTERN_SYMBOL.test(s));
  if (wrong !== undefined) throw bad(`holds ${JSON.stringify(wrong)}; use letters, digits, Chinese characters, * (any run) and ? (one symbol)`, raw);
  if (pattern === '*') throw bad('matches every plate; give at least one symbol', raw);
  return Object.freeze({ pattern, tolerant: tolerant === true, wildcards: /[*?]/.test(pattern), symbols: Object.freeze(symbols) });
}

/** Whether `raw` is a pattern compilePlatePattern accepts. */
export function isPlatePattern(raw: string): boolean {
  try {
    compilePlatePattern(raw);
    return true;
  } catch {
    return false;
  }
}

/**
 * The fewest confusions with which `p` matches plate text `text` (normalised here), or Infinity when
 * it cannot. Dynamic programming over (pattern symbol, text symbol): `*` absorbs any run, `?` one
 * symbol, a literal its equal (cost 0) or a class mate (cost 1).
 */
export function plateConfusions(p: PlatePattern, text: string): number {
  const t = [...normalisePlate(text)];
  const s = p.symbols;
  // row[j]: fewest confusions matching s[0..i) against t[0..j).
  let row = new Array<number>(t.length + 1).fill(Infinity);
  row[0] = 0;
  for (let i = 0; i < s.length; i++) {
    const next = new Array<number>(t.length + 1).fill(Infinity);
    const sym = s[i];
    if (sym === '*') {
      let best = Infinity;
      for (let j = 0; j <= t.length; j++) { best = Math.min(best, row[j]); next[j] = best; }
    } else {
      for (let j = 1; j <= t.length; j++) {
        const cost = sym === '?' || sym === t[j - 1] ? 0 : CLASS_OF.get(sym) !== undefined && CLASS_OF.get(sym) === CLASS_OF.get(t[j - 1]) ? 1 : Infinity;
        next[j] = row[j - 1] + cost;
      }
    }
    row = next;
  }
  return row[t.length];
}

/** Whether plate text `text` matches `p` (at most one confusion when tolerant, none otherwise). */
export function plateMatches(p: PlatePattern, text: string | null | undefined): boolean {
  if (typeof text !== 'string' || text === '') return false;
  return plateConfusions(p, text) <= (p.tolerant ? 1 : 0);
}

/**
 * Patterns (normalised, `*`/`?` kept) whose OR matches exactly what `p` matches: the pattern itself
 * and, when tolerant, each copy with ONE literal symbol swapped for a class mate (at most 2 per
 * symbol, so at most 1 + 2 x 32). A store matches these without tolerance: exact texts with `IN`,
 * wildcard ones with GLOB / `like`. An alignment with at most one confusion is one of the copies
 * matching exactly, and the reverse, so the OR equals `plateMatches`.
 */
export function platePatternVariants(p: PlatePattern): string[] {
  const out = [p.pattern];
  if (!p.tolerant) return out;
  p.symbols.forEach((sym, i) => {
    for (const mate of confusableWith(sym)) out.push([...p.symbols.slice(0, i), mate, ...p.symbols.slice(i + 1)].join(''));
  });
  return out;
}

/** A variant as a SQLite GLOB pattern (same `*` and `?`; `[` cannot occur in a pattern). */
export const toSqlGlob = (variant: string): string => variant;

/** Bytes per symbol in a plate key: `|` and 6 hex digits of the code point. */
const KEY_WIDTH = 7;
const keySymbol = (symbol: string): string => `|${symbol.codePointAt(0)!.toString(16).toUpperCase().padStart(6, '0')}`;

/**
 * The fixed-width key of a plate text for stores whose `like` counts bytes, not characters (Milvus
 * Lite's `_` matches one byte, so it cannot stand for one Chinese character, 3 bytes in UTF-8): each
 * symbol of the normalised text becomes `|` + its code point in 6 hex digits, 7 ASCII bytes. ''
 * for no plate.
 */
export function plateKey(text: string): string {
  return [...normalisePlate(text)].map(keySymbol).join('');
}

/**
 * A variant as a `like` pattern on plate keys: a literal becomes its key symbol, `?` seven `_`, `*`
 * `%`. Exact: `|` starts every key symbol and no other byte is `|`, so each literal can only match
 * at a symbol boundary; between boundaries `_` x 7 is one whole symbol, and a run of them between
 * two `%` can always be shifted onto boundaries. The unit test checks it against plateMatches with
 * a byte-wise LIKE.
 */
export function toKeyLike(variant: string): string {
  return [...variant].map((c) => (c === '*' ? '%' : c === '?' ? '_'.repeat(KEY_WIDTH) : keySymbol(c))).join('');
}

function bad(why: string, raw: unknown): SharpeyeError {
  return new SharpeyeError('E_STORE_PLATE_PATTERN', `plate pattern ${JSON.stringify(String(raw)).slice(0, 80)} ${why}`, { details: { plate: String(raw).slice(0, 80) } });
}
