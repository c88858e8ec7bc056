// `sharpeye analyze <video-or-url>`: decodes a file or stream at a sampled rate, detects objects on
// every sampled frame and writes one JSON line per frame; a human summary goes to stderr.
import { createWriteStream, openSync } from 'node:fs';
import { basename } from 'node:path';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { SharpeyeError } from '../../core/index.js';
import { Detector, InputSizeSchema, TilingConfigSchema } from '../../inference/index.js';
import { DEFAULT_MAX_INPUT_PIXELS, FfmpegFrameSource, FPS_LIMITS, FpsSchema, MAX_INPUT_PIXELS_CEILING, MAX_WIDTH_LIMITS, MaxWidthSchema, redactUrl } from '../../ingest/index.js';
import { checkStoreSpec } from '../../indexer/index.js';
import { DetectionPipeline, loadRulesFile, ObjectAnalytics, type DetectionPipelineStats } from '../../worker/index.js';
import { indexingFromFlags, openIndexing, STORE_FLAGS, STORE_HELP } from '../store-options.js';
import { ObjectOutput } from '../object-output.js';
import type { CliCommand } from '../cli-io.js';
import { parseIntegerOption, parseOptions, parseSchemaOption } from '../parse-options.js';
import { DETECTOR_FLAGS, DETECTOR_HELP, detectorOptionsFrom } from '../detector-options.js';
import { confirmedTracksToJson, detectionToJson } from '../detection-json.js';

const HELP = `usage: sharpeye analyze <video-or-url> [options]

Runs detection over a video file or any URL ffmpeg opens (http, https, rtsp, ...).
Writes JSON lines to --out or stdout, each with a "type":
  frame     { type, source, frame, pts, detections: [{ label, score, box }], tracks? }
            (pts in seconds from the start of the stream, box in source pixels)
  object    one record per tracked object (with --track or --rules; see README "Object events")
  alert     a rule's alert started / updated / ended (with --rules)
  crossing  an object crossed a counting line (with --rules)
  count     a line's counts for a closed interval (with --rules)
A summary (frames, inferences, achieved fps, per-class counts) goes to stderr; with
--summary json the last line on stdout is one JSON object { counts, objects, alerts }.

options:
  --fps N             at most N frames per second of video, ${FPS_LIMITS.minimum}..${FPS_LIMITS.maximum} (default ${FPS_LIMITS.default}); frames are only dropped,
                      never repeated: a 12.5 fps clip at --fps 30 gives its own 12.5 frames a second
  --max-width N       scale frames down to at most N pixels wide (${MAX_WIDTH_LIMITS.minimum}..${MAX_WIDTH_LIMITS.maximum}) before detection (default: source
                      size, scaled down to fit 3840x2160)
  --max-input-pixels N  refuse videos whose frames have more than N pixels, before decoding them
                      (default 40000000, 40 MP; E_INPUT_TOO_LARGE)
  --out FILE          write JSON lines here instead of stdout
  --max-frames N      stop after N processed frames (useful on live streams)
  --track             track objects and write one "object" record per tracked object
  --rules FILE        zones, lines and rules (YAML; implies --track); see README "Rules"
  --camera ID         camera id on object events and alerts (default: the file name)
  --snapshots DIR     save each object's best crop and a frame thumbnail as JPEG here
                      (default: FILE.snapshots/ next to --out when tracking; none on stdout)
  --start-time ISO    wall-clock time of the video's first frame (default: now)
  --summary text|json summary format (default text, on stderr; json: last line on stdout)
  --input-size N      run the model at N x N input (models with dynamic input only; multiple of 32)
  --tile N            sliced inference: N x N pixel slices with overlap, plus the full frame, merged
                      (finds small and distant objects; one inference per slice)
  --tile-overlap F    overlap between slices, fraction 0..0.9 (default 0.2)
  --store SPEC        write object events (with appearance embeddings and snapshots) to an
                      event store (implies --track); snapshots of sqlite:PATH go to PATH.snapshots/
${STORE_HELP.split('\n').slice(2).join('\n')}
SIGINT/SIGTERM stop a run cleanly: frames in flight are written, the summary printed, exit 0.
${DETECTOR_HELP}
`;

