// The streams a CLI command writes to; tests pass in-memory ones.
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

/** A CLI command: parses its own argv, returns the process exit code. Throws SharpeyeError on bad input. */
export type CliCommand = (argv: string[], io: CliIo) => Promise<number>;
