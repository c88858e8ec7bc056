// Progress arithmetic of a footage run on a fixed clock: reports at most every interval, the
// fraction from pts/duration or frames/maxFrames, fps, speed and a linear ETA; none where the
// length is unknown (live streams).
import t from 'tap';
import { FootageProgressTracker } from '../../node/index.js';

t.test('a 10 s file at 2 frames per wall second: fraction, fps, speed and ETA', async (t) => {
  const p = new FootageProgressTracker(1000, Infinity, 1000);
  const reports = [];
  // frame k has pts k * 0.2 s and is written at 1000 + 500 k ms
  for (let k = 1; k <= 10; k++) {
    const r = p.frame(k * 0.2, 10_000, 1000 + 500 * k);
    if (r) reports.push(r);
  }
  t.same(reports.map((r) => r.frames), [2, 4, 6, 8, 10], 'one report per interval (1 s), none before the first interval');
  const last = reports.at(-1)!;
  t.match(last, { frames: 10, ptsSeconds: 2, durationSeconds: 10, elapsedSeconds: 5, done: false });
  t.equal(last.fraction, 0.2);
  t.equal(last.fps, 2);
  t.equal(last.speed, 0.4);
  t.equal(last.etaSeconds, 20, '5 s for 20 %: 20 s to go');
});

t.test('--max-frames bounds the run: the larger fraction wins', async (t) => {
  const p = new FootageProgressTracker(0, 20, 0);
  let r;
  for (let k = 1; k <= 5; k++) r = p.frame(k, 100_000, k * 1000);
  t.equal(r!.fraction, 0.25, '5 of 20 frames, though only 5 % of the file');
  t.equal(r!.etaSeconds, 15);
});

t.test('a live stream: no duration, no fraction, no ETA; counters still move', async (t) => {
  const p = new FootageProgressTracker(0, Infinity, 0);
  p.frame(0.5, undefined, 500);
  const r = p.frame(1, undefined, 1000)!;
  t.match(r, { frames: 2, ptsSeconds: 1, durationSeconds: null, fraction: null, etaSeconds: null, fps: 2, speed: 1 });
  const end = p.report(undefined, 2000, true);
  t.match(end, { done: true, frames: 2, fraction: null });
});

t.test('the last report: a run read to its end is at 1, one stopped early says how far it got', async (t) => {
  const p = new FootageProgressTracker(0, Infinity, 0);
  p.frame(9.6, 10_000, 4000);
  t.match(p.report(10_000, 5000, true, true), { done: true, fraction: 1, etaSeconds: 0 });
  t.match(p.report(10_000, 5000, true, false), { done: true, fraction: 0.96 });
});
