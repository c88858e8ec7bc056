// A real `sharpeye serve` process for the API latency benchmark: its config (file cameras looped
// from the fixture clips, tracking on, the prebuilt SQLite store), start-up until every camera is
// running and has inferred, /metrics scrapes, and a stop that always ends the process (SIGTERM,
// then SIGKILL after a grace period) and says how it ended.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { stringify } from 'yaml';

const root = resolve(import.meta.dirname, '..', '..');
export const VIDEOS = process.env.SHARPEYE_FIXTURE_VIDEOS ?? resolve(root, '..', 'shared', 'fixtures', 'videos');
export const MODEL_DIR = process.env.SHARPEYE_MODEL_DIR ?? resolve(root, '..', 'shared', 'fixtures', 'models');

/** The four live cameras: stored camera ids, each on one fixture clip. */
export const LIVE_CAMERAS: ReadonlyArray<readonly [string, string]> = [
  ['cam-gate', 'intersection.mp4'], ['cam-north', 'highway.mp4'], ['cam-south', 'pedestrian_street.mp4'], ['cam-east', 'parking_lot_topdown.mp4'],
];

export interface ServeOptions {
  /** Folder holding the config and the store copy (`events.db`). */
  readonly dir: string;
  readonly detector: string;
  readonly fps: number;
}

/** Writes `serve.yaml` in `o.dir`: 4 file cameras (motion gate off: every sampled frame is inferred), tracking, the store. */
export function writeServeConfig(o: ServeOptions): string {
  const path = join(o.dir, 'serve.yaml');
  writeFileSync(path, stringify({
    allowFiles: true,
    detector: { model: o.detector, sessions: 1 },
    store: { spec: `sqlite:${join(o.dir, 'events.db')}` },
    cameras: LIVE_CAMERAS.map(([id, clip]) => ({ id, url: join(VIDEOS, clip), fps: o.fps, maxWidth: 640, motion: { enabled: false }, track: true })),
  }));
  return path;
}

/** Prometheus text as a map from `name{labels}` (as printed) to value; comments skipped. */
export type Scrape = Map<string, number>;

export function parseMetrics(text: string): Scrape {
  const out: Scrape = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

/** Sum of every series of metric `name` (all label sets). */
export function sumOf(s: Scrape, name: string): number {
  let total = 0;
  for (const [k, v] of s) if (k === name || k.startsWith(`${name}{`)) total += v;
  return total;
}

interface Exit { code: number | null; signal: NodeJS.Signals | null }

export class ServeProcess {
  readonly #child: ChildProcess;
  readonly #exited: Promise<Exit>;
  readonly url: string;
  readonly logPath: string;

  private constructor(child: ChildProcess, exited: Promise<Exit>, url: string, logPath: string) {
    this.#child = child;
    this.#exited = exited;
    this.url = url;
    this.logPath = logPath;
  }

  get pid(): number { return this.#child.pid!; }

  /**
   * Starts `node bin/sharpeye.mjs serve --config CONFIG --port 0 --config-root VIDEOS` (logs to
   * `serve.log` next to the config) and resolves with its API URL from the first stdout line.
   * Throws (after killing it) when no URL comes within `timeoutMs`.
   */
  static async start(configPath: string, dir: string, timeoutMs = 120_000): Promise<ServeProcess> {
    const logPath = join(dir, 'serve.log');
    const child = spawn(process.execPath, [join(root, 'bin', 'sharpeye.mjs'), 'serve', '--config', configPath, '--port', '0', '--config-root', VIDEOS], {
      cwd: root, env: { ...process.env, SHARPEYE_MODEL_DIR: MODEL_DIR }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(logPath);
    child.stderr!.pipe(log);
    const exited = new Promise<Exit>((res) => child.once('exit', (code, signal) => res({ code, signal })));
    const lines = createInterface({ input: child.stdout! });
    const url = await new Promise<string | undefined>((res) => {
      const timer = setTimeout(() => res(undefined), timeoutMs);
      lines.on('line', (l) => { const m = /API on (http:\/\/\S+)/.exec(l); if (m) { clearTimeout(timer); res(m[1]); } });
      void exited.then(() => { clearTimeout(timer); res(undefined); });
    });
    const serve = new ServeProcess(child, exited, url ?? '', logPath);
    if (url === undefined) {
      await serve.stop();
      throw new Error(`sharpeye serve gave no API URL within ${timeoutMs} ms; see ${logPath}`);
    }
    return serve;
  }

  async metrics(): Promise<Scrape> {
    const r = await fetch(`${this.url}/metrics`);
    if (!r.ok) throw new Error(`GET /metrics: ${r.status}`);
    return parseMetrics(await r.text());
  }

  /** Waits until every live camera is in state running and has inferred at least `minInferences` frames. */
  async waitForCameras(minInferences = 5, timeoutMs = 180_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.metrics();
      const ready = LIVE_CAMERAS.every(([id]) => s.get(`sharpeye_camera_state{camera="${id}",state="running"}`) === 1
        && (s.get(`sharpeye_camera_inferences_total{camera="${id}"}`) ?? 0) >= minInferences);
      if (ready) return;
      if (Date.now() > deadline) throw new Error(`cameras not all running and inferring after ${timeoutMs} ms; see ${this.logPath}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with how the process ended (never leaves it running). */
  async stop(graceMs = 20_000): Promise<Exit & { killed: boolean }> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return { ...(await this.#exited), killed: false };
    this.#child.kill('SIGTERM');
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
    if ((await Promise.race([this.#exited, timer])) !== 'timeout') return { ...(await this.#exited), killed: false };
    this.#child.kill('SIGKILL');
    return { ...(await this.#exited), killed: true };
  }
}
