// redactUrl / redactSecrets / urlSecrets: credentials never survive into text meant for people.
import t from 'tap';
import { redactSecrets, redactUrl, urlSecrets } from '../../ingest/index.js';

t.test('user:password@ and secret query parameters are masked', async (t) => {
  t.equal(redactUrl('rtsp://admin:secret@10.0.0.5:554/stream1'), 'rtsp://***@10.0.0.5:554/stream1');
  t.equal(redactUrl('rtsp://user@cam/s'), 'rtsp://***@cam/s');
  t.equal(redactUrl('RTSPS://Admin:x@cam'), 'RTSPS://***@cam');
  t.equal(redactUrl('https://cam.local/live?token=abc123&ch=1'), 'https://cam.local/live?token=***&ch=1');
  t.equal(redactUrl('srt://h:9000?passphrase=x&pass=y'), 'srt://h:9000?passphrase=x&pass=***');
});

t.test('a raw @ inside the password is masked whole, as ffmpeg splits at the last @', async (t) => {
  t.equal(redactUrl('rtsp://admin:p@ss@10.0.0.5/s'), 'rtsp://***@10.0.0.5/s');
  t.equal(redactUrl('rtsp://admin:p@ss@10.0.0.5'), 'rtsp://***@10.0.0.5');
});

t.test('URLs inside longer text, quoted or not, and text without URLs', async (t) => {
  t.equal(redactUrl('failed to open rtsp://a:b@h/x and http://c:d@e/f'), 'failed to open rtsp://***@h/x and http://***@e/f');
  t.equal(redactUrl("Connection to 'rtsp://a:b@h:554/x' failed"), "Connection to 'rtsp://***@h:554/x' failed");
  t.equal(redactUrl('rtsp://a:b@h/x: Connection refused'), 'rtsp://***@h/x: Connection refused');
  t.equal(redactUrl('/videos/clip.mp4'), '/videos/clip.mp4');
  t.equal(redactUrl('rtsp://10.0.0.5/stream'), 'rtsp://10.0.0.5/stream');
  t.equal(redactUrl('mail me at bob@example.org'), 'mail me at bob@example.org');
  // Parsers disagree where a userinfo with a raw '/' ends, so an @ in the path masks generously.
  t.equal(redactUrl('rtsp://cam/path/with@sign'), 'rtsp://***@sign', 'over-masked on purpose, never under-masked');
});

t.test('known secrets are masked anywhere in a text, also URL-encoded', async (t) => {
  t.equal(redactSecrets('auth failed for p@ss/word and p%40ss%2Fword', ['p@ss/word']), 'auth failed for *** and ***');
  t.equal(redactSecrets('a short secret is left: ab', ['ab']), 'a short secret is left: ab', 'too short to mask safely');
});

t.test('urlSecrets gives the user name and password, raw and decoded', async (t) => {
  t.same(urlSecrets('rtsp://admin:p%40ss@cam/x'), ['admin', 'p%40ss', 'p@ss']);
  t.same(urlSecrets('rtsp://cam/x'), []);
  t.same(urlSecrets('/videos/a.mp4'), []);
});

t.test('a password with a raw #, /, ?, % or @ is masked whole in any text, and is a known secret', async (t) => {
  for (const password of ['pa#ss', 'pa/ss', 'pa?ss', 'pa%zz', 'p@ss/w#rd%']) {
    const url = `rtsp://admin:${password}@10.0.0.5/s`;
    const text = redactUrl(`failed to open ${url}: Connection refused`);
    t.notMatch(text, password, `${password}: not in ${text}`);
    t.notMatch(text, password.slice(3), `${password}: no tail left either`);
    t.ok(urlSecrets(url).includes(password), 'the whole password is a secret to mask elsewhere');
  }
});
