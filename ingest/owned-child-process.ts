// A decoder child process that its owner always stops and reaps: SIGTERM, then SIGKILL after a
// grace period, and `stop()` resolves only once the process has exited. Shared by the decoders
// that read frames from a child's stdout (ffmpeg today, gst-launch-1.0 next).
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

export interface ChildExit {
  /** Exit status; null when killed by a signal or never started. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when the process could not be started (ENOENT, EACCES). */
  readonly spawnError?: NodeJS.ErrnoException;
}

export interface OwnedChildOptions {
  /**
   * Written to the child's stdin, which is then closed: how a child gets what must not be in its
   * argv or environment (both readable by every local user through /proc). @defaultValue stdin is /dev/null
   */
  stdin?: string;
}

export class OwnedChildProcess {
  readonly child: ChildProcessByStdio<Writable | null, Readable, Readable>;
  /** Settles once the process is gone and its pipes are drained (or it never started). Never rejects. */
  readonly closed: Promise<ChildExit>;
  #exited: Promise<void>;
  #stopping: Promise<void> | undefined;

  constructor(command: string, args: readonly string[], options: OwnedChildOptions = {}) {
    // Its own process group: a Ctrl-C in the terminal reaches only us, and we stop the child in
    // order, instead of it dying first and its exit racing our cancellation. Should we die
    // instead, its next write to the closed pipe fails and it exits too.
    const stdin = options.stdin === undefined ? 'ignore' : 'pipe';
    this.child = spawn(command, args, { stdio: [stdin, 'pipe', 'pipe'], detached: true, windowsHide: true }) as ChildProcessByStdio<Writable | null, Readable, Readable>;
    if (options.stdin !== undefined && this.child.stdin) {
      // A child that exits before reading everything makes this write fail with EPIPE: its exit
      // status and stderr already say why, so the write error itself carries nothing.
      this.child.stdin.on('error', () => undefined);
      this.child.stdin.end(options.stdin);
    }
    let spawnError: NodeJS.ErrnoException | undefined;
    this.closed = new Promise((resolve) => {
      this.child.once('close', (code, signal) => resolve({ code, signal, spawnError }));
    });
    this.#exited = new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      // A failed spawn emits 'error' and 'close' but never 'exit'.
      this.child.once('close', () => resolve());
    });
    this.child.on('error', (err: NodeJS.ErrnoException) => {
      if (this.child.pid === undefined) spawnError = err;
    });
  }

  get running(): boolean {
    return this.child.pid !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Stops the process and resolves once it has exited and been reaped. Idempotent. */
  stop(graceMs = 2000): Promise<void> {
    this.#stopping ??= this.#stop(graceMs);
    return this.#stopping;
  }

  async #stop(graceMs: number): Promise<void> {
    if (!this.running) return this.#exited;
    this.child.kill('SIGTERM');
    // Its output is no longer wanted. Closing our end also frees a process blocked writing to a
    // full pipe (paused for backpressure): the write fails with EPIPE instead of waiting forever.
    this.child.stdout.destroy();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      await this.#exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
