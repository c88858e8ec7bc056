import t from 'tap';
import { redactSecrets, redactUrl } from '../../ingest/index.js';

t.test('credentials and secret query parameters are masked', async (t) => {
  t.equal(redactUrl('rtsp://admin:secret@10.0.0.5:554/stream1'), 'rtsp://***@10.0.0.5:554/stream1');
  t.equal(redactUrl('rtsp://user@cam/s'), 'rtsp://***@cam/s');
  t.equal(redactUrl('https://cam.local/live?token=abc123&ch=1'), 'https://cam.local/live?token=***&ch=1');
  t.equal(redactUrl('failed to open rtsp://a:b@h/x and http://c:d@e/f'), 'failed to open rtsp://***@h/x and http://***@e/f');
  t.equal(redactUrl('/videos/clip.mp4'), '/videos/clip.mp4');
  t.equal(redactUrl('rtsp://10.0.0.5/stream'), 'rtsp://10.0.0.5/stream');
});

t.test('known secrets are masked anywhere in a text, also URL-encoded', async (t) => {
  t.equal(redactSecrets('auth failed for p@ss/word and p%40ss%2Fword', ['p@ss/word']), 'auth failed for *** and ***');
});
