// Starts the real RTSP test camera (test/helpers/rtsp_server.py, GStreamer's RTSP server under
// Debian's /usr/bin/python3 with python3-gi) on a free loopback port, and always stops it.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './fixtures.js';
import { freePort, spawnServer, stopServer } from './server-process.js';

export type MountKind = 'pattern' | 'still' | 'audio' | `file:${string}` | `raw:${string}`;

export interface RtspServerOptions {
  mounts: Record<string, MountKind>;
  user?: string;
  password?: string;
  port?: number;
}

export interface RtspServer {
  port: number;
  /** rtsp URL of a mount, with credentials if given. */
  url(mount: string, credentials?: { user: string; password: string }): string;
  stop(): Promise<void>;
  /** Starts the server again on the same port (after stop). */
  start(): Promise<void>;
}

const PYTHON = process.env.SHARPEYE_GI_PYTHON ?? '/usr/bin/python3';

function launch(port: number, o: RtspServerOptions): Promise<ChildProcess> {
  const args = [join(REPO_ROOT, 'test', 'helpers', 'rtsp_server.py'), '--port', String(port)];
  for (const [mount, kind] of Object.entries(o.mounts)) args.push('--mount', `${mount.startsWith('/') ? mount : `/${mount}`}=${kind}`);
  if (o.user) args.push('--user', o.user, '--password', o.password ?? '');
  return spawnServer('RTSP test server', PYTHON, args, 15_000);
}

export async function startRtspServer(o: RtspServerOptions): Promise<RtspServer> {
  const port = o.port ?? (await freePort());
  let child: ChildProcess | undefined = await launch(port, o);
  return {
    port,
    url: (mount, c) => `rtsp://${c ? `${encodeURIComponent(c.user)}:${encodeURIComponent(c.password)}@` : ''}127.0.0.1:${port}/${mount.replace(/^\//, '')}`,
    stop: async () => { await stopServer(child, 3000); child = undefined; },
    start: async () => { if (!child) child = await launch(port, o); },
  };
}
