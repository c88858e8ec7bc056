// Public surface of analytics/: geometry, per-camera rules -> alerts, per-track attributes and
// object events. Pure: no I/O, no clocks. Later stages import analytics only through this file.
export * from './geometry/index.js';
export * from './rules/index.js';
export * from './attributes/index.js';
export * from './events/index.js';
export * from './plates/index.js';
