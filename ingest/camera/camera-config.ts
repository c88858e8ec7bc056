// The camera entry of a config file: what to open, how to decode it, how to reconnect. Validated
// once with TypeBox (defaults, bounds, descriptions); credentials live apart from the URL and are
// only joined to it when a decoder is spawned (see `cameraSourceUrl`).
import { Type, type Static } from '@sinclair/typebox';
import { configError, duplicateIdProblems, validateConfig, type ConfigProblem } from '../../core/index.js';
import { parseSourceUrl, schemeOf } from '../source-url.js';
import { redactUrl } from '../redact-url.js';
import { percentDecode } from '../percent-decode.js';
import { FpsSchema, MaxWidthSchema } from '../frame-rate-config.js';

const Ms = (description: string, def: number, min: number, max: number) => Type.Integer({ description, default: def, minimum: min, maximum: max });

export const ReconnectConfigSchema = Type.Object({
  initialDelayMs: Ms('first reconnect delay', 500, 10, 600_000),
  maxDelayMs: Ms('ceiling for the reconnect delay', 30_000, 100, 3_600_000),
  multiplier: Type.Number({ description: 'delay growth per consecutive failure', default: 2, minimum: 1, maximum: 10 }),
  jitter: Type.Number({ description: 'relative random spread of each delay, 0..1', default: 0.2, minimum: 0, maximum: 1 }),
  failedAfterAttempts: Type.Integer({ description: "consecutive 401/404/not-video failures before the camera is 'failed'", default: 5, minimum: 1, maximum: 1000 }),
  failedRetryMs: Ms("retry interval while 'failed'", 300_000, 1000, 86_400_000),
}, { additionalProperties: false, default: {}, description: 'reconnecting after a failure: exponential backoff with jitter' });

