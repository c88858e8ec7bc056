// Issue 11 on real footage: `sharpeye analyze --track` with the default model on short windows of
// the fixture clips, checked against test/fixtures-truth/structuring.tsv (vehicle types and
// clothing colours verified by eye on the frames). Windows are re-encoded cuts so each run is a few
// seconds of video; truth times are shifted by the window's start.
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSharpeye } from '../helpers/cli.js';
import { REPO_ROOT, video } from '../helpers/fixtures.js';

interface Row { clip: string; tS: number; x: number; y: number; field: 'vehicleType' | 'upper' | 'lower'; accept: string[]; what: string }
type Rec = Record<string, any>;

const rows: Row[] = readFileSync(join(REPO_ROOT, 'test', 'fixtures-truth', 'structuring.tsv'), 'utf8').split('\n')
  .filter((l) => l.trim() && !l.startsWith('#') && !l.startsWith('clip\t'))
  .map((l) => {
    const [clip, tS, x, y, field, accept, what] = l.split('\t');
    return { clip, tS: Number(tS), x: Number(x), y: Number(y), field: field as Row['field'], accept: accept.split('|'), what };
  });

/**
 * Seconds of each clip analysed: [from, duration], chosen to hold the truth rows' objects and enough
 * cars before them for the typical car size per image row (a12: the whole clip, uncut).
 */
const WINDOWS: Record<string, [number, number]> = {
  'highway.mp4': [0, 5], 'intersection.mp4': [21, 5], 'a12_tunnel_bidir.mp4': [0, Infinity], 'pedestrian_street.mp4': [3, 6],
};
const MAX_ANCHOR_DISTANCE_PX = 50;

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-structuring-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

/** Final object events of analyze --track on the clip's window. */
async function objectsOf(clip: string): Promise<Rec[]> {
  const [from, seconds] = WINDOWS[clip];
  const cut = seconds === Infinity ? video(clip) : join(dir, clip);
  if (seconds !== Infinity) execFileSync(process.env.SHARPEYE_FFMPEG ?? 'ffmpeg', ['-v', 'error', '-nostdin', '-ss', String(from), '-i', video(clip), '-t', String(seconds), '-an', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '16', cut]);
  const out = join(dir, `${clip}.jsonl`);
  const r = await runSharpeye(['analyze', cut, '--fps', '5', '--track', '--out', out, '--snapshots', join(dir, `${clip}.snap`)]);
  if (r.code !== 0) throw new Error(r.stderr);
  return readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'object' && l.final);
}

/** The anchor of an object at `ms` (linear between trajectory points), or undefined outside its life. */
function anchorAt(o: Rec, ms: number): [number, number] | undefined {
  const tr: Array<{ ptsMs: number; x: number; y: number }> = o.trajectory;
  for (let i = 0; i < tr.length; i++) {
    if (tr[i].ptsMs === ms) return [tr[i].x, tr[i].y];
    if (i > 0 && tr[i - 1].ptsMs < ms && tr[i].ptsMs > ms) {
      const k = (ms - tr[i - 1].ptsMs) / (tr[i].ptsMs - tr[i - 1].ptsMs);
      return [tr[i - 1].x + k * (tr[i].x - tr[i - 1].x), tr[i - 1].y + k * (tr[i].y - tr[i - 1].y)];
    }
  }
  return undefined;
}

function match(objects: Rec[], row: Row): Rec | undefined {
  const ms = (row.tS - WINDOWS[row.clip][0]) * 1000;
  let best: Rec | undefined, bestD = MAX_ANCHOR_DISTANCE_PX;
  for (const o of objects) {
    const a = anchorAt(o, ms);
    const d = a ? Math.hypot(a[0] - row.x, a[1] - row.y) : Infinity;
    if (d <= bestD) { best = o; bestD = d; }
  }
  return best;
}

const valueOf = (o: Rec, field: Row['field']): string | null | undefined =>
  field === 'vehicleType' ? o.vehicleType : field === 'upper' ? o.person?.upperColor : o.person?.lowerColor;

const VEHICLE_LABELS = ['car', 'truck', 'bus', 'train', 'motorcycle', 'bicycle'];

for (const clip of Object.keys(WINDOWS)) {
  t.test(`${clip}: types and clothing colours as seen on the frames`, async (t) => {
    const objects = await objectsOf(clip);
    t.ok(objects.length > 0, `${objects.length} objects`);
    for (const o of objects) {
      if (VEHICLE_LABELS.includes(o.label)) t.ok(o.vehicleType, `track ${o.trackId} (${o.label}) has a vehicle type`);
      else t.notOk('vehicleType' in o, `track ${o.trackId} (${o.label}) has none`);
      if (o.label === 'person') t.ok(Array.isArray(o.person?.carrying), `person ${o.trackId} has attributes`);
      else t.notOk('person' in o, `track ${o.trackId} (${o.label}) has no person attributes`);
    }
    const mine = rows.filter((r) => r.clip === clip);
    const vehicles = mine.filter((r) => r.field === 'vehicleType');
    for (const r of vehicles) {
      const o = match(objects, r);
      t.ok(o, `${r.what}: found`);
      if (o) t.ok(r.accept.includes(o.vehicleType), `${r.what}: ${o.vehicleType} in ${r.accept.join('|')} (track ${o.trackId}, label ${o.label})`);
    }
    const clothes = mine.filter((r) => r.field !== 'vehicleType');
    if (clothes.length === 0) return;
    let right = 0;
    for (const r of clothes) {
      const o = match(objects, r);
      const v = o && valueOf(o, r.field);
      t.ok(o && v, `${r.what}: ${r.field} named (${v}, track ${o?.trackId})`);
      if (v && r.accept.includes(v)) right++;
      else t.comment(`miss: ${r.what} ${r.field} = ${v}, expected ${r.accept.join('|')}`);
    }
    // Far people are 15-40 px wide, and trackers swap identities in crowds: most, not all, must match.
    t.ok(right >= 0.75 * clothes.length, `${right} of ${clothes.length} clothing colours as seen`);
  });
}
