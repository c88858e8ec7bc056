// checkSource: what may be opened, checked before any process is spawned.
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ALLOWED_SCHEMES, checkSource, schemeOf } from '../../ingest/index.js';

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
