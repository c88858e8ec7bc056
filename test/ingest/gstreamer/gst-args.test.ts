// buildGstDecodePlan: the exact plan sharpeye-gst-launch.py builds its pipeline from, for RTSP,
// HTTP and files, and fps fractions. Values are JSON properties, never pipeline text.
import t from 'tap';
import { buildGstDecodePlan, fpsFraction } from '../../../ingest/index.js';

t.test('rtsp: rtspsrc over tcp with timeouts, decodebin, drop-only videorate first, RGB caps with rate and size ranges', async (t) => {
  const plan = buildGstDecodePlan({ input: 'rtsp://10.0.0.5/s1', scheme: 'rtsp', fps: 5, maxWidth: 640, ioTimeoutMs: 3000 });
  t.same(plan.source, { factory: 'rtspsrc', properties: { location: 'rtsp://10.0.0.5/s1', protocols: 'tcp', latency: 200, timeout: 3000000, 'tcp-timeout': 3000000 } });
  t.same(plan.decoder, ['decodebin']);
  t.equal(plan.sourceCaps, 'application/x-rtp');
  t.same(plan.allowedSources, ['rtspsrc', 'udpsrc']);
  // Drop-only videorate right after the decoder keeps real pts and converts/scales only kept frames.
  t.same(plan.rawChain, ['videorate', 'videoconvert', 'videoscale']);
  // The rate is a range up to fps, never a fixed value: a fixed 30/1 on a 12.5 fps source failed to
  // negotiate. The height is bounded even when only maxWidth is given.
  t.equal(plan.caps, 'video/x-raw,format=RGB,pixel-aspect-ratio=1/1,framerate=[0/1,5/1],width=[16,640],height=[16,2160]');
  t.equal(buildGstDecodePlan({ input: 'rtsp://h/s', scheme: 'rtsp', rtspTransport: 'udp' }).source.properties.protocols, 'udp');
});

t.test('credentials leave the URL and become user-id/user-pw properties, decoded', async (t) => {
  const plan = buildGstDecodePlan({ input: 'rtsp://op:p%40ss%2F%23%25x@10.0.0.5:554/s1?ch=1', scheme: 'rtsp' });
  t.equal(plan.source.properties.location, 'rtsp://10.0.0.5:554/s1?ch=1');
  t.equal(plan.source.properties['user-id'], 'op');
  t.equal(plan.source.properties['user-pw'], 'p@ss/#%x');
  const http = buildGstDecodePlan({ input: 'https://op:100%@cam.example/live.m3u8', scheme: 'https' });
  t.same(http.source.properties, { location: 'https://cam.example/live.m3u8', 'user-id': 'op', 'user-pw': '100%', timeout: 10 });
  t.same(http.allowedSources, ['souphttpsrc'], 'HLS may fetch segments over http(s) only');
});

t.test('a quote, ! or spaces in a value stay inside the property: there is no grammar to escape from', async (t) => {
  const location = 'rtsp://127.0.0.1:8554/cam?x=%22!fakesink';
  t.equal(buildGstDecodePlan({ input: location, scheme: 'rtsp' }).source.properties.location, location);
  const file = buildGstDecodePlan({ input: '/v/a b" ! filesink location=x.mp4', scheme: 'file' });
  t.same(file.source, { factory: 'filesrc', properties: { location: '/v/a b" ! filesink location=x.mp4' } });
  t.equal(file.maxSources, 1, 'a file input may open exactly one source element');
});

t.test('hardware decode selects nvh264dec after depayloading', async (t) => {
  t.same(buildGstDecodePlan({ input: 'rtsp://h/s', scheme: 'rtsp', hwDecode: true }).decoder, ['rtph264depay', 'h264parse', 'nvh264dec']);
});

t.test('files: no rate unless asked, size always capped (3840x2160 by default)', async (t) => {
  const plan = buildGstDecodePlan({ input: '/v/a b.mp4', scheme: 'file' });
  t.same(plan.source, { factory: 'filesrc', properties: { location: '/v/a b.mp4' } });
  t.equal(plan.caps, 'video/x-raw,format=RGB,pixel-aspect-ratio=1/1,width=[16,3840],height=[16,2160]');
  t.same(plan.rawChain, ['videoconvert', 'videoscale'], 'no videorate without fps');
  t.equal(buildGstDecodePlan({ input: '/v/a.mp4', scheme: 'file', fps: 2.5, maxWidth: 1280, maxHeight: 720 }).caps,
    'video/x-raw,format=RGB,pixel-aspect-ratio=1/1,framerate=[0/1,5/2],width=[16,1280],height=[16,720]');
});

t.test('fps fractions', async (t) => {
  t.equal(fpsFraction(5), '5/1');
  t.equal(fpsFraction(2.5), '5/2');
  t.equal(fpsFraction(0.2), '1/5');
  t.equal(fpsFraction(29.97), '2997/100');
});
