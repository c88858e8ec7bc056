// onnxruntime plumbing: session options, the in-thread and worker runners.
export * from './model-runner.js';
export * from './tensor-data.js';
export * from './session-options.js';
export { InThreadRunner } from './in-thread-runner.js';
export { WorkerRunner } from './worker-runner.js';
export * from './runner-cache.js';
export { PooledRunner } from './pooled-runner.js';
