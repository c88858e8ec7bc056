// Test servers run as child processes (the GStreamer RTSP camera, Milvus Lite): a free loopback
// port, a start that waits for the server's READY line, and a stop that always reaps it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

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

/** Spawns `command args` and resolves once it prints READY on stdout; rejects (and kills it) otherwise. */
export function spawnServer(name: string, command: string, args: string[], startTimeoutMs: number): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${name} did not start in ${startTimeoutMs / 1000} s: ${err.slice(-2000)}`)); }, startTimeoutMs);
    child.stderr!.on('data', (d) => { err = (err + String(d)).slice(-8000); });
    child.stdout!.on('data', (d) => {
      if (String(d).includes('READY')) { clearTimeout(timer); resolve(child); }
    });
    child.once('error', (e) => { clearTimeout(timer); reject(new Error(`${name}: could not run ${command} (run scripts/setup.sh): ${e.message}`)); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${name} exited (${code}): ${err.slice(-2000)}`)); });
  });
}

/** SIGTERM, then SIGKILL after `killAfterMs`; resolves once the process has exited. */
export async function stopServer(child: ChildProcess | undefined, killAfterMs: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  await exited;
  clearTimeout(timer);
}
