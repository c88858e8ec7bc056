// buildGstLaunchArgs: the exact gst-launch-1.0 pipeline for RTSP and files, and fps fractions.
import t from 'tap';
import { buildGstLaunchArgs, fpsFraction } from '../../../ingest/index.js';

t.test('rtsp: rtspsrc over tcp with timeouts, decodebin, drop-only videorate, RGB caps, GDP on stdout', async (t) => {
  const args = buildGstLaunchArgs({ input: 'rtsp://10.0.0.5/s1', scheme: 'rtsp', fps: 5, maxWidth: 640, ioTimeoutMs: 3000 });
  const text = args.join(' ');
  t.match(text, /^-q -e rtspsrc location=rtsp:\/\/10\.0\.0\.5\/s1 protocols=tcp latency=200 timeout=3000000 tcp-timeout=3000000 ! decodebin ! /);
  // The rate is a range up to fps, never a fixed value: a fixed 30/1 on a 12.5 fps source failed to
  // negotiate, and drop-only videorate right after the decoder keeps real pts and converts only kept frames.
  t.match(text, /! decodebin ! videorate drop-only=true ! videoconvert ! videoscale ! video\/x-raw,format=RGB,pixel-aspect-ratio=1\/1,framerate=\[0\/1,5\/1\],width=\[16,640\],height=\[16,2160\] ! gdppay ! fdsink fd=1 sync=false$/);
  t.match(buildGstLaunchArgs({ input: 'rtsp://h/s', scheme: 'rtsp', rtspTransport: 'udp' }).join(' '), /protocols=udp/);
});

t.test('hardware decode selects nvh264dec after depayloading', async (t) => {
  const text = buildGstLaunchArgs({ input: 'rtsp://h/s', scheme: 'rtsp', hwDecode: true }).join(' ');
  t.match(text, /rtspsrc .* ! rtph264depay ! h264parse ! nvh264dec ! videoconvert/);
  t.notMatch(text, /decodebin/);
});

t.test('files go through uridecodebin with a file:// URI; no rate unless asked, size always capped (3840x2160 by default)', async (t) => {
  const text = buildGstLaunchArgs({ input: '/v/a b.mp4', scheme: 'file' }).join(' ');
  t.match(text, /uridecodebin uri=file:\/\/\/v\/a%20b\.mp4 ! videoconvert ! videoscale ! video\/x-raw,format=RGB,pixel-aspect-ratio=1\/1,width=\[16,3840\],height=\[16,2160\] ! gdppay/);
  t.notMatch(text, /videorate|framerate/);
  t.match(buildGstLaunchArgs({ input: '/v/a.mp4', scheme: 'file', fps: 2.5, maxWidth: 1280, maxHeight: 720 }).join(' '), /framerate=\[0\/1,5\/2\],width=\[16,1280\],height=\[16,720\]/);
});

t.test('fps fractions', async (t) => {
  t.equal(fpsFraction(5), '5/1');
  t.equal(fpsFraction(2.5), '5/2');
  t.equal(fpsFraction(0.2), '1/5');
  t.equal(fpsFraction(29.97), '2997/100');
});
