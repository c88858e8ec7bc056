// Describes the machine a benchmark ran on, for the JSON results and benchmarks/README.md.
import os from 'node:os';
import { createRequire } from 'node:module';

export interface MachineInfo { cpu: string; cores: number; memoryGiB: number; os: string; node: string; onnxruntime: string; date: string }

export function machineInfo(): MachineInfo {
  const require = createRequire(import.meta.url);
  const ortVersion = (require('onnxruntime-node/package.json') as { version: string }).version;
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    onnxruntime: ortVersion,
    date: new Date().toISOString(),
  };
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
