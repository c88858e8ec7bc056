// One onnxruntime session per model file and settings, shared by everyone who asks for it
// (several cameras, the CLI, the API). Reference-counted: the session closes with its last user.
import type * as ort from 'onnxruntime-node';
import type { ModelRunner } from './model-runner.js';
import { InThreadRunner } from './in-thread-runner.js';
import { WorkerRunner } from './worker-runner.js';
import { PooledRunner } from './pooled-runner.js';

export type RunnerMode = 'worker' | 'in-thread';

interface Entry { runner: Promise<ModelRunner>; users: number }
const entries = new Map<string, Entry>();

export interface RunnerLease { runner: ModelRunner; release(): Promise<void> }

/** Opens `sessions` worker sessions behind one pool; all or none (a failed open closes the rest). */
async function openPool(path: string, options: ort.InferenceSession.SessionOptions, sessions: number): Promise<ModelRunner> {
  if (sessions === 1) return WorkerRunner.open(path, options);
  const opened = await Promise.allSettled(Array.from({ length: sessions }, () => WorkerRunner.open(path, options)));
  const runners = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = opened.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(runners.map((r) => r.close()));
    throw failed.reason;
  }
  return new PooledRunner(runners);
}

/**
 * A shared runner for `path` with these options: `sessions` parallel sessions on worker threads,
 * or one session on the calling thread for 'in-thread'.
 */
export async function acquireRunner(path: string, options: ort.InferenceSession.SessionOptions, mode: RunnerMode, sessions = 1): Promise<RunnerLease> {
  const key = JSON.stringify([path, options, mode, sessions]);
  let entry = entries.get(key);
  if (!entry) {
    const runner = mode === 'worker' ? openPool(path, options, Math.max(1, sessions)) : InThreadRunner.open(path, options);
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
