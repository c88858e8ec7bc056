// One onnxruntime session per model file and settings, shared by everyone who asks for it
// (several cameras, the CLI, the API). Reference-counted: the session closes with its last user.
import type * as ort from 'onnxruntime-node';
import type { ModelRunner } from './model-runner.js';
import { InThreadRunner } from './in-thread-runner.js';
import { WorkerRunner } from './worker-runner.js';

export type RunnerMode = 'worker' | 'in-thread';

interface Entry { runner: Promise<ModelRunner>; users: number }
const entries = new Map<string, Entry>();

export interface RunnerLease { runner: ModelRunner; release(): Promise<void> }

export async function acquireRunner(path: string, options: ort.InferenceSession.SessionOptions, mode: RunnerMode): Promise<RunnerLease> {
  const key = JSON.stringify([path, options, mode]);
  let entry = entries.get(key);
  if (!entry) {
    const runner = mode === 'worker' ? WorkerRunner.open(path, options) : InThreadRunner.open(path, options);
    entry = { runner, users: 0 };
    entries.set(key, entry);
    runner.catch(() => entries.delete(key));
  }
  entry.users++;
  const runner = await entry.runner;
  let released = false;
  return {
    runner,
    release: async () => {
      if (released) return;
      released = true;
      const e = entries.get(key);
      if (e && --e.users === 0) {
        entries.delete(key);
        await runner.close();
      }
    },
  };
}
