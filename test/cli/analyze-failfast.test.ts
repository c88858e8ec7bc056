// analyze on folders that cannot be made: Node's recursive mkdir spins forever on a parent that
// cannot hold children (/proc/x, a dangling symlink); every folder sharpeye makes goes through
// core/make-dirs.ts, so these fail at once with one line instead of hanging at 100% CPU.
import t from 'tap';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSharpeye } from '../helpers/cli.js';
import { video } from '../helpers/fixtures.js';
import { processesWithTag } from '../helpers/processes.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-analyze-failfast-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));

/** Runs analyze; a run still alive after 60 s is a hang and is killed (the test then fails on its status). */
async function analyze(extra: string[]) {
  const args = ['analyze', video('highway.mp4'), '--fps', '1', '--out', join(dir, 'out.jsonl'), ...extra];
  return Promise.race([
    runSharpeye(args),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('analyze hung for 60 s')), 60_000).unref()),
  ]);
}

const cases: Array<[string, string[], number, RegExp]> = [
  ['store under /proc', ['--store', 'sqlite:/proc/sharpeye-nope/e.db'], 1, /E_STORE_OPEN: .*\/proc\/sharpeye-nope/],
  ['store through a dangling symlink', ['--store', `sqlite:${join(dir, 'dangling', 'db', 'e.db')}`], 1, /E_STORE_OPEN: .*dangling/],
  ['snapshots under /proc', ['--track', '--snapshots', '/proc/sharpeye-nope/snaps'], 2, /E_CONFIG_INVALID: --snapshots \/proc\/sharpeye-nope\/snaps: cannot create/],
  ['snapshots through a dangling symlink', ['--track', '--snapshots', join(dir, 'dangling', 'snaps')], 2, /E_CONFIG_INVALID: --snapshots .*dangling.*ENOTDIR/],
];

for (const [name, extra, status, message] of cases) {
  t.test(name, async (t) => {
    const r = await analyze(extra);
    t.equal(r.code, status, `exit status ${status} (stderr: ${r.stderr.slice(0, 300)})`);
    t.match(r.stderr, message);
    t.equal(r.stderr.trimEnd().split('\n').length, 1, 'one line on stderr');
    t.same(processesWithTag(r.tag), [], 'nothing of the run left running');
  });
}
