// One footage run: a video file or URL through decode -> detect -> (track, rules, object events)
// -> (event store), every sampled frame kept. `sharpeye analyze` is a shell over it, and a queue
// worker (footage jobs) can reuse it: output goes to a typed sink, never to a stream directly.
// Analytics hand their output to the writer/indexer through the node's IndexQueue with the 'block'
// policy, so a slow store slows decoding down instead of losing records or piling up crops. With
// plates on, each frame's vehicle tracks are read (waiting for a read slot: nothing is skipped)
// and every hand-off gets its plates before it is written.
import type { SharpeyeError } from '../core/index.js';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { Detector, type DetectorOptions } from '../inference/index.js';
import { FfmpegFrameSource, redactUrl } from '../ingest/index.js';
import {
  DetectionPipeline, ObjectAnalytics, type CameraPlates, type CameraRules, type DetectionPipelineStats, type EventIndexer, type ObjectAnalyticsOutput, type PlatesConfig,
} from '../worker/index.js';
import { nodePlateReaders } from './node-resources.js';
import type { PlateReaders } from './plate-readers.js';
import { confirmedTracksToJson, detectionToJson, type DetectionJson, type TrackJson } from './detection-json.js';
import { FootageProgressTracker, type FootageProgress } from './footage-progress.js';
import { IndexQueue, type IndexQueueStats } from './index-queue.js';
import { ObjectOutput, type AnalyticsLine, type AnalyticsSummary } from './object-output.js';

/** One processed frame: pts in seconds from the start of the stream, boxes in source pixels. */
export type FrameLine = { type: 'frame'; source: string; frame: number; pts: number; detections: DetectionJson[]; tracks?: TrackJson[] };

/** Every output line of a run, by `type`: frame, object, alert, crossing, count. */
export type FootageLine = FrameLine | AnalyticsLine;

/**
 * Where a run's output goes. `line` gets every line in order and is awaited: a slow sink slows
 * the run down (nothing is dropped). `progress` gets a report at most every `progressIntervalMs`
 * and a last one (`done: true`) when the run ends normally.
 */
export interface FootageSink {
  line?(line: FootageLine): void | Promise<void>;
  progress?(progress: FootageProgress): void;
}

export interface FootageRunOptions {
  /** A video file path or a URL ffmpeg opens (http(s), rtsp, ...). */
  readonly input: string;
  /** At most this many frames per second of video; sampling only drops frames. @defaultValue 5 */
  readonly fps?: number;
  /** Scale frames down to at most this width first. @defaultValue source size, fitted into 3840x2160 */
  readonly maxWidth?: number;
  /** Refuse inputs whose frames have more pixels (E_INPUT_TOO_LARGE). @defaultValue 40000000 */
  readonly maxInputPixels?: number;
  /** Stop after this many frames. @defaultValue Infinity */
  readonly maxFrames?: number;
  /** A detector to borrow (the run does not close it), or options to create one for the run. @defaultValue one single-threaded session per core */
  readonly detector?: Detector | DetectorOptions;
  /** Track objects and write object lines; implied by `rules` and `indexer`. @defaultValue false */
  readonly track?: boolean;
  /** Zones, lines, rules and calibration (see worker loadRulesFile). */
  readonly rules?: CameraRules;
  /** Camera id on object events and alerts. @defaultValue the input's file name, credentials masked */
  readonly camera?: string;
  /** Wall-clock ms of the first frame; object and alert wall times are this plus pts. @defaultValue Date.now() */
  readonly startWallMs?: number;
  /** Without an indexer: folder for each ended object's best crop and frame thumbnail (JPEG). */
  readonly snapshotsDir?: string;
  /** How `snapshotsDir` is named in errors (a flag or config path). @defaultValue 'snapshotsDir' */
  readonly snapshotsDirName?: string;
  /** Writes object records to an event store (embeddings, snapshot blobs); implies `track`. Borrowed: not flushed or closed. */
  readonly indexer?: EventIndexer;
  /** Frames' worth of analytics output queued for the writer/indexer ('block' policy). @defaultValue 8 */
  readonly indexQueueCapacity?: number;
  /** Ends the run like the end of the input: what is in flight is still written; `stoppedBy` is the reason. */
  readonly signal?: AbortSignal;
  /** Least time between progress reports, ms. @defaultValue 1000 */
  readonly progressIntervalMs?: number;
  /** Licence plates: read vehicle tracks when `enabled` (implies `track`); see the camera config's `plates` section. */
  readonly plates?: PlatesConfig;
  /** Plate readers to borrow (not closed; several runs share one model load). @defaultValue readers opened for the run, on `detector`'s provider */
  readonly plateReaders?: PlateReaders;
  /** Where plate models are looked up when the run opens its own readers. @defaultValue $SHARPEYE_MODEL_DIR */
  readonly modelDir?: string;
}

