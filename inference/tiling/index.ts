// Public surface of inference/tiling: slice geometry and the merge of sliced detections (SAHI-style
// sliced inference, used by Detector when `tiling` is set).
export { cropImage, resolveTilingOptions, tileGrid, type ResolvedTilingOptions, type Tile, type TilingOptions } from './tile-grid.js';
export { boxOverlap, mergeTiledDetections } from './merge-tiled.js';
export { TILING_LIMITS, TilingConfigSchema, type TilingConfig } from './tiling-config.js';
