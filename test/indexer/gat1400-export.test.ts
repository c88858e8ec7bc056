// GA/T 1400 export (indexer/export): code tables, ids, local times, direction sectors, the mapping of
// hand-built events (plates, person attributes, calibration) and schema validation of whole
// documents with ajv, an independent JSON Schema validator.
import t from 'tap';
import { Ajv } from 'ajv';
import type { ObjectEvent, PersonAttributes, PlateInfo } from '../../core/index.js';
import { PALETTE_COLOURS } from '../../analytics/index.js';
import {
  checkGat1400DeviceId, checkTimeZone, colourCode, directionCode, gat1400DocumentChunks, gat1400ImageId, gat1400ObjectId, gat1400Time,
  Gat1400DocumentSchema, placeholderDeviceId, plateClassCode, toGat1400, vehicleClassCode, type Gat1400Document, type Gat1400EventSource,
} from '../../indexer/index.js';
import { makeEvent } from '../conformance/event-store-fixtures.js';
import { seededRandom } from '../helpers/seeded-random.js';

const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile(Gat1400DocumentSchema);

/** 2026-01-02T03:04:05.678Z: 11:04:05 in Shanghai. */
const T0 = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
const DEVICE = '33010299011190000253';

function event(o: Partial<ObjectEvent> = {}): ObjectEvent {
  return {
    id: 'ev-1', camera: 'gate', trackId: 42, label: 'car', score: 0.9,
    firstSeen: { ptsMs: 0, wallMs: T0 }, lastSeen: { ptsMs: 4000, wallMs: T0 + 4000 }, durationSeconds: 4, frames: 20,
    box: [10.4, 20.6, 300.2, 240.9], size: { width: 290, height: 220, areaFraction: 0.03 },
    color: 'white', colorFraction: 0.6, speedPxPerSecond: 80, headingDegrees: 90, trajectory: [], zones: [], lines: [], rules: [],
    final: true, version: 1, ...o,
  };
}

const PLATE: PlateInfo = { text: '皖K66666', confidence: 0.934, colour: 'yellow', layers: 2, kind: 'mainland', candidates: [{ text: '皖K66666', confidence: 0.95, votes: 4 }], snapshot: 'ev-1.plate.jpg' };
const PERSON: PersonAttributes = { upperColor: 'red', lowerColor: 'blue', carrying: ['backpack'], riding: null };

async function documentOf(events: readonly ObjectEvent[], o: Parameters<typeof gat1400DocumentChunks>[1] = {}): Promise<{ text: string; doc: Gat1400Document; asked: string[][] }> {
  const asked: string[][] = [];
  const source: Gat1400EventSource = async function* (labels) {
    asked.push([...labels]);
    yield* events.filter((e) => labels.includes(e.label));
  };
  let text = '';
  for await (const chunk of gat1400DocumentChunks(source, o)) text += chunk;
  return { text, doc: JSON.parse(text) as Gat1400Document, asked };
}

t.test('code tables', async (t) => {
  const codes = PALETTE_COLOURS.map((c) => colourCode(c));
  t.equal(new Set(codes).size, PALETTE_COLOURS.length, 'every palette colour has its own ColorType code');
  t.notOk(codes.includes('99'), 'none of them is "other"');
  t.same([colourCode('black'), colourCode('white'), colourCode('gray'), colourCode('blue'), colourCode('yellow'), colourCode('green'), colourCode('brown')], ['1', '2', '3', '5', '6', '9', '8']);
  t.equal(colourCode(null), '99', 'unknown colour: other');
  t.equal(colourCode('silver'), '99', 'a colour outside the palette: other');
  t.equal(colourCode('__proto__'), '99');

  t.same(['car', 'suv_van', 'bus', 'light_goods', 'heavy_goods', 'motorcycle'].map((v) => vehicleClassCode(v as never, 'car')), ['K33', 'K31', 'K11', 'H31', 'H11', 'M21']);
  t.equal(vehicleClassCode(undefined, 'bus'), 'K11', 'a bus label settles the class');
  t.equal(vehicleClassCode(undefined, 'truck'), undefined, 'a truck without a finer type gets none (light or heavy?)');
  t.equal(vehicleClassCode('bicycle', 'bicycle'), undefined, 'a bicycle is no motor vehicle');

  t.equal(plateClassCode(PLATE), '01', 'yellow mainland plate: large vehicle');
  t.equal(plateClassCode({ text: '京EA5331', colour: 'blue', kind: 'mainland' }), '02');
  t.equal(plateClassCode({ text: '粤BD12345', colour: 'green', kind: 'new_energy' }), '52');
  t.equal(plateClassCode({ text: '粤Z1234港', colour: 'black', kind: 'hk_macao' }), '26');
  t.equal(plateClassCode({ text: '粤Z1234澳', colour: 'black', kind: 'hk_macao' }), '27');
  t.equal(plateClassCode({ text: 'H786POJ', colour: null, kind: 'latin' }), '99');
  t.equal(plateClassCode({ text: '京A1234警', colour: 'white', kind: 'mainland' }), '99');

  const dir: Array<[number, string | undefined]> = [
    [0, '4'], [22.4, '4'], [22.5, '5'], [45, '5'], [90, '1'], [135, '7'], [180, '3'], [225, '6'], [270, '2'], [315, '8'], [337.4, '8'], [337.5, '4'],
    [360, '4'], [-90, '2'], [450, '1'], [Number.NaN, undefined], [null as unknown as number, undefined],
  ];
  for (const [bearing, code] of dir) t.equal(directionCode(bearing), code, `bearing ${bearing} -> ${code}`);
});

