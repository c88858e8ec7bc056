// Public surface of node/: the SharpeyeNode composition root, its config model and its ports.
export type * from './ports.js';
export { ApiConfigSchema, NodeConfigSchema, loadNodeConfig, type ApiConfig, type NodeConfig } from './node-config.js';
