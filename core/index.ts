// Public surface of core/: contracts, errors and logging that every stage imports.
export * from './contracts.js';
export * from './errors.js';
export * from './error-codes.js';
export * from './logger.js';
export * from './config/index.js';
export * from './event-bus.js';
export * from './make-dirs.js';
export * from './redact-url.js';
