// The plate matching rules (indexer/plate-match.ts): normalisation, patterns, confusion classes,
// tolerant matching, and that the variants the stores use match exactly what plateMatches does.
import t from 'tap';
import {
  compilePlatePattern, confusableWith, normalisePlate, plateConfusions, plateKey, plateMatches, platePatternVariants, toKeyLike,
  PLATE_CONFUSION_CLASSES, PLATE_PATTERN_MAX_LENGTH,
} from '../../indexer/plate-match.js';
import { seededRandom } from '../helpers/seeded-random.js';

const matches = (pattern: string, text: string, tolerant = false) => plateMatches(compilePlatePattern(pattern, tolerant), text);

t.test('normalisation: separators, full-width, Latin case', async (t) => {
  t.equal(normalisePlate('皖K·66666'), '皖K66666');
  t.equal(normalisePlate('h786 poj'), 'H786POJ');
  t.equal(normalisePlate('京E-A5331'), '京EA5331');
  t.equal(normalisePlate('ＡＢ１２'), 'AB12', 'full-width forms fold (NFKC)');
  t.equal(normalisePlate(''), '');
});

t.test('exact and wildcard patterns', async (t) => {
  t.ok(matches('皖K66666', '皖K66666'));
  t.ok(matches('皖k 66666', '皖K66666'), 'case and separators ignored');
  t.notOk(matches('皖K6666', '皖K66666'), 'exact means the whole text');
  t.ok(matches('皖K*', '皖K66666'));
  t.ok(matches('皖K*', '皖K'), '* matches an empty run');
  t.notOk(matches('皖A*', '皖K66666'));
  t.ok(matches('?786POJ', 'H786POJ'));
  t.notOk(matches('?786POJ', 'HH786POJ'), '? is exactly one symbol');
  t.ok(matches('?K66666', '皖K66666'), '? matches one Chinese character');
  t.ok(matches('*5331', '京EA5331'));
  t.ok(matches('京*53?1', '京EA5331'));
  t.notOk(matches('皖K*', ''), 'no plate never matches');
  t.notOk(plateMatches(compilePlatePattern('皖K*'), undefined));
});

t.test('tolerant: one confusion of a class, only when asked; two never', async (t) => {
  for (const cls of PLATE_CONFUSION_CLASSES) {
    for (const a of cls) {
      for (const b of confusableWith(a)) {
        t.ok(matches(`X${a}Y`, `X${b}Y`, true), `${a}/${b} tolerated`);
        t.notOk(matches(`X${a}Y`, `X${b}Y`, false), `${a}/${b} not without plateTolerant`);
      }
    }
  }
  t.ok(matches('皖K66666', '皖KG6666', true));
  t.notOk(matches('皖K66666', '皖KGG666', true), 'two confusions never match');
  t.ok(matches('H786P0J', 'H786POJ', false) === false && !matches('H786P0J', 'H786POJ', true), 'O is not in a class (0/D/Q only)');
  t.ok(matches('HB?6P*', 'H886POJ', true), 'one confusion with wildcards');
  t.notOk(matches('HB?6P*', 'H88GPOJ', true), 'two confusions with wildcards');
  t.notOk(matches('皖K66666', '皖A66666', true), 'K/A is not a confusion');
  t.equal(plateConfusions(compilePlatePattern('88'), 'BB'), 2);
});

t.test('bad patterns: E_STORE_PLATE_PATTERN', async (t) => {
  for (const bad of ['', ' - ', '*', '**', '皖K%', 'AB_1', 'A"B', 'A\\B', 'A[B]', 'X'.repeat(PLATE_PATTERN_MAX_LENGTH + 1), '€12']) {
    t.throws(() => compilePlatePattern(bad), { code: 'E_STORE_PLATE_PATTERN' }, JSON.stringify(bad));
  }
  t.doesNotThrow(() => compilePlatePattern('X'.repeat(PLATE_PATTERN_MAX_LENGTH)));
});

t.test('variants: their OR equals plateMatches (random plates and patterns)', async (t) => {
  const rand = seededRandom(11);
  const alphabet = ['0', 'D', 'Q', '8', 'B', '1', '7', 'I', '2', 'Z', '5', 'S', '6', 'G', 'A', 'K', '皖', '京'];
  const pick = () => alphabet[Math.floor(rand() * alphabet.length)];
  const glob = (variant: string, text: string) => new RegExp(`^${[...variant].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c)).join('')}$`, 'u').test(text);
  // LIKE as Milvus Lite runs it: on UTF-8 bytes, `_` one byte, `%` any run.
  const byteLike = (like: string, text: string) => new RegExp(`^${[...Buffer.from(like, 'utf8').toString('latin1')].map((c) => (c === '%' ? '[\\s\\S]*' : c === '_' ? '[\\s\\S]' : c.replace(/[|\\^$.*+?()[\]{}]/g, '\\$&'))).join('')}$`).test(Buffer.from(text, 'utf8').toString('latin1'));
  let checked = 0, positives = 0;
  for (let n = 0; n < 3000; n++) {
    const text = Array.from({ length: 3 + Math.floor(rand() * 4) }, pick).join('');
    const symbols = [...text].map((c) => { const r = rand(); return r < 0.1 ? '?' : r < 0.15 ? '*' : r < 0.45 ? (confusableWith(c)[0] ?? c) : c; });
    const raw = symbols.join('');
    if (raw.replace(/\*/g, '') === '') continue;
    for (const tolerant of [false, true]) {
      const p = compilePlatePattern(raw, tolerant);
      const viaVariants = platePatternVariants(p).some((v) => glob(v, text));
      if (viaVariants !== plateMatches(p, text)) t.fail(`${raw} vs ${text} tolerant=${tolerant}`);
      const viaKeys = platePatternVariants(p).some((v) => byteLike(toKeyLike(v), plateKey(text)));
      if (viaKeys !== plateMatches(p, text)) t.fail(`keys: ${raw} vs ${text} tolerant=${tolerant}`);
      checked++;
      if (viaVariants) positives++;
    }
  }
  t.ok(checked > 5000 && positives > 500 && positives < checked - 500, `checked ${checked}, ${positives} matched`);
});

t.test('variants count; plate keys are fixed width', async (t) => {
  t.same(platePatternVariants(compilePlatePattern('皖K*')), ['皖K*']);
  t.same(platePatternVariants(compilePlatePattern('A0', true)), ['A0', 'AD', 'AQ']);
  t.equal(plateKey('皖k'), '|007696|00004B');
  t.equal(toKeyLike('皖K*'), '|007696|00004B%', 'a prefix stays a prefix');
  t.equal(toKeyLike('?7'), '_______|000037');
  t.equal(plateKey(''), '');
});
