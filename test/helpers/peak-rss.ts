// Runs the real `sharpeye` bin and measures peak memory: VmHWM (the kernel's resident-set
// high-water mark) of the CLI process and of each decoder child it starts, polled from /proc while
// they run. The mark only rises, so a late read still sees an early peak.
import { readFileSync } from 'node:fs';
import { processesWithTag } from './processes.js';
import { spawnSharpeye, type CliResult } from './cli.js';

export interface MeasuredRun extends CliResult {
  /** Peak resident memory of the sharpeye process, MiB. */
  peakRssMb: number;
  /** Largest peak among its child processes (ffmpeg, gst-launch-1.0), MiB; 0 when none was seen. */
  peakChildRssMb: number;
}

/** VmHWM of `pid` in MiB, or undefined once the process is gone. */
function hwmMb(pid: number): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export function runSharpeyeMeasured(args: string[], env: NodeJS.ProcessEnv = {}): Promise<MeasuredRun> {
  const { child, tag } = spawnSharpeye(args, env);
  return new Promise((resolve, reject) => {
    let stdout = '', stderr = '', peakRssMb = 0, peakChildRssMb = 0, ticks = 0;
    const poll = () => {
      peakRssMb = Math.max(peakRssMb, hwmMb(child.pid!) ?? 0);
      // Children are found through /proc environ scans: cheaper every 5th tick.
      if (ticks++ % 5 === 0) {
        for (const p of processesWithTag(tag)) if (p.pid !== child.pid) peakChildRssMb = Math.max(peakChildRssMb, hwmMb(p.pid) ?? 0);
      }
    };
    const timer = setInterval(poll, 10);
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', (err) => { clearInterval(timer); reject(err); });
    // 'exit' comes before the process is reaped, while /proc/<pid> still answers: one last read.
    child.on('exit', () => poll());
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code, stdout, stderr, tag, peakRssMb: Math.round(peakRssMb), peakChildRssMb: Math.round(peakChildRssMb) });
    });
  });
}
