// Finds out which ffmpeg a source will run, because a few options changed meaning across releases
// (rtsp `-timeout` was a *listen* timeout before 5.0; `-fps_mode` replaced `-vsync` in 5.1).
// Probed once per binary path and cached; a failed probe is the spawn error users see.
import { execFile } from 'node:child_process';
import { SharpeyeError } from '../../core/index.js';

export interface FfmpegVersion {
  readonly major: number;
  readonly minor: number;
}

/** What an unparseable version string (a git build such as `N-112233-gabc`) is taken to be: current. */
export const LATEST_FFMPEG: FfmpegVersion = { major: 99, minor: 0 };

/** Reads `ffmpeg -version` output: the release number, else the libavformat major it was built with. */
export function parseFfmpegVersion(text: string): FfmpegVersion {
  const release = /^ffmpeg version n?(\d+)\.(\d+)/m.exec(text);
  if (release) return { major: Number(release[1]), minor: Number(release[2]) };
  const lavf = /^libavformat\s+(\d+)\.\s*(\d+)\./m.exec(text);
  if (lavf) {
    // libavformat 58 shipped with ffmpeg 4, 59 with 5 (59.27 with 5.1), 60 with 6, 61 with 7.
    const major = Number(lavf[1]) - 54;
    return { major, minor: major === 5 && Number(lavf[2]) >= 27 ? 1 : 0 };
  }
  return LATEST_FFMPEG;
}

export function isAtLeast(v: FfmpegVersion, major: number, minor = 0): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

const probes = new Map<string, Promise<FfmpegVersion>>();

/** The version of the ffmpeg at `ffmpegPath`; throws E_INGEST_SPAWN when it cannot be run. */
export function probeFfmpegVersion(ffmpegPath: string, timeoutMs = 10_000): Promise<FfmpegVersion> {
  let probe = probes.get(ffmpegPath);
  if (!probe) {
    probe = new Promise<FfmpegVersion>((resolve, reject) => {
      execFile(ffmpegPath, ['-version'], { timeout: timeoutMs, windowsHide: true }, (err, stdout) => {
        if (err) reject(spawnError(ffmpegPath, err));
        else resolve(parseFfmpegVersion(stdout));
      });
    });
    probes.set(ffmpegPath, probe);
    // Only successes are cached, so installing ffmpeg fixes a long-running process without a restart.
    probe.catch(() => probes.delete(ffmpegPath));
  }
  return probe;
}

/** E_INGEST_SPAWN for a binary that could not be started (or did not answer `-version`). */
export function spawnError(ffmpegPath: string, err: Error & { code?: unknown }): SharpeyeError {
  const reason = err.code === 'ENOENT' ? 'not found'
    : err.code === 'EACCES' ? 'not executable'
    : typeof err.code === 'number' ? `'-version' exited with code ${err.code}: ${err.message.split('\n')[0]}`
    : String(err.code ?? err.message);
  return new SharpeyeError('E_INGEST_SPAWN',
    `could not start ffmpeg '${ffmpegPath}' (${reason}); install ffmpeg (e.g. apt-get install ffmpeg) or set SHARPEYE_FFMPEG to its path`,
    { cause: err, details: { ffmpegPath, errno: err.code } });
}
