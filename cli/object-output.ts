// Moved to node/object-output.ts; this re-export keeps `serve` compiling until it runs on the node.
export { ObjectOutput, type AnalyticsSummary } from '../node/index.js';