/** The closing summary: `analyze --summary json` prints exactly this. */
export interface FootageSummary extends AnalyticsSummary {
  /** Frames processed. */
  frames: number;
  /** Detections per label over all frames. */
  detections: Record<string, number>;
  /** The input, credentials masked. */
  source: string;
}

export interface FootageRunResult {
  readonly source: string;
  readonly camera: string;
  readonly model: string;
  readonly stats: DetectionPipelineStats;
  readonly summary: FootageSummary;
  /** The analytics -> writer/indexer queue: every push is 'block', so `dropped` is 0. */
  readonly indexQueue: IndexQueueStats & { readonly overflow: 'block' };
  readonly progress: FootageProgress;
  /** The abort reason when `signal` ended the run early. */
  readonly stoppedBy?: string;
}

/** What analytics hand to the writer for one frame (`frame` absent on the end-of-stream flush). */
interface Handoff { frame?: FrameLine; analytics?: Omit<ObjectAnalyticsOutput, 'frame'>; at?: { frameIndex: number; ptsMs: number; wallMs: number } }

/**
 * Runs `o.input` to its end (or `maxFrames`, or `signal`) and resolves with the summary. Errors:
 * SharpeyeError from ingest (E_INPUT_NOT_FOUND, E_INGEST_DECODE, ...), the detector, the store or
 * the sink; E_CONFIG_INVALID when `snapshotsDir` cannot be made (before decoding starts).
 */
