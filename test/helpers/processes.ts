// Finds child processes of this test process, so tests can assert that nothing (ffmpeg,
// gst-launch-1.0, servers) is left running after a source or server is closed.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo { pid: number; command: string }

/** Direct and indirect children of `pid` (default: this process) whose command matches `pattern`. */
export function descendantProcesses(pattern: RegExp = /.*/, pid: number = process.pid): ProcessInfo[] {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' });
  const rows = out.split('\n').filter(Boolean).map((line) => {
    const m = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    return m ? { pid: Number(m[1]), ppid: Number(m[2]), stat: m[3], command: m[4] } : undefined;
  }).filter((r): r is NonNullable<typeof r> => r !== undefined && !r.stat.startsWith('Z') && r.pid !== Number(process.pid) && !/^ps /.test(r.command));
  const found: ProcessInfo[] = [];
  const frontier = [pid];
  while (frontier.length > 0) {
    const parent = frontier.pop()!;
    for (const r of rows) {
      if (r.ppid === parent) {
        frontier.push(r.pid);
        if (pattern.test(r.command)) found.push({ pid: r.pid, command: r.command });
      }
    }
  }
  return found;
}

/** Waits until no descendant matches `pattern`, up to `timeoutMs`; returns what is still left. */
export async function waitForNoDescendants(pattern: RegExp, timeoutMs = 3000): Promise<ProcessInfo[]> {
  const deadline = Date.now() + timeoutMs;
  let left = descendantProcesses(pattern);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    left = descendantProcesses(pattern);
  }
  return left;
}

/**
 * Processes anywhere on the machine whose environment holds `SHARPEYE_TEST_TAG=<tag>`. A CLI run
 * under test gets a unique tag; its ffmpeg children inherit it, so they are found even after the
 * CLI exits and they are re-parented.
 */
export function processesWithTag(tag: string): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
      if (!environ.split('\0').includes(`SHARPEYE_TEST_TAG=${tag}`)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      if (/^\d+ \(.*\) Z/.test(stat)) continue; // zombie: exited, waiting to be reaped by its parent
      found.push({ pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, 'latin1').replace(/\0/g, ' ').trim() });
    } catch {
      // The process exited while we looked: it is not left over.
    }
  }
  return found;
}
