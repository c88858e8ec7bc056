// Cuts ffmpeg's raw RGB24 byte stream into frames and pairs each with its showinfo line. The two
// arrive on different pipes (pixels on stdout, size and pts on stderr) in no guaranteed order, so
// bytes wait for the size and frames wait for their line; each frame costs one copy into its own buffer.
// What waits is bounded: a frame is never allocated above `maxFrameBytes`, and bytes waiting for a
// size or frames waiting for their line are capped, so a misbehaving decoder cannot grow memory.
import { SharpeyeError, type Frame } from '../../core/index.js';
import { DEFAULT_MAX_FRAME_HEIGHT, DEFAULT_MAX_FRAME_WIDTH } from '../input-limits.js';
import type { ShowinfoFrame } from './ffmpeg-stderr.js';

/** A 3840x2160 RGB frame plus the rows and columns even-size rounding may add. */
export const DEFAULT_MAX_FRAME_BYTES = (DEFAULT_MAX_FRAME_WIDTH + 2) * (DEFAULT_MAX_FRAME_HEIGHT + 2) * 3;
/**
 * Frames cut from stdout may wait for their showinfo line while the two pipes drift apart by a read
 * or two (64 KB each, so many tiny frames at once); beyond this many bytes the line is not coming.
 */
const pendingLimitBytes = (frameBytes: number) => 4 * frameBytes + (1 << 20);

export interface FrameAssemblerEvents {
  frame(frame: Frame): void;
  /** The stream can no longer be cut into frames (the size changed); no frame follows. */
  error(err: SharpeyeError): void;
}

interface PendingFrame { data: Uint8Array; receivedAtMs: number }

export class FrameAssembler {
  #width = 0;
  #height = 0;
  #frameBytes = 0;
  #early: Buffer[] = [];
  #current: Uint8Array | undefined;
  #filled = 0;
  #earlyBytes = 0;
  #pending: PendingFrame[] = [];
  #infos: ShowinfoFrame[] = [];
  #index = 0;
  #lastPtsMs: number | undefined;
  #lastDeltaMs: number | undefined;
  #offsetMs = 0;
  #failed = false;

  /**
   * `nominalIntervalMs`: the expected gap between frames, to extrapolate missing or repaired pts
   * (default: the last observed gap). `maxFrameBytes`: the largest frame this source may deliver;
   * a larger announced size fails with E_INPUT_TOO_LARGE before any buffer is allocated.
   */
  constructor(
    private readonly sourceId: string,
    private readonly events: FrameAssemblerEvents,
    private readonly nominalIntervalMs?: number,
    private readonly maxFrameBytes = DEFAULT_MAX_FRAME_BYTES,
  ) {}

  /** pts of the last frame emitted. */
  get lastPtsMs(): number | undefined {
    return this.#lastPtsMs;
  }

  /** Time one frame covers: the sampling interval, else the last observed gap. */
  get frameIntervalMs(): number {
    return this.nominalIntervalMs ?? this.#lastDeltaMs ?? 0;
  }

  setSize(width: number, height: number): void {
    if (this.#frameBytes > 0 || this.#failed) return;
    if (!(Number.isSafeInteger(width) && Number.isSafeInteger(height) && width > 0 && height > 0) || width * height * 3 > this.maxFrameBytes) {
      return this.#stop(new SharpeyeError('E_INPUT_TOO_LARGE',
        `${this.sourceId}: the decoder announced ${width}x${height} frames, over the ${this.maxFrameBytes} bytes one frame may take; lower maxWidth/maxHeight`,
        { details: { sourceId: this.sourceId, width, height, maxFrameBytes: this.maxFrameBytes } }));
    }
    this.#width = width;
    this.#height = height;
    this.#frameBytes = width * height * 3;
    this.#earlyBytes = 0;
    for (const chunk of this.#early.splice(0)) this.push(chunk);
  }

