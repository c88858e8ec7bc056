// Pure parts of the Milvus backend: filter expressions (quoting, no injection through names, a size
// bound), the shared filter bounds and their schema, and the keyset search that orders pages
// without ORDER BY, against an in-memory reader with Milvus's window.
import t from 'tap';
import { afterKey, andAll, filterClauses, MAX_FILTER_EXPRESSION_BYTES, quoteMilvusString } from '../../indexer/milvus/milvus-filter.js';
import { Value } from '@sinclair/typebox/value';
import { EventFilterSchema, FILTER_LIMITS, checkFilter } from '../../indexer/index.js';
import { QUERY_WINDOW, compareKeys, firstKeys, type EventKey, type KeyReader } from '../../indexer/milvus/milvus-keyset.js';

t.test('the filter expression has a size bound; filters within the shared bounds stay under it', async (t) => {
  const max = FILTER_LIMITS.valuesPerList;
  const ids = (p: string) => Array.from({ length: max }, (_, i) => `${p}-camera-${String(i).padStart(5, '0')}`);
  const ordinary = { cameras: ids('c'), labels: ids('l'), colors: ids('k'), zones: ids('z'), rules: ids('r') };
  checkFilter(ordinary);
  const bytes = andAll(filterClauses(ordinary)).length;
  t.ok(bytes < MAX_FILTER_EXPRESSION_BYTES / 4, `five lists of ${max} ordinary ids: ${bytes} bytes`);
  // Within the per-list bounds but hostile: every value 256 quote characters (each escaped to two).
  const quotes = new Array<string>(max).fill('"'.repeat(FILTER_LIMITS.valueLength));
  const hostile = { cameras: quotes, labels: quotes, zones: quotes };
  checkFilter(hostile);
  t.throws(() => filterClauses(hostile), { code: 'E_STORE_QUERY_INVALID', message: /Milvus expression of \d+ bytes, more than the 1048576/ });
});

t.test('string values are quoted so they cannot leave the literal', async (t) => {
  t.equal(quoteMilvusString('gate-1'), '"gate-1"');
  t.equal(quoteMilvusString('a"b'), '"a\\"b"');
  t.equal(quoteMilvusString('back\\slash'), '"back\\\\slash"');
  t.equal(quoteMilvusString('tab\tand ü'), '"tab\tand ü"', 'other characters stay as they are');
  t.throws(() => quoteMilvusString('new\nline'), { code: 'E_STORE_QUERY_INVALID' });
  t.same(filterClauses({ cameras: ['a\nb'] }), ['id == ""'], 'a value no row can hold matches nothing');
  t.same(filterClauses({ zones: ['a\rb', 'z'] }), ['array_contains_any(zones, ["z"])']);
  const evil = 'x"] or id != "';
  const clause = filterClauses({ cameras: [evil] })[0]!;
  t.equal(clause, 'camera in ["x\\"] or id != \\""]');
  t.throws(() => quoteMilvusString('bad\uD800'), { code: 'E_STORE_QUERY_INVALID' });
});

t.test('filters become and-ed clauses; empty lists match nothing', async (t) => {
  t.same(filterClauses({}), []);
  t.equal(andAll([]), '');
  t.same(filterClauses({ from: 10, to: 20, labels: ['car'], colors: [''], zones: ['z1', 'z2'], rules: ['r'], minDurationSeconds: 2.5 }), [
    'last_wall >= 10',
    'first_wall <= 20',
    'label in ["car"]',
    'id == ""',
    'array_contains_any(zones, ["z1", "z2"])',
    'array_contains_any(rules, ["r"])',
    'duration >= 2.5',
  ]);
  t.equal(andAll(['a == 1', 'b == 2']), '(a == 1) and (b == 2)');
  t.equal(afterKey('desc', 5, 'e"1'), 'first_wall < 5 or (first_wall == 5 and id < "e\\"1")');
  t.throws(() => filterClauses({ from: Number.NaN }), { code: 'E_STORE_QUERY_INVALID' });
  t.same(filterClauses({ minSpeedPxPerSecond: 12.5, minSpeedMetresPerSecond: 3 }), ['speed_px >= 12.5', 'speed_m >= 3']);
  t.throws(() => filterClauses({ minSpeedMetresPerSecond: 3 }, false), { code: 'E_STORE_SCHEMA' }, 'a collection without speed fields refuses speed filters');
  t.same(filterClauses({ labels: ['car'] }, false), ['label in ["car"]'], 'and takes every other filter');
});

