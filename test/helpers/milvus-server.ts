// A real Milvus for tests. With MILVUS_ADDRESS set, tests use that server (and cannot stop it);
// otherwise this starts Milvus Lite (test/helpers/milvus_server.py under .venv-test's python) on a
// free loopback port with its db file in a fresh tmp dir, and always stops it and removes the dir.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './fixtures.js';
import { freePort, spawnServer, stopServer } from './server-process.js';

export interface MilvusServer {
  /** host:port to pass as `address`. */
  readonly address: string;
  /** True when this harness started the server (Milvus Lite); false for MILVUS_ADDRESS. */
  readonly local: boolean;
  /** A collection name unique to this test run (Milvus names: letters, digits, underscores). */
  collectionName(prefix?: string): string;
  /** Stops the server, keeping its db file and port (local servers only). */
  stop(): Promise<void>;
  /** Starts it again on the same port and db file (after stop). */
  start(): Promise<void>;
  /** Stops it for good and removes its files. Idempotent. */
  close(): Promise<void>;
}

/** Matches the launcher and the milvus binary, for "nothing left running" assertions. */
export const MILVUS_PROCESS = /milvus_server\.py|milvus_lite\/lib\/milvus/;

const PYTHON = process.env.SHARPEYE_TEST_PYTHON ?? join(REPO_ROOT, '.venv-test', 'bin', 'python');
let counter = 0;

function launch(port: number, db: string): Promise<ChildProcess> {
  return spawnServer('Milvus Lite', PYTHON, [join(REPO_ROOT, 'test', 'helpers', 'milvus_server.py'), '--db', db, '--port', String(port)], 60_000);
}

// The launcher gives the binary 5 s to exit before SIGKILL; the binary dies with the launcher anyway.
const KILL_AFTER_MS = 10_000;

export async function startMilvusServer(): Promise<MilvusServer> {
  const run = `${process.pid}_${Date.now().toString(36)}`;
  const collectionName = (prefix = 'events') => `${prefix}_${run}_${++counter}`;
  const external = process.env.MILVUS_ADDRESS;
  if (external) {
    const refuse = async () => { throw new Error('MILVUS_ADDRESS is an external server: this test cannot stop or start it'); };
    return { address: external, local: false, collectionName, stop: refuse, start: refuse, close: async () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-milvus-'));
  const db = join(dir, 'milvus.db');
  const port = await freePort();
  let child: ChildProcess | undefined = await launch(port, db).catch((e) => { rmSync(dir, { recursive: true, force: true }); throw e; });
  let closed = false;
  return {
    address: `127.0.0.1:${port}`,
    local: true,
    collectionName,
    stop: async () => { await stopServer(child, KILL_AFTER_MS); child = undefined; },
    start: async () => { if (!child && !closed) child = await launch(port, db); },
    close: async () => {
      if (closed) return;
      closed = true;
      await stopServer(child, KILL_AFTER_MS);
      child = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
