// Generated from hamming-scan.wat by scripts/hamming-wasm.ts: do not edit (edit the .wat and rerun it).
/** WebAssembly binary of hamming-scan.wat (212 bytes), base64. */
export const HAMMING_SCAN_WASM = 'AGFzbQEAAAABCQFgBX9/f39/AAMCAQAFAwEAAQcRAgZtZW1vcnkCAARzY2FuAAAKogEBnwECBH8CeyAEIAFBAXRqIQUgAyACQQR0aiEGIAAhBwJAA0AgBCAFTw0B/QwAAAAAAAAAAAAAAAAAAAAAIQkgAyEIA0AgCSAH/QAEACAI/QAEAP1R/WL9ff2OASEJIAdBEGohByAIQRBqIQggCCAGSQ0ACyAJ/X8hCiAEIAr9GwAgCv0bAWogCv0bAiAK/RsDamo7AQAgBEECaiEEDAALCws=';