t.test('ids and times', async (t) => {
  t.equal(gat1400Time(T0, 'Asia/Shanghai'), '20260102110405', 'local time, seconds truncated');
  t.equal(gat1400Time(T0, 'UTC'), '20260102030405');
  t.equal(gat1400Time(Date.UTC(2026, 0, 1, 16, 0, 0), 'Asia/Shanghai'), '20260102000000', 'midnight is 00, not 24');
  t.equal(gat1400Time(Date.UTC(2025, 11, 31, 23, 59, 59, 999), 'Asia/Shanghai'), '20260101075959', 'the date rolls over with the zone');
  t.throws(() => checkTimeZone('Mars/Olympus', '--time-zone'), { code: 'E_CONFIG_INVALID', message: /--time-zone: unknown time zone 'Mars\/Olympus'/ });
  t.equal(checkTimeZone('Asia/Urumqi', 'x'), 'Asia/Urumqi');

  const p = placeholderDeviceId('gate');
  t.match(p, /^0000000000119[0-9]{7}$/, 'placeholder: division 00000000, industry 00, type 119');
  t.equal(placeholderDeviceId('gate'), p, 'deterministic');
  t.not(placeholderDeviceId('north'), p, 'differs per camera');
  t.equal(checkGat1400DeviceId(DEVICE, 'x'), DEVICE);
  t.throws(() => checkGat1400DeviceId('3301029901119000025', 'cameras[0]'), { code: 'E_CONFIG_INVALID' });
  t.throws(() => checkGat1400DeviceId('3301029901119000025A', 'cameras[0]'), { code: 'E_CONFIG_INVALID' });

  const time = gat1400Time(T0, 'Asia/Shanghai');
  const scene = gat1400ImageId(DEVICE, time, 42, 'scene');
  t.equal(scene, `${DEVICE}02${time}00420`, '41 characters: device, 02, time, (track mod 10000) x 10 + slot');
  t.equal(scene.length, 41);
  t.equal(gat1400ImageId(DEVICE, time, 123_457, 'plate'), `${DEVICE}02${time}34572`);
  t.equal(gat1400ObjectId(scene, 'MotorVehicle'), `${scene}0200001`);
  t.equal(gat1400ObjectId(scene, 'MotorVehicle').length, 48);
  t.equal(gat1400ObjectId(scene, 'Person').slice(41, 43), '01');
  t.equal(gat1400ObjectId(scene, 'NonMotorVehicle').slice(41, 43), '03');
});

