// Real appearance data for the EventStore conformance suite: the cars of highway.mp4 at 1.0 s and
// 1.2 s (yolov8n-int8, score >= 0.5), cropped and embedded with the default embedder. A car in the
// first frame is matched to itself in the second by box overlap (cars move little in 0.2 s); its
// second-frame record must rank above every other car's.
import type { Detection, ObjectEvent, RgbImage } from '../../core/index.js';
import { boxIou, Detector, EmbedderSet } from '../../inference/index.js';
import { FfmpegFrameSource } from '../../ingest/index.js';
import type { EventRecord } from '../../indexer/index.js';
import { MODEL_DIR, video } from '../helpers/fixtures.js';
import type { AppearanceCheck } from './event-store-suite.js';

export interface AppearanceFixture {
  dimension: number;
  records: EventRecord[];
  checks: AppearanceCheck[];
}

async function framesAt(secondsList: number[]): Promise<RgbImage[]> {
  const out: RgbImage[] = [];
  for await (const f of new FfmpegFrameSource({ url: video('highway.mp4'), fps: 5 })) {
    if (secondsList.some((s) => Math.abs(f.ptsMs - s * 1000) < 1)) out.push(f);
    if (out.length === secondsList.length) break;
  }
  return out;
}

function event(id: string, d: Detection, wallMs: number): ObjectEvent {
  const [x1, y1, x2, y2] = d.box;
  return {
    id, camera: 'highway', trackId: 0, label: d.label, score: d.score, firstSeen: { ptsMs: 0, wallMs }, lastSeen: { ptsMs: 0, wallMs },
    durationSeconds: 0, frames: 1, box: d.box, size: { width: x2 - x1, height: y2 - y1, areaFraction: 0 }, color: null, colorFraction: 0,
    speedPxPerSecond: 0, headingDegrees: null, trajectory: [], zones: [], lines: [], rules: [], final: true, version: 1,
  };
}

export async function highwayAppearanceFixture(): Promise<AppearanceFixture> {
  // Inference on worker threads does not keep the event loop busy; at a test file's top level tap
  // would take the quiet loop for the end of the file. A timer holds it open meanwhile.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    return await build();
  } finally {
    clearInterval(keepAlive);
  }
}

async function build(): Promise<AppearanceFixture> {
  const [a, b] = await framesAt([1.0, 1.2]);
  const detector = await Detector.create({ model: 'yolov8n-int8', modelDir: MODEL_DIR, confidence: 0.5, classes: ['car'], runner: 'in-thread' });
  const embedders = await EmbedderSet.create({}, { modelDir: MODEL_DIR });
  try {
    const [da, db] = [await detector.detect(a), await detector.detect(b)];
    const va = await embedders.embed(da.map((d) => ({ label: d.label, image: a, box: d.box })));
    const vb = await embedders.embed(db.map((d) => ({ label: d.label, image: b, box: d.box })));
    const records: EventRecord[] = [
      ...da.map((d, i) => ({ event: event(`a-${i}`, d, 1000), embedding: va[i]! })),
      ...db.map((d, j) => ({ event: event(`b-${j}`, d, 1200), embedding: vb[j]! })),
    ];
    const checks: AppearanceCheck[] = [];
    da.forEach((d, i) => {
      const best = db.map((e, j) => ({ j, o: boxIou(d.box, e.box) })).sort((x, y) => y.o - x.o)[0];
      if (!best || best.o < 0.5) return;
      checks.push({ query: `a-${i}`, same: [`b-${best.j}`], different: db.map((_, j) => `b-${j}`).filter((id) => id !== `b-${best.j}`) });
    });
    if (checks.length < 5) throw new Error(`highway appearance fixture: only ${checks.length} cars matched between the frames`);
    return { dimension: embedders.dimension, records, checks };
  } finally {
    await detector.close();
    await embedders.close();
  }
}
