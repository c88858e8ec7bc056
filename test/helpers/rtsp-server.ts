// Starts the real RTSP test camera (test/helpers/rtsp_server.py, GStreamer's RTSP server under
// Debian's /usr/bin/python3 with python3-gi) on a free loopback port, and always stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './fixtures.js';

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

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const PYTHON = process.env.SHARPEYE_GI_PYTHON ?? '/usr/bin/python3';

function launch(port: number, o: RtspServerOptions): Promise<ChildProcess> {
  const args = [join(REPO_ROOT, 'test', 'helpers', 'rtsp_server.py'), '--port', String(port)];
  for (const [mount, kind] of Object.entries(o.mounts)) args.push('--mount', `${mount.startsWith('/') ? mount : `/${mount}`}=${kind}`);
  if (o.user) args.push('--user', o.user, '--password', o.password ?? '');
  const child = spawn(PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`RTSP test server did not start: ${err}`)); }, 15_000);
    child.stderr!.on('data', (d) => { err += String(d); });
    child.stdout!.on('data', (d) => {
      if (String(d).includes('READY')) { clearTimeout(timer); resolve(child); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`RTSP test server exited (${code}): ${err}`)); });
  });
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

export async function startRtspServer(o: RtspServerOptions): Promise<RtspServer> {
  const port = o.port ?? (await freePort());
  let child: ChildProcess | undefined = await launch(port, o);
  return {
    port,
    url: (mount, c) => `rtsp://${c ? `${encodeURIComponent(c.user)}:${encodeURIComponent(c.password)}@` : ''}127.0.0.1:${port}/${mount.replace(/^\//, '')}`,
    stop: async () => { await stopChild(child); child = undefined; },
    start: async () => { if (!child) child = await launch(port, o); },
  };
}