t.test('a car with a plate, type and calibration', async (t) => {
  const e = event({ snapshot: 'ev-1.jpg', thumbnail: 'ev-1.thumb.jpg', vehicleType: 'heavy_goods', plate: PLATE, speedMetresPerSecond: 12.5, compassDegrees: 268, label: 'truck' });
  const r = toGat1400(e, { camera: (id) => (id === 'gate' ? { deviceId: DEVICE } : undefined) });
  t.equal(r?.kind, 'MotorVehicle');
  if (r?.kind !== 'MotorVehicle') throw new Error('not a motor vehicle');
  const o = r.object;
  const source = `${DEVICE}0220260102110405` + '00420';
  t.match(o, {
    MotorVehicleID: `${source}0200001`, InfoKind: 1, SourceID: source, DeviceID: DEVICE,
    LeftTopX: 10, LeftTopY: 21, RightBtmX: 300, RightBtmY: 241, PassTime: '20260102110405',
    VehicleColor: '2', VehicleClass: 'H11', HasPlate: '1', PlateClass: '01', PlateColor: '6', PlateNo: '皖K66666', PlateReliability: '93',
    Speed: 45, Direction: '2', StorageUrl1: 'ev-1.jpg', StorageUrl2: 'ev-1.plate.jpg', StorageUrl3: 'ev-1.thumb.jpg',
  });
  t.same(o.SubImageList!.SubImageInfoObject.map((s) => [s.Type, s.StoragePath, s.ImageID.slice(-1)]), [['09', 'ev-1.jpg', '1'], ['14', 'ev-1.thumb.jpg', '0'], ['02', 'ev-1.plate.jpg', '2']], 'crop, scene, plate');
  t.equal(o.SubImageList!.SubImageInfoObject[1].ImageID, o.SourceID, 'the scene picture is the source image');
  t.same(toGat1400(e, { camera: () => ({ deviceId: DEVICE }) }), r, 'deterministic: the same event gives the same record');

  const bare = toGat1400(event({ color: null }))!.object as Record<string, unknown>;
  t.equal(bare.DeviceID, placeholderDeviceId('gate'), 'no configured DeviceID: the placeholder');
  t.equal(bare.VehicleColor, '99');
  for (const absent of ['Speed', 'Direction', 'HasPlate', 'PlateNo', 'StorageUrl1', 'SubImageList']) t.notOk(absent in bare, `${absent} left out when unknown`);
  const turned = toGat1400(event(), { camera: () => ({ imageUpBearingDegrees: 90 }) })!.object as Record<string, unknown>;
  t.equal(turned.Direction, '3', 'image heading 90 on a camera whose image-up points east: travelling south');
});

t.test('a person and a bicycle; other labels have no object', async (t) => {
  const p = toGat1400(event({ label: 'person', person: PERSON, snapshot: 'p.jpg' }), { timeZone: 'UTC' });
  t.equal(p?.kind, 'Person');
  t.match(p!.object, { PersonAppearTime: '20260102030405', PersonDisAppearTime: '20260102030409', CoatColor: '4', TrousersColor: '5' });
  t.equal((p!.object as { PersonID: string }).PersonID.slice(41, 43), '01');
  t.same((p!.object as { SubImageList: { SubImageInfoObject: Array<{ Type: string }> } }).SubImageList.SubImageInfoObject.map((s) => s.Type), ['10']);
  const nobody = toGat1400(event({ label: 'person', person: { upperColor: null, lowerColor: null, carrying: [], riding: null } }))!.object as Record<string, unknown>;
  t.notOk('CoatColor' in nobody || 'TrousersColor' in nobody, 'unknown clothing colours are left out');

  const b = toGat1400(event({ label: 'bicycle', color: 'green', speedMetresPerSecond: 5 }));
  t.equal(b?.kind, 'NonMotorVehicle');
  t.match(b!.object, { VehicleColor: '9', Speed: 18, AppearTime: '20260102110405', DisappearTime: '20260102110409' });
  t.equal(toGat1400(event({ label: 'dog' })), undefined);
});

