// checkSource: what may be opened, checked before any process is spawned.
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ALLOWED_SCHEMES, checkSource, displaySource, schemeOf } from '../../ingest/index.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-source-'));
const clip = join(dir, 'clip.mp4');
writeFileSync(clip, 'x');

t.test('local files: absolute, relative and file: URLs resolve to an absolute path', async (t) => {
  t.same(checkSource(clip), { input: clip, scheme: 'file' });
  t.same(checkSource(relative(process.cwd(), clip)), { input: clip, scheme: 'file' });
  t.same(checkSource(pathToFileURL(clip).href), { input: clip, scheme: 'file' });
});

t.test('a missing file or a directory is E_INPUT_NOT_FOUND naming the path', async (t) => {
  t.throws(() => checkSource(join(dir, 'nope.mp4')), { code: 'E_INPUT_NOT_FOUND', message: /video file .*nope\.mp4 does not exist or is not a regular file/ });
  t.throws(() => checkSource(dir), { code: 'E_INPUT_NOT_FOUND', message: new RegExp(`video file ${dir} does not exist`) });
  t.throws(() => checkSource('file:///definitely/not/here.mp4'), { code: 'E_INPUT_NOT_FOUND', message: /file:\/\/\/definitely\/not\/here\.mp4/ });
});

t.test('every allowed scheme passes through unchanged', async (t) => {
  for (const scheme of ALLOWED_SCHEMES.filter((s) => s !== 'file')) {
    t.same(checkSource(`${scheme}://cam.local:1234/live`), { input: `${scheme}://cam.local:1234/live`, scheme });
  }
  t.equal(checkSource('RTSP://cam/x').scheme, 'rtsp', 'schemes are case-insensitive');
});

t.test('other schemes are E_INPUT_UNSUPPORTED_URL naming the scheme and the allowed ones, credentials masked', async (t) => {
  for (const url of ['gopher://example.org/clip', 'ftp://user:hunter22@example.org/clip.mp4', 'concat://a|b']) {
    const scheme = schemeOf(url)!;
    const err = t.throws(() => checkSource(url), { code: 'E_INPUT_UNSUPPORTED_URL' }) as unknown as Error;
    t.match(err.message, `unsupported URL scheme '${scheme}:'`);
    t.match(err.message, 'file:, http:, https:, rtsp:, rtsps:, rtmp:, srt:, udp:, tcp:');
    t.notMatch(err.message, /hunter22|user:/);
  }
});

t.test('URLs come out WHATWG-normalised: lower-case scheme and host, encoded path', async (t) => {
  t.same(checkSource('HTTP://Cam.Example:80/a/../live.m3u8'), { input: 'http://cam.example/live.m3u8', scheme: 'http' });
  t.same(checkSource('RTSP://admin:p@ss@10.0.0.5:554/s1'), { input: 'rtsp://admin:p%40ss@10.0.0.5:554/s1', scheme: 'rtsp' });
  t.same(checkSource('rtsp://10.0.0.5/a%20b?x=1,2(3)!'), { input: 'rtsp://10.0.0.5/a%20b?x=1,2(3)!', scheme: 'rtsp' }, 'legal URL characters pass unchanged');
});

t.test('characters a URL must not carry are refused before parsing, the URL never echoed', async (t) => {
  const hostile = [
    'rtsp://127.0.0.1:8554/cam?x=" ! fakesink filesrc location=/etc/hostname ! filesink location=/tmp/copy rtspsrc location="rtsp://127.0.0.1:8554/cam2',
    'rtsp://u:secret1@h/a b', 'rtsp://u:secret1@h/a\nb', 'rtsp://u:secret1@h/a\rb', 'rtsp://u:secret1@h/a\tb', 'rtsp://u:secret1@h/a\0b',
    "rtsp://u:secret1@h/a'b", 'rtsp://u:secret1@h/a<b>', 'rtsp://u:secret1@h/a\\b', 'rtsp://u:secret1@h/a|b', 'rtsp://u:secret1@h/a{b}',
    'rtsp://u:secret1@h/a^b', 'rtsp://u:secret1@h/a`b', 'rtsp://u:secret1@h/caf\u00e9', 'rtsp://u:secret1@h/a\u202eb', ' rtsp://u:secret1@h/a',
  ];
  for (const url of hostile) {
    const err = t.throws(() => checkSource(url), { code: 'E_CONFIG_INVALID' }, JSON.stringify(url)) as unknown as Error;
    t.notMatch(err.message, /secret1|fakesink|filesrc/, 'not echoed');
  }
});

t.test('a #, a bad port or an empty host is refused without echoing the password', async (t) => {
  for (const url of ['rtsp://u:pa#ss@h/cam', 'rtsp://u:12#secret9@h/cam', 'rtsp://u:pa/secret9@h/cam', 'rtsp://u:pa?secret9@h/cam', 'rtsp://u:12/secret9@h/cam', 'rtsp://u:12?secret9@h/cam', 'rtsp:///cam', 'http://u:se%cret9@/x']) {
    const err = t.throws(() => checkSource(url), { code: 'E_CONFIG_INVALID' }, url) as unknown as Error;
    t.notMatch(err.message, /pa#ss|secret9|pa\/|pa\?/, `${url}: ${err.message}`);
    t.equal(displaySource(url), 'rtsp://(invalid URL, not shown)'.replace('rtsp', schemeOf(url)!));
  }
});

t.test('file names: leading -, protocol look-alikes and control characters', async (t) => {
  for (const name of ['-i', 'concat:a|b', 'subfile,,start,0,end,4,,:x', 'file:x', 'data:,x', '#%.mp4']) {
    const path = join(dir, name);
    writeFileSync(path, 'x');
    t.same(checkSource(path), { input: path, scheme: 'file' }, `${name}: just a file`);
  }
  t.throws(() => checkSource(join(dir, 'a\nb.mp4')), { code: 'E_CONFIG_INVALID', message: /newline/ });
  t.throws(() => checkSource('file:///tmp/a%0Ab.mp4'), { code: 'E_CONFIG_INVALID', message: /newline/ }, 'also once decoded from a file: URL');
  t.equal(displaySource('/tmp/a\nb'), '/tmp/a\\nb', 'shown escaped');
});
