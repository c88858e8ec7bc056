// `sharpeye export`: GA/T 1400, JSON and CSV from a store the pipeline filled (analyze --store on a
// fixture clip) and from a hand-built store larger than one store page (cursor paging); GA/T 1400
// output validated with ajv against the schema written from the standard's field list.
import t from 'tap';
import { Ajv } from 'ajv';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ObjectEvent } from '../../core/index.js';
import { Gat1400DocumentSchema, SqliteEventStore, gat1400Time, type Gat1400Document } from '../../indexer/index.js';
import { DEFAULT_EMBED_MODEL } from '../../inference/index.js';
import { getModelSpec } from '../../models/index.js';
import { exportCommand } from '../../cli/commands/export.js';
import { makeEvent } from '../conformance/event-store-fixtures.js';
import { runSharpeye } from '../helpers/cli.js';
import { video } from '../helpers/fixtures.js';
import { processesWithTag } from '../helpers/processes.js';
import { seededRandom } from '../helpers/seeded-random.js';

const validate = new Ajv({ allErrors: true, strict: true }).compile(Gat1400DocumentSchema);
const dir = mkdtempSync(join(tmpdir(), 'sharpeye-export-cli-'));
const DEVICE = '33010299011190000253';
const MOTOR = ['car', 'truck', 'bus', 'motorcycle'];
/** The command in this process (no CLI start-up per call): its stdout, or the error it throws. */
async function exportInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '', stderr = '';
  const sink = (add: (s: string) => void) => new Writable({ write(chunk, _enc, done) { add(String(chunk)); done(); } });
  const code = await exportCommand(args, { stdout: sink((c) => { stdout += c; }), stderr: sink((c) => { stderr += c; }), env: {} });
  return { code, stdout, stderr };
}
const objectsOf = (d: Gat1400Document) => [...d.MotorVehicleListObject.MotorVehicleObject, ...d.NonMotorVehicleListObject.NonMotorVehicleObject, ...d.PersonListObject.PersonObject];

t.test('a store filled by analyze exports as GA/T 1400 objects that validate', async (t) => {
  const db = join(dir, 'highway.db');
  const START = Date.parse('2026-03-02T08:00:00Z');
  const analyzed = await runSharpeye(['analyze', video('highway.mp4'), '--fps', '5', '--max-frames', '25', '--store', `sqlite:${db}`, '--out', join(dir, 'highway.jsonl'), '--start-time', new Date(START).toISOString(), '--camera', 'a1-north']);
  t.equal(analyzed.code, 0, analyzed.stderr);
  const listed = await runSharpeye(['events', '--store', `sqlite:${db}`, '--json', '--limit', '1000', '--order', 'asc']);
  const stored = JSON.parse(listed.stdout) as ObjectEvent[];
  const motor = stored.filter((e) => MOTOR.includes(e.label));
  t.ok(motor.length >= 2, `${motor.length} vehicles stored by the pipeline`);

  const out = join(dir, 'highway-gat1400.json');
  const exported = await runSharpeye(['export', '--store', `sqlite:${db}`, '--format', 'gat1400', '--device-id', `a1-north=${DEVICE}`, '--embed-images', '--out', out]);
  t.equal(exported.code, 0, exported.stderr);
  t.match(exported.stderr, /exported gat1400 to .*highway-gat1400\.json \(\d+ bytes\)/);
  t.equal(exported.stdout, '', 'nothing on stdout with --out');
  const doc = JSON.parse(readFileSync(out, 'utf8')) as Gat1400Document;
  t.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 3)));
  const vehicles = doc.MotorVehicleListObject.MotorVehicleObject;
  t.equal(vehicles.length, motor.length, 'one MotorVehicle per stored vehicle');
  t.equal(doc.PersonListObject.PersonObject.length, stored.filter((e) => e.label === 'person').length);
  t.ok(vehicles.every((v) => v.DeviceID === DEVICE && v.MotorVehicleID.startsWith(DEVICE)), 'the camera\'s DeviceID');
  t.same(vehicles.map((v) => v.PassTime), motor.map((e) => gat1400Time(e.firstSeen.wallMs, 'Asia/Shanghai')), 'PassTime: first sighting in Shanghai time, oldest first');
  t.ok(vehicles.every((v) => v.PassTime.startsWith('2026030216')), 'the clip starts at 16:00 in Shanghai');
  const withCrop = vehicles.filter((v) => v.StorageUrl1 !== undefined);
  t.ok(withCrop.length > 0, 'snapshots are referenced');
  for (const v of withCrop) t.ok(existsSync(join(`${db}.snapshots`, v.StorageUrl1!)), `${v.StorageUrl1} is a blob key of the store's snapshots`);
  const crop = withCrop[0].SubImageList!.SubImageInfoObject.find((s) => s.Type === '09')!;
  t.same([...Buffer.from(crop.Data!, 'base64').subarray(0, 2)], [0xff, 0xd8], '--embed-images: the JPEG itself');
  t.same(processesWithTag(analyzed.tag), [], 'no decoder left running');
});