t.test('documents validate against the schema, and the schema can fail', async (t) => {
  const rng = seededRandom(11);
  const events: ObjectEvent[] = [];
  for (let i = 0; i < 240; i++) {
    const e = makeEvent(rng, i);
    const extra: { -readonly [K in keyof ObjectEvent]?: ObjectEvent[K] } = {};
    if (i % 4 === 0) extra.snapshot = `${e.id}.jpg`;
    if (i % 5 === 0) extra.thumbnail = `${e.id}.thumb.jpg`;
    if (['car', 'truck', 'bus'].includes(e.label) && i % 2 === 0) extra.plate = { ...PLATE, text: `京A${String(i).padStart(5, '0')}`, colour: (['blue', 'yellow', 'green', 'white', 'black', null] as const)[i % 6], kind: i % 6 === 2 ? 'new_energy' : 'mainland', snapshot: `${e.id}.plate.jpg` };
    if (['car', 'truck', 'bus', 'motorcycle'].includes(e.label)) extra.vehicleType = (['car', 'suv_van', 'bus', 'light_goods', 'heavy_goods', 'motorcycle'] as const)[i % 6];
    if (e.label === 'person') extra.person = { upperColor: PALETTE_COLOURS[i % 12], lowerColor: i % 3 ? PALETTE_COLOURS[(i * 5) % 12] : null, carrying: [], riding: null };
    if (i % 7 === 0) extra.compassDegrees = (i * 37) % 360;
    events.push({ ...e, ...extra });
  }
  const { doc, asked } = await documentOf(events, { camera: (id) => (id === 'cam-gate' ? { deviceId: DEVICE } : undefined) });
  t.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 3)));
  t.same(asked, [['car', 'truck', 'bus', 'motorcycle'], ['bicycle'], ['person']], 'one pass per kind');
  const motor = doc.MotorVehicleListObject.MotorVehicleObject;
  t.equal(motor.length + doc.NonMotorVehicleListObject.NonMotorVehicleObject.length + doc.PersonListObject.PersonObject.length, events.length, 'every event of the six labels is exported');
  t.ok(motor.some((m) => m.PlateNo && m.PlateClass === '52') && motor.some((m) => m.Direction) && motor.some((m) => m.Speed !== undefined), 'plates, directions and speeds occur');
  t.ok(doc.PersonListObject.PersonObject.some((p) => p.CoatColor !== undefined), 'clothing colours occur');
  t.equal(new Set(motor.map((m) => m.MotorVehicleID)).size, motor.length, 'ids are unique in this export');

  const invented = structuredClone(doc);
  (invented.MotorVehicleListObject.MotorVehicleObject[0] as Record<string, unknown>).VehicleColour = '2';
  t.notOk(validate(invented), 'an invented field fails');
  const badId = structuredClone(doc);
  badId.PersonListObject.PersonObject[0].PersonID = badId.PersonListObject.PersonObject[0].PersonID.slice(1);
  t.notOk(validate(badId), 'a 47-character id fails');
  const badColour = structuredClone(doc);
  (badColour.MotorVehicleListObject.MotorVehicleObject[0] as Record<string, unknown>).VehicleColor = 'white';
  t.notOk(validate(badColour), 'a colour name instead of its code fails');
});

t.test('label filter, empty export and embedded pictures', async (t) => {
  const events = [event({ snapshot: 'a.jpg', plate: PLATE }), event({ id: 'p', trackId: 7, label: 'person', thumbnail: 'b.jpg' })];
  const people = await documentOf(events, { labels: ['person', 'dog'] });
  t.same(people.asked, [['person']], 'kinds without an asked label are not read');
  t.equal(people.doc.MotorVehicleListObject.MotorVehicleObject.length, 0);
  t.equal(people.doc.PersonListObject.PersonObject.length, 1);
  const empty = await documentOf([]);
  t.equal(empty.text, '{"MotorVehicleListObject":{"MotorVehicleObject":[]},"NonMotorVehicleListObject":{"NonMotorVehicleObject":[]},"PersonListObject":{"PersonObject":[]}}\n');
  t.ok(validate(empty.doc));

  const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
  const read: string[] = [];
  const embedded = await documentOf(events, { readImage: async (key) => { read.push(key); return key === 'ev-1.plate.jpg' ? undefined : jpeg; }, storagePath: (key) => `https://node.example/blobs/${key}` });
  t.ok(validate(embedded.doc), JSON.stringify(validate.errors?.slice(0, 3)));
  t.same(read.sort(), ['a.jpg', 'b.jpg', 'ev-1.plate.jpg']);
  const subs = embedded.doc.MotorVehicleListObject.MotorVehicleObject[0].SubImageList!.SubImageInfoObject;
  t.same(Buffer.from(subs[0].Data!, 'base64'), Buffer.from(jpeg), 'the JPEG, base64');
  t.equal(subs[0].StoragePath, 'https://node.example/blobs/a.jpg');
  t.notOk('Data' in subs[1], 'a picture that cannot be read is referenced only');
  await t.rejects(documentOf(events, { timeZone: 'Nowhere/Land' }), { code: 'E_CONFIG_INVALID' });
});