export const CameraConfigSchema = Type.Object({
  id: Type.String({ description: 'unique camera id: letters, digits, _ . -; up to 64 characters', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' }),
  name: Type.Optional(Type.String({ description: 'display name', maxLength: 200 })),
  url: Type.String({ description: 'stream URL (rtsp, rtsps, http, https; file paths only with allowFiles)', minLength: 1 }),
  username: Type.Optional(Type.String({ description: 'stream user name; never printed', minLength: 1 })),
  password: Type.Optional(Type.String({ description: 'stream password; never printed' })),
  transport: Type.Union([Type.Literal('tcp'), Type.Literal('udp')], { description: 'RTSP lower transport', default: 'tcp' }),
  fps: FpsSchema,
  maxWidth: Type.Integer({ ...MaxWidthSchema, default: 1280 }),
  decoder: Type.Union([Type.Literal('ffmpeg'), Type.Literal('gstreamer')], { description: 'decoder child process', default: 'ffmpeg' }),
  hwDecode: Type.Boolean({ description: 'hardware decoding: ffmpeg -hwaccel cuda, GStreamer nvh264dec (NVIDIA nodes)', default: false }),
  enabled: Type.Boolean({ description: 'run this camera', default: true }),
  ioTimeoutMs: Ms('socket connect/read timeout', 10_000, 500, 300_000),
  stallTimeoutMs: Ms('no frame for this long restarts the decoder (never less than 3 frame intervals at the camera\'s fps)', 10_000, 1000, 600_000),
  reconnect: ReconnectConfigSchema,
}, { additionalProperties: false });

export type CameraConfig = Static<typeof CameraConfigSchema>;

/** Frame intervals a camera may miss before it counts as stalled, whatever `stallTimeoutMs` says. */
export const STALL_MIN_FRAME_INTERVALS = 3;

/**
 * The stall timeout a camera runs with, ms: `stallTimeoutMs` (undefined: the schema default), raised to STALL_MIN_FRAME_INTERVALS
 * frame intervals at `fps` (frames per second, > 0) so a low-rate camera (fps 0.05: a frame every
 * 20 s) is not restarted between two of its frames.
 */
export function effectiveStallTimeoutMs(stallTimeoutMs: number | undefined, fps: number): number {
  const configured = stallTimeoutMs ?? (CameraConfigSchema.properties.stallTimeoutMs.default as number);
  return fps > 0 ? Math.max(configured, Math.ceil((STALL_MIN_FRAME_INTERVALS * 1000) / fps)) : configured;
}

export interface CameraCheckOptions {
  /** Accept file paths and file: URLs as camera URLs (looping test clips, replays). @defaultValue false */
  allowFiles?: boolean;
}

const CAMERA_SCHEMES = ['rtsp', 'rtsps', 'http', 'https'];

/**
 * Checks what a schema cannot: allowed schemes, credentials written into the URL (moved out into
 * username/password, so the URL itself is safe to show), unique ids. Returns problems by path.
 */
export function cameraProblems(cameras: readonly CameraConfig[], basePath: string, o: CameraCheckOptions = {}): { cameras: CameraConfig[]; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = duplicateIdProblems(basePath, cameras, 'camera id');
  const out = cameras.map((c, i) => {
    const path = `${basePath}[${i}]`;
    const scheme = schemeOf(c.url);
    const isFile = scheme === undefined || scheme === 'file';
    if (isFile && !o.allowFiles) {
      problems.push({ path: `${path}.url`, message: `${redactUrl(c.url)} is a file; cameras take ${CAMERA_SCHEMES.join(', ')} URLs (set allowFiles: true to loop files)` });
    } else if (!isFile && !CAMERA_SCHEMES.includes(scheme!)) {
      problems.push({ path: `${path}.url`, message: `unsupported scheme '${scheme}:'; use one of ${CAMERA_SCHEMES.map((s) => `${s}:`).join(', ')}` });
    }
    return isFile ? c : splitCredentials(c, `${path}.url`, problems);
  });
  return { cameras: out, problems };
}

/**
 * Normalises the URL (WHATWG href) and moves `user:pass@` out of it into username/password; both
 * places at once is an error. An invalid URL is never quoted back: it may hold a password.
 */
function splitCredentials(c: CameraConfig, path: string, problems: ConfigProblem[]): CameraConfig {
  const parsed = parseSourceUrl(c.url);
  if ('problem' in parsed) {
    problems.push({ path, message: parsed.problem });
    return c;
  }
  const url = parsed.url;
  if (url.username === '' && url.password === '') return { ...c, url: url.href };
  if (c.username !== undefined || c.password !== undefined) {
    problems.push({ path, message: 'credentials are both in the URL and in username/password; keep them in username/password only' });
    return c;
  }
  const username = percentDecode(url.username);
  const password = percentDecode(url.password);
  url.username = '';
  url.password = '';
  return { ...c, url: url.toString(), username, ...(password ? { password } : {}) };
}

/** The URL a decoder opens: the configured URL with the credentials put back. Never log it. */
export function cameraSourceUrl(c: Pick<CameraConfig, 'url' | 'username' | 'password'>): string {
  if (c.username === undefined || schemeOf(c.url) === undefined || schemeOf(c.url) === 'file') return c.url;
  const url = new URL(c.url);
  url.username = encodeURIComponent(c.username);
  url.password = c.password !== undefined ? encodeURIComponent(c.password) : '';
  return url.toString();
}

/** The secrets of a set of cameras, for masking any output. */
export function cameraSecrets(cameras: readonly Pick<CameraConfig, 'username' | 'password'>[]): string[] {
  return cameras.flatMap((c) => [c.username, c.password]).filter((s): s is string => typeof s === 'string' && s.length > 0);
}

/** Validates one camera on its own (e.g. an API edit). */
export function validateCamera(value: unknown, source: string, o: CameraCheckOptions = {}): CameraConfig {
  const camera = validateConfig(CameraConfigSchema, value, source);
  const { cameras, problems } = cameraProblems([camera], 'camera', o);
  if (problems.length > 0) throw configError(source, problems);
  return cameras[0];
}