  addInfo(info: ShowinfoFrame): void {
    this.#infos.push(info);
    this.#flush();
  }

  push(chunk: Buffer): void {
    if (this.#failed) return;
    if (this.#frameBytes === 0) {
      this.#early.push(chunk);
      this.#earlyBytes += chunk.length;
      if (this.#earlyBytes > this.maxFrameBytes) this.#stop(this.#decodeError(`${this.#earlyBytes} bytes of pixels arrived before the frame size`));
      return;
    }
    let offset = 0;
    while (offset < chunk.length) {
      this.#current ??= new Uint8Array(this.#frameBytes);
      const n = Math.min(this.#frameBytes - this.#filled, chunk.length - offset);
      this.#current.set(chunk.subarray(offset, offset + n), this.#filled);
      this.#filled += n;
      offset += n;
      if (this.#filled === this.#frameBytes) {
        this.#pending.push({ data: this.#current, receivedAtMs: Date.now() });
        this.#current = undefined;
        this.#filled = 0;
      }
    }
    this.#flush();
    if (this.#pending.length * this.#frameBytes > pendingLimitBytes(this.#frameBytes)) {
      this.#stop(this.#decodeError(`${this.#pending.length} frames arrived without their showinfo line`));
    }
  }

  /**
   * At exit, both pipes are drained. With `-fps_mode passthrough` every frame has its line; should
   * one still lack it, it gets a pts extrapolated from its neighbours rather than being lost.
   */
  end(): void {
    while (this.#pending.length > this.#infos.length) {
      this.#infos.push({ n: -1, ptsMs: undefined, width: this.#width, height: this.#height });
    }
    this.#flush();
  }

  #flush(): void {
    while (!this.#failed && this.#pending.length > 0 && this.#infos.length > 0) {
      const info = this.#infos.shift()!;
      const pending = this.#pending.shift()!;
      if (info.width !== this.#width || info.height !== this.#height) return this.#fail(info);
      this.events.frame({
        sourceId: this.sourceId, index: this.#index++, ptsMs: this.#timestamp(info.ptsMs),
        receivedAtMs: pending.receivedAtMs, width: this.#width, height: this.#height, data: pending.data,
      });
    }
  }

  /**
   * Keeps pts strictly increasing. When time stands still or goes back (a camera clock reset, a
   * broken mux), this and every later frame are shifted forward by the same amount, so gaps
   * between frames stay what the stream said and only the one jump is repaired.
   */
  #timestamp(raw: number | undefined): number {
    const step = this.nominalIntervalMs ?? this.#lastDeltaMs ?? 1;
    const last = this.#lastPtsMs;
    let pts = raw === undefined ? (last === undefined ? 0 : last + step) : raw + this.#offsetMs;
    if (last !== undefined && pts <= last) {
      this.#offsetMs += last + step - pts;
      pts = last + step;
    }
    if (last !== undefined) this.#lastDeltaMs = pts - last;
    this.#lastPtsMs = pts;
    return pts;
  }

  #decodeError(what: string): SharpeyeError {
    return new SharpeyeError('E_INGEST_DECODE', `${this.sourceId}: the decoder output cannot be cut into frames (${what})`, { details: { sourceId: this.sourceId } });
  }

  /** No frame follows: buffers are released and the error reported once. */
  #stop(err: SharpeyeError): void {
    if (this.#failed) return;
    this.#failed = true;
    this.#pending.length = 0;
    this.#early.length = 0;
    this.#current = undefined;
    this.events.error(err);
  }

  #fail(info: ShowinfoFrame): void {
    this.#stop(new SharpeyeError('E_INGEST_DECODE',
      `${this.sourceId}: the picture size changed mid-stream from ${this.#width}x${this.#height} to ${info.width}x${info.height}; reopen the source to continue at the new size`,
      { retryable: true, details: { sourceId: this.sourceId, from: [this.#width, this.#height], to: [info.width, info.height] } }));
  }
}
