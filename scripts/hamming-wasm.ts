// Regenerates indexer/sqlite/hamming-scan-wasm.ts from indexer/sqlite/hamming-scan.wat with wabt
// (a dev dependency: the runtime carries only the compiled bytes). Usage:
//   node --import tsx scripts/hamming-wasm.ts [--check]   (--check: exit 1 when the file is stale)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const root = fileURLToPath(new URL('..', import.meta.url));
const WAT = `${root}indexer/sqlite/hamming-scan.wat`;
const OUT = `${root}indexer/sqlite/hamming-scan-wasm.ts`;

/** The WebAssembly binary of the WAT source. */
export async function compileHammingScan(): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat('hamming-scan.wat', readFileSync(WAT, 'utf8'), { simd: true });
  try {
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

/** The TypeScript module that carries the binary. */
export function hammingScanModuleText(bytes: Uint8Array): string {
  return `// Generated from hamming-scan.wat by scripts/hamming-wasm.ts: do not edit (edit the .wat and rerun it).\n`
    + `/** WebAssembly binary of hamming-scan.wat (${bytes.length} bytes), base64. */\n`
    + `export const HAMMING_SCAN_WASM = '${Buffer.from(bytes).toString('base64')}';\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = hammingScanModuleText(await compileHammingScan());
  if (process.argv.includes('--check')) {
    const stale = readFileSync(OUT, 'utf8') !== text;
    if (stale) console.error(`${OUT} is stale: run node --import tsx scripts/hamming-wasm.ts`);
    process.exit(stale ? 1 : 0);
  }
  writeFileSync(OUT, text);
  console.log(`wrote ${OUT}`);
}
