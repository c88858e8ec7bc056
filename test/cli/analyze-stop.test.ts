// SIGINT/SIGTERM stop `sharpeye analyze` cleanly through the footage run's abort signal: frames in
// flight are written, the summary (text and JSON) counts exactly the frames written, exit 0, and
// nothing of the run is left running.
import t from 'tap';
import { startSharpeye } from '../helpers/cli.js';
import { video } from '../helpers/fixtures.js';
import { processesWithTag } from '../helpers/processes.js';

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  t.test(`${signal} mid-file`, async (t) => {
    const run = startSharpeye(['analyze', video('intersection.mp4'), '--fps', '5', '--model', 'yolox-nano', '--track', '--summary', 'json']);
    t.teardown(() => run.stop('SIGKILL'));
    await run.waitFor((l) => l.type === 'frame' && l.frame === 2, 120_000, 'third frame');
    const r = await run.stop(signal);
    t.equal(r.code, 0, r.stderr.slice(-1000));
    t.match(r.stderr, new RegExp(`analyzed .*intersection\\.mp4 with yolox-nano \\(stopped by ${signal}\\)`));
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const summary = lines.at(-1);
    const frames = lines.filter((l) => l.type === 'frame');
    t.ok(frames.length >= 3 && frames.length < 150, `stopped early: ${frames.length} of 151 frames`);
    t.equal(summary.frames, frames.length, 'the summary counts the frames written');
    t.same(frames.map((f) => f.frame), frames.map((_, i) => i), 'no frame lost at the stop');
    t.ok(lines.filter((l) => l.type === 'object').every((o) => typeof o.id === 'string'), 'object records of the end-of-stream flush');
    t.same(processesWithTag(r.tag), [], 'nothing of the run left running');
  });
}
