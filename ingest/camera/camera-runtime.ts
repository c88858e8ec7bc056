// CameraRuntime: keeps one live camera decoding for days without a person looking after it.
// Each attempt opens a fresh decoder; no frame within the stall timeout restarts it; failures back
// off exponentially with jitter; repeated refusals (401, 404, not video) park the camera in
// 'failed' with slow retries. Live semantics: only the newest frame is kept, older ones are counted
// as dropped, so the detector never works on stale pictures. A file camera (a source with
// `loopAtEnd`) that ends cleanly is played again at once: a loop, counted in `loops`, never a
// reconnect or an error; like every new decoder run it starts a new stream epoch (pts restart).
import { EventEmitter } from 'node:events';
import { SharpeyeError, toSharpeyeError, type Frame, type FrameSource } from '../../core/index.js';
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { PERSISTENT_ERRORS, type CameraState, type CameraStatus } from './camera-state.js';
import type { LoopingFrameSource } from './paced-frame-source.js';

export interface ReconnectOptions extends BackoffOptions {
  /** Consecutive persistent failures (401, 404, not video) before the camera is 'failed'. @defaultValue 5 */
  failedAfterAttempts: number;
  /** Retry interval while 'failed'. @defaultValue 300000 */
  failedRetryMs: number;
}

const INPUT_FPS_WINDOW_MS = 5000;

export interface CameraRuntimeOptions {
  id: string;
  /** Opens a fresh decoder for one connection attempt. */
  openSource: () => FrameSource;
  /** No frame for this long restarts the decoder. @defaultValue 10000 */
  stallTimeoutMs?: number;
  reconnect?: Partial<ReconnectOptions>;
  /** Random source for backoff jitter (tests pass a fixed one). @defaultValue Math.random */
  random?: () => number;
}

export interface CameraRuntimeEvents {
  status: [CameraStatus];
  /** A new newest frame is waiting in `takeLatest()`. */
  frame: [Frame];
}

export class CameraRuntime extends EventEmitter<CameraRuntimeEvents> {
  readonly id: string;
  #status: CameraStatus;
  #latest: Frame | undefined;
  readonly #arrivals: number[] = [];
  #source: FrameSource | undefined;
  #stopping = false;
  #loop: Promise<void> | undefined;
  #wakeSleep: (() => void) | undefined;
  readonly #reconnect: ReconnectOptions;
  /** Connection attempts that delivered frames: each starts a new pts timeline (stream epoch). */
  #epoch = -1;

  constructor(private readonly options: CameraRuntimeOptions) {
    super();
    this.id = options.id;
    this.#reconnect = { ...DEFAULT_BACKOFF, failedAfterAttempts: 5, failedRetryMs: 300_000, ...options.reconnect };
    this.#status = { id: options.id, state: 'starting', framesDecoded: 0, framesDropped: 0, reconnects: 0, loops: 0, lastError: null, inputFps: 0, lastFrameAtMs: null };
  }

