// `sharpeye analyze` flags: the help text, and their translation into a footage run's options
// (node/footage-run.ts) plus what only the shell needs (--out, --store, --summary, --progress).
import { SharpeyeError, validateConfig } from '../core/index.js';
import { InputSizeSchema, TilingConfigSchema, type DetectorOptions } from '../inference/index.js';
import { DEFAULT_MAX_INPUT_PIXELS, FPS_LIMITS, FpsSchema, MAX_INPUT_PIXELS_CEILING, MAX_WIDTH_LIMITS, MaxWidthSchema } from '../ingest/index.js';
import { checkStoreSpec } from '../indexer/index.js';
import type { FootageRunOptions } from '../node/index.js';
import { loadRulesFile, PlatesConfigSchema } from '../worker/index.js';
import { DETECTOR_FLAGS, DETECTOR_HELP, detectorOptionsFrom } from './detector-options.js';
import { parseIntegerOption, parseNumberOption, parseOptions, parseSchemaOption } from './parse-options.js';
import { STORE_FLAGS, STORE_HELP } from './store-options.js';

export const ANALYZE_HELP = `usage: sharpeye analyze <video-or-url> [options]

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
  --progress MODE     auto | bar | lines | off (default auto: a bar with fps and ETA when stderr
                      is a terminal that the data does not go to, else JSON lines) on stderr
  --progress-interval S  seconds between progress lines (default 10)
  --input-size N      run the model at N x N input (models with dynamic input only; multiple of 32)
  --tile N            sliced inference: N x N pixel slices with overlap, plus the full frame, merged
                      (finds small and distant objects; one inference per slice)
  --tile-overlap F    overlap between slices, fraction 0..0.9 (default 0.2)
  --plates            read licence plates of vehicle tracks (implies --track): object records get
                      "plate" (voted text, confidence, colour, layers, candidates) and the plate crop
                      is saved with the snapshots; plates are personal data (README "Licence plates on cameras")
  --store SPEC        write object events (with appearance embeddings and snapshots) to an
                      event store (implies --track); snapshots of sqlite:PATH go to PATH.snapshots/
${STORE_HELP.split('\n').slice(2).join('\n')}
SIGINT/SIGTERM stop a run cleanly: frames in flight are written, the summary printed, exit 0.
${DETECTOR_HELP}
`;

const FLAGS = {
  ...DETECTOR_FLAGS, fps: { type: 'string' }, 'max-width': { type: 'string' }, 'max-input-pixels': { type: 'string' }, out: { type: 'string' }, 'max-frames': { type: 'string' },
  ...STORE_FLAGS, track: { type: 'boolean' }, plates: { type: 'boolean' }, rules: { type: 'string' }, camera: { type: 'string' }, snapshots: { type: 'string' }, 'start-time': { type: 'string' }, summary: { type: 'string' },
  progress: { type: 'string' }, 'progress-interval': { type: 'string' },
  'input-size': { type: 'string' }, tile: { type: 'string' }, 'tile-overlap': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface AnalyzeArgs {
  help: boolean;
  /** The run's options, without the indexer (the shell opens the store). */
  run: FootageRunOptions;
  out?: string;
  store?: string;
  /** The store flags as given, for openIndexing. */
  values: Record<string, string | boolean | undefined>;
  summary: 'text' | 'json';
  progress: string;
  progressEverySeconds: number;
}

/** Parses and checks every flag (E_CONFIG_INVALID naming it) and reads --rules, before anything is opened. */
export async function parseAnalyzeArgs(argv: string[]): Promise<AnalyzeArgs> {
  const { values, positionals } = parseOptions(argv, FLAGS);
  if (values.help) return { help: true, run: { input: '' }, values, summary: 'text', progress: 'off', progressEverySeconds: 0 };
  if (positionals.length !== 1) throw new SharpeyeError('E_CONFIG_INVALID', `analyze takes exactly one video file or URL; usage: sharpeye analyze <video-or-url> [--fps ${FPS_LIMITS.default}] [--out FILE.jsonl]`);
  // A bad --store spec fails before anything (the --out file included) is created.
  if (values.store !== undefined) checkStoreSpec(values.store);
  const fps = parseSchemaOption('fps', values.fps, FpsSchema)!;
  const maxWidth = parseSchemaOption('max-width', values['max-width'], MaxWidthSchema);
  const maxInputPixels = parseIntegerOption('max-input-pixels', values['max-input-pixels'], DEFAULT_MAX_INPUT_PIXELS, 1, MAX_INPUT_PIXELS_CEILING);
  const maxFrames = values['max-frames'] === undefined ? Infinity : parseIntegerOption('max-frames', values['max-frames'], 0, 1, Number.MAX_SAFE_INTEGER);
  const detector = detectorFrom(values);
  const summary = values.summary ?? 'text';
  if (summary !== 'text' && summary !== 'json') throw new SharpeyeError('E_CONFIG_INVALID', `--summary must be text or json, got '${summary}'`);
  const startWallMs = values['start-time'] === undefined ? Date.now() : Date.parse(values['start-time']);
  if (!Number.isFinite(startWallMs)) throw new SharpeyeError('E_CONFIG_INVALID', `--start-time must be an ISO 8601 date-time, got '${values['start-time']}'`);
  const progressEverySeconds = parseNumberOption('progress-interval', values['progress-interval'], 10, 0.1, 86_400);
  const rules = values.rules ? await loadRulesFile(values.rules) : undefined;
  const tracking = Boolean(values.track || rules || values.store || values.plates);
  const run: FootageRunOptions = {
    input: positionals[0], fps, maxWidth, maxInputPixels, maxFrames, detector, track: tracking, rules, camera: values.camera, startWallMs,
    ...(values.plates ? { plates: validateConfig(PlatesConfigSchema, { enabled: true }, '--plates'), modelDir: detector.modelDir } : {}),
    snapshotsDir: values.snapshots ?? (tracking && values.out ? `${values.out}.snapshots` : undefined),
    snapshotsDirName: '--snapshots',
  };
  return {
    help: false, run, out: values.out, store: values.store, values, summary, progress: values.progress ?? 'auto', progressEverySeconds,
  };
}

function detectorFrom(values: Parameters<typeof detectorOptionsFrom>[0] & { 'input-size'?: string; tile?: string; 'tile-overlap'?: string }): DetectorOptions {
  const { tileSize, overlap } = TilingConfigSchema.properties;
  return {
    ...detectorOptionsFrom(values),
    ...(values['input-size'] !== undefined ? { inputSize: parseSchemaOption('input-size', values['input-size'], InputSizeSchema) } : {}),
    ...(values.tile !== undefined ? {
      tiling: {
        tileSize: parseSchemaOption('tile', values.tile, tileSize)!,
        overlap: parseSchemaOption('tile-overlap', values['tile-overlap'], overlap)!,
      },
    } : {}),
  };
}
