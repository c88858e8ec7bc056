// The shape of one entry in the model manifest: what a model is, how to feed it and where its
// bytes come from. Inference reads `preprocess` and `family` from here; nothing about a model is
// hard-coded in the runtime.

/**
 * What a model does. The plate tasks are the stages of inference/plates: `plate-detect` (plate
 * boxes with 4 corner points), `plate-recognise` (Chinese CTC recogniser on a rectified crop),
 * `plate-ocr` (Latin-only plate OCR, the fallback), `plate-colour` (plate colour classifier).
 */
export type ModelTask = 'detect' | 'embed' | 'ocr' | 'plate-detect' | 'plate-recognise' | 'plate-ocr' | 'plate-colour';

/**
 * Output families the detector can decode.
 * - `yolov8`: ultralytics v8/v11 head, one output `[1, 4+C, N]` (cx,cy,w,h + sigmoided class scores).
 * - `yolov5`: `[1, N, 5+C]` with cx,cy,w,h in input pixels, objectness, class scores.
 * - `yolox`: `[1, N, 5+C]` with grid-relative boxes that need the stride-grid decode.
 * - `nanodet`: per-stride class-score `[1, HW, C]` and distribution box `[1, HW, 4*(regMax+1)]` outputs.
 * - `end2end`: NMS inside the graph, `[1, K, 6]` as x1,y1,x2,y2,score,class.
 */
export type DetectorFamily = 'yolov8' | 'yolov5' | 'yolox' | 'nanodet' | 'end2end';

export interface PreprocessSpec {
  /** Channel order the network expects. */
  channelOrder: 'rgb' | 'bgr';
  /** Multiplier applied to 0..255 values before mean/std (1/255 for 0..1 input, 1 for raw). */
  scale: number;
  /** Per-channel mean subtracted after scaling, in the network's channel order. @defaultValue [0,0,0] */
  mean?: [number, number, number];
  /** Per-channel std divided after mean subtraction, in the network's channel order. @defaultValue [1,1,1] */
  std?: [number, number, number];
  /** How the image is fitted into the input: aspect-preserving letterbox or plain stretch. */
  resize: 'letterbox' | 'stretch';
  /** Where a letterboxed image sits in the input. @defaultValue 'top-left' */
  placement?: 'top-left' | 'center';
  /** Value (0..255, before scaling) of the letterbox padding. @defaultValue 114 */
  padValue?: number;
  /** Element type of the input tensor; 'uint8' takes raw 0..255 pixels (scale, mean, std unused). @defaultValue 'float32' */
  inputType?: 'float32' | 'uint8';
  /** Memory layout of the input tensor. @defaultValue 'nchw' */
  layout?: 'nchw' | 'nhwc';
}

export interface ModelSpec {
  /** Registry name, used on the CLI (`--model yolov8n-int8`). */
  name: string;
  task: ModelTask;
  description: string;
  /** File name looked up in the model dir, cache and mirror. */
  file: string;
  sha256: string;
  bytes: number;
  /** Download URLs of these exact bytes (pinned commits first, then the official upstream), tried in order. */
  urls: string[];
  /** SPDX id of the weights' licence first, then provenance and caveats in parentheses. */
  license: string;
  /** Network input size as [width, height]. */
  inputSize: [number, number];
  preprocess: PreprocessSpec;
  /** Detector output family; when absent it is detected from the output shapes. */
  family?: DetectorFamily;
  /** Label list name (a file in models/labels without extension) or an explicit list. */
  labels?: string | string[];
  /** Family-specific decode parameters. */
  decode?: {
    /** Strides of the output grids (yolox, nanodet). @defaultValue [8, 16, 32] */
    strides?: number[];
    /** NanoDet distribution bins minus one. @defaultValue 7 */
    regMax?: number;
  };
  /** Embedding dimension for `embed` models. */
  embeddingDim?: number;
}
