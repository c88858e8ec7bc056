// Licence plates: detection with 4 corners, perspective rectification, the Chinese CTC recogniser,
// the Latin fallback OCR, and OnnxPlateReader (core's PlateReader) composing them.
export { OnnxPlateReader, type OnnxPlateReaderOptions } from './onnx-plate-reader.js';
export { PlateReaderOptionsSchema, PLATE_READER_DEFAULTS, type PlateReaderConfig } from './plate-reader-options.js';
export { PlateDetector, decodePlateRows, type PlateDetectorOptions, type PlateDetection } from './plate-detector.js';
export { PlateRecogniser, PLATE_REC_COLOURS, type PlateRecognition } from './plate-recogniser.js';
export { LatinPlateOcr, decodeSlots, type LatinRead } from './latin-plate-ocr.js';
export type { PlateModelOptions } from './plate-model.js';
export { solveHomography, applyHomography, type Quad } from './homography.js';
export { rectifyQuad, quadCropSize, resizeRgb, splitMergeDoubleLayer } from './plate-image.js';
export { ctcGreedyDecode, type CtcRead } from './ctc-decode.js';
export { isMainlandPlateText, plateKind, PROVINCE_CHARACTERS } from './plate-text.js';