t.test('a store larger than a page: every format, every event, in order, filtered', async (t) => {
  const db = join(dir, 'big.db');
  const store = await SqliteEventStore.open({ path: db, dimension: getModelSpec(DEFAULT_EMBED_MODEL).embeddingDim! }); // what read commands open it with
  const rng = seededRandom(5);
  const events = Array.from({ length: 2300 }, (_, i) => makeEvent(rng, i));
  await store.upsert(events.map((event) => ({ event })));
  await store.flush();
  await store.close();
  const asc = [...events].sort((a, b) => a.firstSeen.wallMs - b.firstSeen.wallMs || (a.id < b.id ? -1 : 1));

  const json = await runSharpeye(['export', '--store', `sqlite:${db}`, '--format', 'json']);
  t.equal(json.code, 0, json.stderr);
  t.same((JSON.parse(json.stdout) as { events: ObjectEvent[] }).events.map((e) => e.id), asc.map((e) => e.id), 'JSON: all 2300, oldest first, across three store pages');

  const csv = await exportInProcess([ '--store', `sqlite:${db}`, '--order', 'desc', '--label', 'person', '--camera', 'cam-gate,cam-north']);
  t.equal(csv.code, 0, csv.stderr);
  const want = asc.filter((e) => e.label === 'person' && ['cam-gate', 'cam-north'].includes(e.camera)).reverse();
  const rows = csv.stdout.split('\r\n').filter((l) => l !== '');
  t.equal(rows[0].split(',')[0], 'id', 'CSV by default, with its header');
  t.same(rows.slice(1).map((r) => r.split(',')[0]), want.map((e) => e.id), 'CSV: the filters and --order desc apply');

  const gat = await exportInProcess([ '--store', `sqlite:${db}`, '--format', 'gat1400', '--time-zone', 'UTC', '--image-url', 'https://files.example/']);
  t.equal(gat.code, 0, gat.stderr);
  const doc = JSON.parse(gat.stdout) as Gat1400Document;
  t.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 3)));
  t.equal(objectsOf(doc).length, events.length, 'every event has a GA/T 1400 kind (cars to people)');
  t.equal(doc.NonMotorVehicleListObject.NonMotorVehicleObject.length, events.filter((e) => e.label === 'bicycle').length);
  t.equal(doc.PersonListObject.PersonObject[0].PersonAppearTime, gat1400Time(asc.find((e) => e.label === 'person')!.firstSeen.wallMs, 'UTC'), '--time-zone');
  t.equal(new Set(doc.MotorVehicleListObject.MotorVehicleObject.map((m) => m.DeviceID)).size, 6, 'six cameras, six placeholder DeviceIDs');

  const people = await exportInProcess([ '--store', `sqlite:${db}`, '--format', 'gat1400', '--label', 'person,dog']);
  const only = JSON.parse(people.stdout) as Gat1400Document;
  t.equal(only.MotorVehicleListObject.MotorVehicleObject.length, 0, 'the label filter applies per kind');
  t.equal(only.PersonListObject.PersonObject.length, events.filter((e) => e.label === 'person').length);
});

t.test('a reader that goes away (| head) stops the export quietly; other write errors fail it', async (t) => {
  const db = join(dir, 'pipe.db');
  const store = await SqliteEventStore.open({ path: db, dimension: getModelSpec(DEFAULT_EMBED_MODEL).embeddingDim! });
  const rng = seededRandom(9);
  await store.upsert(Array.from({ length: 1500 }, (_, i) => ({ event: makeEvent(rng, i) })));
  await store.close();
  const failing = (code: string) => {
    let chunks = 0;
    return new Writable({
      highWaterMark: 1024,
      write(_chunk, _enc, done) {
        if (++chunks < 3) { done(); return; }
        done(Object.assign(new Error(`write ${code}`), { code }));
      },
    });
  };
  let stderr = '';
  const errSink = new Writable({ write(chunk, _enc, done) { stderr += String(chunk); done(); } });
  for (const format of ['gat1400', 'csv']) {
    const pipe = failing('EPIPE');
    const code = await exportCommand(['--store', `sqlite:${db}`, '--format', format], { stdout: pipe, stderr: errSink, env: {} });
    t.equal(code, 0, `${format}: EPIPE ends the export with success`);
  }
  t.equal(stderr, '', 'and says nothing');
  await t.rejects(exportCommand(['--store', `sqlite:${db}`, '--format', 'csv'], { stdout: failing('ENOSPC'), stderr: errSink, env: {} }), /ENOSPC/, 'a full disk is an error');
});

t.test('bad options are usage errors; a missing store is not created', async (t) => {
  const db = join(dir, 'nothing.db');
  for (const [args, message] of [
    [['--format', 'xml'], /--format must be gat1400, json or csv, got 'xml'/],
    [['--format', 'gat1400', '--device-id', 'a1=123'], /--device-id a1: a GA\/T 1400 device id is 20 digits/],
    [['--format', 'gat1400', '--device-id', 'a1'], /--device-id takes camera=DEVICEID pairs/],
    [['--format', 'gat1400', '--time-zone', 'Mars/Olympus'], /unknown time zone 'Mars\/Olympus'/],
    [['--order', 'up'], /--order must be asc or desc/],
  ] as const) {
    await t.rejects(exportInProcess(['--store', `sqlite:${db}`, ...args]), { code: 'E_CONFIG_INVALID', message }, args.join(' '));
  }
  await t.rejects(exportInProcess(['--store', `sqlite:${db}`]), { code: 'E_STORE_NOT_FOUND' });
  t.notOk(existsSync(db), 'no store was created');
  const usage = await runSharpeye(['export', '--store', `sqlite:${db}`, '--format', 'xml']);
  t.equal(usage.code, 2, 'a usage error exits 2');
  t.match(usage.stderr, /^sharpeye export: E_CONFIG_INVALID: --format must be/);
  const help = await exportInProcess(['--help']);
  t.match(help.stdout, /--format gat1400/);
  const schema = await exportInProcess(['--print-schema']);
  t.equal(schema.code, 0);
  const printed = JSON.parse(schema.stdout) as { properties: Record<string, unknown> };
  t.same(Object.keys(printed.properties), ['MotorVehicleListObject', 'NonMotorVehicleListObject', 'PersonListObject'], '--print-schema: the document schema');
  t.ok(new Ajv({ strict: true }).validateSchema(printed), 'a valid JSON Schema');
});
