// Plain data contracts shared by every stage. Pixels stay in typed arrays; boxes are tuples in
// source-image pixels. Stages exchange only these shapes.

/** `[x1, y1, x2, y2]` in source pixels, x1 <= x2, y1 <= y2. */
export type Box = [number, number, number, number];

/** A decoded picture: packed RGB24, row-major, `data.length === width * height * 3`. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** One frame out of a frame source. */
export interface Frame extends RgbImage {
  /** Source id (camera id or file path) the frame came from. */
  readonly sourceId: string;
  /** 0-based index among the frames this source emitted (after sampling). */
  readonly index: number;
  /** Presentation timestamp in milliseconds from the start of the stream. */
  readonly ptsMs: number;
  /** Wall-clock time (ms since epoch) the frame was fully read from the decoder. */
  readonly receivedAtMs: number;
}

export interface Detection {
  readonly label: string;
  readonly classId: number;
  readonly score: number;
  readonly box: Box;
}

/** A frame source: an async iterable of frames that owns a child process or socket. */
export interface FrameSource extends AsyncIterable<Frame> {
  readonly id: string;
  /** Stops decoding and reaps any child process. Idempotent. */
  close(): Promise<void>;
}

/** Detections for one frame of a stream: the hand-off from inference to analytics. */
export interface FrameDetections {
  readonly sourceId: string;
  readonly frameIndex: number;
  readonly ptsMs: number;
  readonly width: number;
  readonly height: number;
  readonly detections: Detection[];
  /** Wall-clock ms from the frame leaving the decoder to its detections being ready. */
  readonly latencyMs: number;
}