export const analyzeCommand: CliCommand = async (argv, io) => {
  const { values, positionals } = parseOptions(argv, {
    ...DETECTOR_FLAGS, fps: { type: 'string' }, 'max-width': { type: 'string' }, 'max-input-pixels': { type: 'string' }, out: { type: 'string' }, 'max-frames': { type: 'string' },
    ...STORE_FLAGS, track: { type: 'boolean' }, rules: { type: 'string' }, camera: { type: 'string' }, snapshots: { type: 'string' }, 'start-time': { type: 'string' }, summary: { type: 'string' },
    'input-size': { type: 'string' }, tile: { type: 'string' }, 'tile-overlap': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) { io.stdout.write(HELP); return 0; }
  if (positionals.length !== 1) throw new SharpeyeError('E_CONFIG_INVALID', `analyze takes exactly one video file or URL; usage: sharpeye analyze <video-or-url> [--fps ${FPS_LIMITS.default}] [--out FILE.jsonl]`);
  const input = positionals[0];
  // A bad --store spec fails before anything (the --out file included) is created.
  if (values.store !== undefined) checkStoreSpec(values.store);
  const fps = parseSchemaOption('fps', values.fps, FpsSchema)!;
  const maxWidth = parseSchemaOption('max-width', values['max-width'], MaxWidthSchema);
  const maxInputPixels = parseIntegerOption('max-input-pixels', values['max-input-pixels'], DEFAULT_MAX_INPUT_PIXELS, 1, MAX_INPUT_PIXELS_CEILING);
  const maxFrames = values['max-frames'] === undefined ? Infinity : parseIntegerOption('max-frames', values['max-frames'], 0, 1, Number.MAX_SAFE_INTEGER);
  const detectorOptions = {
    ...detectorOptionsFrom(values),
    ...(values['input-size'] !== undefined ? { inputSize: parseSchemaOption('input-size', values['input-size'], InputSizeSchema) } : {}),
    ...(values.tile !== undefined ? { tiling: { tileSize: parseSchemaOption('tile', values.tile, TilingConfigSchema.properties.tileSize)!, overlap: parseSchemaOption('tile-overlap', values['tile-overlap'], TilingConfigSchema.properties.overlap)! } } : {}),
  };
  const summaryFormat = values.summary ?? 'text';
  if (summaryFormat !== 'text' && summaryFormat !== 'json') throw new SharpeyeError('E_CONFIG_INVALID', `--summary must be text or json, got '${summaryFormat}'`);
  const startWallMs = values['start-time'] === undefined ? Date.now() : Date.parse(values['start-time']);
  if (!Number.isFinite(startWallMs)) throw new SharpeyeError('E_CONFIG_INVALID', `--start-time must be an ISO 8601 date-time, got '${values['start-time']}'`);
  const rules = values.rules ? await loadRulesFile(values.rules) : undefined;
  const tracking = Boolean(values.track || rules || values.store);
  const camera = values.camera ?? basename(redactUrl(input)).replace(/[?#].*$/, '');
  const out = values.out ? openOutput(values.out) : io.stdout;
  const write = async (obj: Record<string, unknown>) => { if (!out.write(JSON.stringify(obj) + '\n')) await once(out, 'drain'); };
  const analytics = tracking ? new ObjectAnalytics({ camera, rules: rules?.rules, calibration: rules?.calibration }) : undefined;
  const snapshotDir = values.snapshots ?? (tracking && values.out ? `${values.out}.snapshots` : undefined);
  const indexing = values.store ? await openIndexing(indexingFromFlags(values, values.store)) : undefined;
  const objects = analytics ? new ObjectOutput(write, indexing ? undefined : snapshotDir, undefined, indexing && ((o) => indexing.indexer.index(o))) : undefined;

  const source = new FfmpegFrameSource({ url: input, fps, maxWidth, maxInputPixels });
  // A signal ends the stream like its natural end: what is in flight is still written.
  let stoppedBy: string | undefined;
  const onSignal = (signal: NodeJS.Signals) => { stoppedBy = signal; void source.close(); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let detector: Detector | undefined;
  try {
    // A footage job wants throughput: by default one single-threaded session per core.
    detector = await Detector.create({ ...detectorOptions, sessions: detectorOptions.sessions ?? availableParallelism() });
    const pipeline = new DetectionPipeline(source, detector);
    const shownSource = redactUrl(input); // credentials never reach the output
    let written = 0;
    for await (const r of pipeline.run()) {
      const a = analytics?.process(r, startWallMs + r.ptsMs);
      await write({
        type: 'frame', source: shownSource, frame: r.frameIndex, pts: r.ptsMs / 1000, detections: r.detections.map(detectionToJson),
        ...(a ? { tracks: confirmedTracksToJson(a.frame.tracks) } : {}),
      });
      if (a) await objects!.emit(a);
      if (++written >= maxFrames) break;
    }
    if (analytics) await objects!.emit(analytics.flush());
    io.stderr.write(summary(shownSource, detector.info.model, pipeline.stats, stoppedBy));
    if (indexing) {
      const { store, indexer } = indexing;
      await store.flush();
      io.stderr.write(`  stored ${indexer.stats.indexed} object records (${indexer.stats.embedded} with an appearance embedding, ${indexer.stats.snapshots} snapshots) in ${values.store}\n`);
    }
    if (summaryFormat === 'json') {
      const s = objects?.summary(analytics!.counts()) ?? { counts: {}, objects: {}, alerts: {} };
      const line = JSON.stringify({ ...s, frames: pipeline.stats.frames, detections: pipeline.stats.perClass, source: shownSource });
      if (out === io.stdout) await write(JSON.parse(line));
      else io.stdout.write(line + '\n');
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await source.close();
    await detector?.close();
    await indexing?.close();
    if (out !== io.stdout) await new Promise<void>((resolve) => (out as NodeJS.WritableStream).end(resolve));
  }
};

/** Opens --out up front so an unwritable path fails before any decoding, with a clear message. */
function openOutput(path: string): NodeJS.WritableStream {
  try {
    return createWriteStream('', { fd: openSync(path, 'w') });
  } catch (err) {
    throw new SharpeyeError('E_CONFIG_INVALID', `cannot write --out ${path}: ${(err as Error).message}`, { cause: err });
  }
}

function summary(input: string, model: string, s: DetectionPipelineStats, stoppedBy: string | undefined): string {
  const seconds = (s.endedAtMs - s.startedAtMs) / 1000;
  const perFrame = (ms: number) => (s.frames > 0 ? (ms / s.frames).toFixed(1) : '0');
  const classes = Object.entries(s.perClass).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}=${v}`).join(' ') || 'none';
  return [
    `analyzed ${input} with ${model}${stoppedBy ? ` (stopped by ${stoppedBy})` : ''}`,
    `  frames ${s.frames}, inferences ${s.inferences}, ${seconds.toFixed(2)} s, ${(s.frames / Math.max(seconds, 1e-9)).toFixed(2)} frames/s`,
    `  per frame: decode wait ${perFrame(s.decodeWaitMs)} ms, preprocess ${perFrame(s.preprocessMs)} ms, inference ${perFrame(s.inferenceMs)} ms`,
    `  detections: ${classes}`,
    '',
  ].join('\n');
}