export async function runFootage(o: FootageRunOptions, sink: FootageSink = {}): Promise<FootageRunResult> {
  const source = redactUrl(o.input); // credentials never reach the output
  const camera = o.camera ?? basename(source).replace(/[?#].*$/, '');
  const platesOn = o.plates?.enabled === true;
  const analytics = o.track || o.rules || o.indexer || platesOn ? new ObjectAnalytics({ camera, rules: o.rules?.rules, calibration: o.rules?.calibration }) : undefined;
  const write = async (line: FootageLine) => { await sink.line?.(line); };
  const indexer = o.indexer;
  const objects = analytics && new ObjectOutput(write, indexer ? undefined : o.snapshotsDir, undefined, indexer && ((x) => indexer.index(x)), o.snapshotsDirName ?? 'snapshotsDir');
  const frames = new FfmpegFrameSource({ url: o.input, fps: o.fps ?? 5, maxWidth: o.maxWidth, maxInputPixels: o.maxInputPixels });
  let stoppedBy: string | undefined;
  const onAbort = () => { stoppedBy ??= abortReason(o.signal!.reason); void frames.close(); };
  if (o.signal?.aborted) onAbort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const borrowed = o.detector instanceof Detector ? o.detector : undefined;
  let detector = borrowed;
  const readers = platesOn ? o.plateReaders ?? nodePlateReaders({ modelDir: o.modelDir, provider: o.detector instanceof Detector ? undefined : o.detector?.provider }) : undefined;
  try {
    const plates = readers?.camera(camera, o.plates!, 'block');
    if (plates) await readers!.reader(o.plates!); // a plate model that cannot load fails the run before decoding
    const options = o.detector instanceof Detector ? undefined : o.detector;
    // A footage job wants throughput: by default one single-threaded session per core.
    detector ??= await Detector.create({ ...options, sessions: options?.sessions ?? availableParallelism() });
    const pipeline = new DetectionPipeline(frames, detector);
    const tracker = new FootageProgressTracker(performance.now(), o.maxFrames ?? Infinity, o.progressIntervalMs ?? 1000);
    // The writer's first error fails the run: the producer stops, queued items are skipped.
    const failed: { error?: SharpeyeError } = {};
    const queue = new IndexQueue<Handoff>({
      capacity: o.indexQueueCapacity ?? 8,
      handle: async (item) => {
        if (failed.error) return;
        await writeOne(plates && item.analytics ? { ...item, analytics: await plates.annotate(item.analytics, item.at) } : item, write, objects);
        if (item.frame) {
          const p = tracker.frame(item.frame.pts, frames.durationMs, performance.now());
          if (p) sink.progress?.(p);
        }
      },
      onError: (error) => { failed.error ??= error; void frames.close(); },
    });
    try {
      await produce(pipeline, analytics, plates, queue, failed, { source, startWallMs: o.startWallMs ?? Date.now(), maxFrames: o.maxFrames ?? Infinity });
    } finally {
      await queue.close(); // what was handed off is still written; a decoder error is then the run's
    }
    if (failed.error) throw failed.error;
    const progress = tracker.report(frames.durationMs, performance.now(), true, stoppedBy === undefined);
    sink.progress?.(progress);
    const s = objects?.summary(analytics!.counts()) ?? { counts: {}, objects: {}, alerts: {} };
    const summary: FootageSummary = { ...s, frames: pipeline.stats.frames, detections: pipeline.stats.perClass, source };
    return { source, camera, model: detector.info.model, stats: pipeline.stats, summary, indexQueue: { ...queue.stats, overflow: 'block' }, progress, ...(stoppedBy ? { stoppedBy } : {}) };
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    await frames.close();
    if (!borrowed) await detector?.close();
    if (readers && readers !== o.plateReaders) await readers.close();
  }
}

/** Decodes and detects, runs analytics, and hands each frame's output to the queue (waiting while it is full). */
async function produce(pipeline: DetectionPipeline, analytics: ObjectAnalytics | undefined, plates: CameraPlates | undefined, queue: IndexQueue<Handoff>, failed: { error?: unknown }, o: { source: string; startWallMs: number; maxFrames: number }): Promise<void> {
  let count = 0;
  for await (const r of pipeline.run()) {
    if (failed.error) return; // the writer failed: its error ends the run
    const a = analytics?.process(r, o.startWallMs + r.ptsMs);
    if (a && plates) await plates.frame(a.frame, r.image); // waits for read slots, never skips a read
    const frame: FrameLine = {
      type: 'frame', source: o.source, frame: r.frameIndex, pts: r.ptsMs / 1000, detections: r.detections.map(detectionToJson),
      ...(a ? { tracks: confirmedTracksToJson(a.frame.tracks) } : {}),
    };
    await queue.push({ frame, ...(a ? { analytics: a, at: { frameIndex: a.frame.frameIndex, ptsMs: a.frame.ptsMs, wallMs: a.frame.wallMs } } : {}) }, 'block');
    if (++count >= o.maxFrames) break;
  }
  // End of stream: open alerts end and every object gets its final record.
  if (analytics && !failed.error) await queue.push({ analytics: analytics.flush() }, 'block');
}

/** The queue's handler: writes one frame line, then its analytics (indexing objects), in order. */
async function writeOne(item: Handoff, write: (l: FootageLine) => Promise<void>, objects: ObjectOutput | undefined): Promise<void> {
  if (item.frame) await write(item.frame);
  if (item.analytics) await objects!.emit(item.analytics);
}

function abortReason(reason: unknown): string {
  if (typeof reason === 'string') return reason;
  return reason instanceof Error && reason.name !== 'AbortError' ? reason.message : 'abort';
}