/** Evaluates the few clause shapes firstKeys adds, over rows in storage order, capped like Milvus. */
function memoryReader(rows: EventKey[]): KeyReader & { calls: number } {
  const test = (clause: string, r: EventKey) => {
    const m = /^first_wall (>=|<=|>|<|==) (-?\d+)$/.exec(clause);
    if (!m) throw new Error(`unexpected clause ${clause}`);
    const x = Number(m[2]);
    return { '>=': r.wallMs >= x, '<=': r.wallMs <= x, '>': r.wallMs > x, '<': r.wallMs < x, '==': r.wallMs === x }[m[1] as '>='];
  };
  const match = (clauses: readonly string[]) => rows.filter((r) => clauses.every((c) => test(c, r)));
  const reader = {
    calls: 0,
    keys: async (clauses: readonly string[], limit: number) => { reader.calls += 1; return match(clauses).slice(0, limit); },
    count: async (clauses: readonly string[]) => { reader.calls += 1; return match(clauses).length; },
  };
  return reader;
}

t.test('firstKeys orders by (first_wall, id) beyond the query window', async (t) => {
  // Storage order = insertion order (oldest first): the worst case for a newest-first page.
  const rows: EventKey[] = [];
  for (let i = 0; i < QUERY_WINDOW * 2 + 500; i++) rows.push({ id: `e${String(i % 7).padStart(2, '0')}-${i}`, wallMs: 1_000_000 + Math.floor(i / 3) });
  for (const order of ['desc', 'asc'] as const) {
    const reader = memoryReader(rows);
    const got = await firstKeys(reader, [], order, 51);
    const want = [...rows].sort((a, b) => compareKeys(order, a, b)).slice(0, 51);
    t.same(got, want, `${order}: same keys as a full sort`);
    t.ok(reader.calls < 80, `${order}: ${reader.calls} reads`);
  }
  const small = memoryReader(rows.slice(0, 100));
  t.same(await firstKeys(small, [], 'desc', 10), rows.slice(0, 100).sort((a, b) => compareKeys('desc', a, b)).slice(0, 10));
  t.equal(small.calls, 1, 'one read when every match fits the window');
});

t.test('the filter schema (for the API) has the same bounds as the stores', async (t) => {
  const max = FILTER_LIMITS.valuesPerList;
  const values = (n: number) => Array.from({ length: n }, (_, i) => `v-${i}`);
  for (const key of ['cameras', 'labels', 'colors', 'zones', 'rules'] as const) {
    t.ok(Value.Check(EventFilterSchema, { [key]: values(max) }), `${key}: ${max} values accepted`);
    t.notOk(Value.Check(EventFilterSchema, { [key]: values(max + 1) }), `${key}: ${max + 1} values refused`);
    t.notOk(Value.Check(EventFilterSchema, { [key]: ['x'.repeat(FILTER_LIMITS.valueLength + 1)] }), `${key}: an over-long value refused`);
    t.throws(() => checkFilter({ [key]: values(max + 1) }), { code: 'E_STORE_QUERY_INVALID' }, `${key}: checkFilter agrees`);
  }
  t.notOk(Value.Check(EventFilterSchema, { camera: ['a'] }), 'unknown keys refused');
});

t.test('closed lists (vehicle types, bags, ridden vehicles) refuse values outside their set', async (t) => {
  checkFilter({ vehicleTypes: ['car', 'suv_van', 'bus', 'light_goods', 'heavy_goods', 'motorcycle', 'bicycle'], carrying: ['handbag', 'backpack', 'suitcase'], riding: ['bicycle', 'motorcycle'] });
  t.pass('every allowed value accepted');
  t.throws(() => checkFilter({ vehicleTypes: ['car', 'lorry'] }), { code: 'E_STORE_QUERY_INVALID', message: /vehicleTypes: "lorry" is not one of car, suv_van/ });
  t.throws(() => checkFilter({ vehicleTypes: ['Car'] }), { code: 'E_STORE_QUERY_INVALID' }, 'case matters: values are the stored codes');
  t.throws(() => checkFilter({ carrying: ['umbrella'] }), { code: 'E_STORE_QUERY_INVALID', message: /carrying: "umbrella"/ });
  t.throws(() => checkFilter({ riding: ['horse'] }), { code: 'E_STORE_QUERY_INVALID', message: /riding: "horse"/ });
});
