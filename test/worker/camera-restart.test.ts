// Kind 4 of issue 9, end to end: `sharpeye serve` with rules and a store on a camera whose RTSP
// server (the real GStreamer test server) stops mid-stream and comes back. The new connection's
// pts start again from 0; the camera's detections, tracks, objects and alerts must carry on within
// 10 s of the stream returning, with no E_INTERNAL errors, and everything is stored.
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runSharpeye, startSharpeye } from '../helpers/cli.js';
import { video } from '../helpers/fixtures.js';
import { processesWithTag } from '../helpers/processes.js';
import { startRtspServer } from '../helpers/rtsp-server.js';
import { freePort } from '../helpers/server-process.js';

type Line = Record<string, any>;

t.test('RTSP server stopped and restarted under serve: detections, tracks, objects and alerts resume within 10 s', async (t) => {
  const port = await freePort();
  const server = await startRtspServer({ mounts: { street: `file:${video('intersection.mp4')}` }, port });
  t.teardown(() => server.stop());
  const dir = mkdtempSync(join(tmpdir(), 'sharpeye-restart-'));
  // Cars queue and park at the top-left of the picture from the first second of the clip on.
  writeFileSync(join(dir, 'rules.yaml'), stringify({
    zones: [{ id: 'kerb', polygon: [[0, 0], [0.3, 0], [0.3, 0.45], [0, 0.45]] }],
    rules: [{ id: 'wait', type: 'loitering', zone: 'kerb', labels: ['car', 'motorcycle'], seconds: 2, cooldownSeconds: 600 }],
  }));
  const db = join(dir, 'events.db');
  const config = join(dir, 'serve.yaml');
  writeFileSync(config, stringify({
    detector: { model: 'yolox-nano', sessions: 1 },
    store: { spec: `sqlite:${db}` },
    cameras: [{ id: 'street', url: server.url('street'), fps: 5, maxWidth: 320, motion: { enabled: false }, rulesFile: 'rules.yaml', ioTimeoutMs: 3000, stallTimeoutMs: 3000 }],
  }));
  const run = startSharpeye(['serve', '--json-lines', '--port', '0', '--config', config, '--stats-interval', '0']);
  t.teardown(() => run.stop('SIGKILL'));
  const firstAlert = await run.waitFor((l) => l.type === 'alert' && l.event === 'started', 60_000, 'a dwell alert before the restart');
  await run.waitFor((l) => l.type === 'detections' && l.tracks?.length > 0, 10_000, 'tracks before the restart');

  await server.stop();
  await run.waitFor((l) => l.type === 'camera' && l.id === 'street' && l.state === 'reconnecting', 15_000, 'reconnecting');
  await new Promise((res) => setTimeout(res, 1000));
  const mark = run.lines.length;
  await server.start();
  const back = Date.now();
  const after = (l: Line) => run.lines.indexOf(l) >= mark;
  const within = () => Math.max(1, 10_000 - (Date.now() - back));
  await run.waitFor((l) => after(l) && l.type === 'detections' && l.detections.length > 0, within(), 'detections after the restart');
  const tracked = await run.waitFor((l) => after(l) && l.type === 'detections' && l.tracks?.length > 0, within(), 'tracks after the restart');
  const oldIds = new Set(run.lines.slice(0, mark).filter((l) => l.type === 'detections').flatMap((l) => (l.tracks ?? []).map((x: Line) => x.id)));
  t.ok(tracked.tracks.every((x: Line) => !oldIds.has(x.id)), 'new tracks have new ids');
  const alert = await run.waitFor((l) => after(l) && l.type === 'alert' && l.event === 'started', within(), 'a dwell alert after the restart');
  t.not(alert.id, firstAlert.id, 'a fresh alert');
  t.ok(Date.now() - back < 10_000, `detections, tracks and alerts resumed ${Date.now() - back} ms after the stream returned`);
  t.ok(run.lines.some((l) => l.type === 'alert' && l.event === 'ended' && l.id === firstAlert.id), 'the alert open before the restart ended cleanly');
  const errors = run.lines.filter((l) => l.type === 'error');
  t.same(errors, [], 'no error lines (no "tracker update got pts 0 ms after ..." on every frame)');

  const r = await run.stop('SIGTERM');
  t.equal(r.code, 0, r.stderr.slice(-500));
  const finals = run.lines.filter((l) => l.type === 'object' && l.final);
  const backWall = back - 2000;
  t.ok(finals.some((o) => o.firstSeen.wallMs < backWall), 'objects from before the restart are recorded');
  t.ok(finals.some((o) => o.firstSeen.wallMs >= backWall), 'objects from after the restart are recorded');
  t.equal(new Set(finals.map((o) => o.id)).size, finals.length, 'one final record per object, ids never reused');
  const listed = await runSharpeye(['events', '--store', `sqlite:${db}`, '--json', '--limit', '1000']);
  const stored = JSON.parse(listed.stdout) as Line[];
  t.same(stored.map((e) => e.id).sort(), finals.map((o) => o.id).sort(), 'every object of both stream epochs is in the store');
  await new Promise((res) => setTimeout(res, 300));
  t.same(processesWithTag(r.tag).filter((p) => /ffmpeg|gst-launch/.test(p.command)), [], 'nothing left running');
});
