// The streams a CLI command writes to; tests pass in-memory ones.
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Aborted when the process must stop (an unexpected error escaped); long-running commands shut down on it. */
  signal?: AbortSignal;
}

/** A CLI command: parses its own argv, returns the process exit code. Throws SharpeyeError on bad input. */
export type CliCommand = (argv: string[], io: CliIo) => Promise<number>;