  get status(): CameraStatus {
    return { ...this.#status };
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** The newest frame not yet taken, if any; taking it empties the slot. */
  takeLatest(): Frame | undefined {
    const frame = this.#latest;
    this.#latest = undefined;
    return frame;
  }

  /** Stops the decoder (reaping its process) and ends in 'stopped'. Idempotent. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wakeSleep?.();
    await this.#source?.close();
    await this.#loop;
    if (this.#status.state !== 'stopped') this.#setState('stopped');
  }

  async #run(): Promise<void> {
    let failures = 0, persistent = 0;
    while (!this.#stopping) {
      this.#setState('starting');
      let attempt = await this.#attempt();
      // A file played to its end: play it again at once, still 'running' (a live camera carries on).
      while (attempt.looped && !this.#stopping) {
        failures = persistent = 0; // a whole pass of the file is a good stretch
        this.#status.loops++;
        attempt = await this.#attempt();
      }
      if (this.#stopping || attempt.looped) break;
      const { error, framesSeen } = attempt;
      this.#status.lastError = { code: error.code, message: error.message, atMs: Date.now() };
      if (framesSeen > 0) failures = persistent = 0; // it worked for a while: start backing off afresh
      failures++;
      // A decoder killed from outside (OOM killer, operator) says nothing about the stream: it
      // neither counts towards 'failed' nor clears the count of refusals seen so far.
      if (error.code !== 'E_INGEST_KILLED') persistent = PERSISTENT_ERRORS.includes(error.code) ? persistent + 1 : 0;
      const failed = persistent >= this.#reconnect.failedAfterAttempts;
      this.#setState(failed ? 'failed' : 'reconnecting');
      await this.#sleep(failed ? this.#reconnect.failedRetryMs : backoffDelayMs(failures, this.#reconnect, this.options.random));
      if (!this.#stopping) this.#status.reconnects++;
    }
    this.#setState('stopped');
  }

  /**
   * One connection: runs until the decoder fails, stalls or ends; returns why. A looping source
   * (file camera) that ended cleanly after frames returns `looped` and no error.
   */
  async #attempt(): Promise<{ error: SharpeyeError; framesSeen: number; looped?: false } | { error?: undefined; framesSeen: number; looped: true }> {
    let framesSeen = 0, stalled = false;
    let source: FrameSource;
    try {
      source = this.options.openSource();
    } catch (err) {
      return { error: toSharpeyeError(err, 'E_INGEST_SPAWN'), framesSeen };
    }
    this.#source = source;
    const stallMs = this.options.stallTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const armStallTimer = () => {
      clearTimeout(timer);
      timer = setTimeout(() => { stalled = true; this.#setState('stalled'); void source.close(); }, stallMs);
    };
    armStallTimer();
    let error: SharpeyeError;
    try {
      for await (const frame of source) {
        armStallTimer();
        // A fresh decoder restarts pts (a reconnect, a looping file): frames carry the new epoch.
        if (framesSeen === 0) this.#epoch++;
        this.#onFrame(this.#epoch === 0 ? frame : { ...frame, epoch: this.#epoch });
        if (framesSeen++ === 0) this.#setState('running');
      }
      if (!stalled && !this.#stopping && framesSeen > 0 && (source as Partial<LoopingFrameSource>).loopAtEnd === true) return { framesSeen, looped: true };
      error = new SharpeyeError(stalled ? 'E_INGEST_STALLED' : 'E_INGEST_UNREACHABLE',
        stalled ? `camera ${this.id}: no frame for ${stallMs} ms; restarting the decoder` : `camera ${this.id}: the stream ended`);
    } catch (err) {
      error = stalled ? new SharpeyeError('E_INGEST_STALLED', `camera ${this.id}: no frame for ${stallMs} ms; restarting the decoder`, { cause: err }) : toSharpeyeError(err, 'E_INGEST_UNREACHABLE');
    } finally {
      clearTimeout(timer);
      await source.close();
      this.#source = undefined;
    }
    return { error, framesSeen };
  }

  #onFrame(frame: Frame): void {
    const s = this.#status;
    s.framesDecoded++;
    // Rate over the last few seconds of arrivals: a burst at connect time fades out of it quickly.
    const times = this.#arrivals;
    times.push(frame.receivedAtMs);
    while (times.length > 2 && (times.length > 200 || frame.receivedAtMs - times[0] > INPUT_FPS_WINDOW_MS)) times.shift();
    const span = times[times.length - 1] - times[0];
    s.inputFps = times.length >= 2 && span > 0 ? ((times.length - 1) * 1000) / span : 0;
    s.lastFrameAtMs = frame.receivedAtMs;
    if (this.#latest) s.framesDropped++; // never queue stale frames: the newest replaces it
    this.#latest = frame;
    this.emit('frame', frame);
  }

  #setState(state: CameraState): void {
    if (this.#status.state === state && state !== 'starting') return;
    this.#status.state = state;
    this.emit('status', this.status);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() { clearTimeout(timer); resolve(); }
      this.#wakeSleep = done;
    });
  }
}
