// URL and secret redaction now lives in core/ (the logger needs it too); ingest's modules keep
// importing it from here.
export { redactSecrets, redactUrl, urlSecrets } from '../core/index.js';
