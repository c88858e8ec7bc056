// Which ffmpeg is installed decides a few option names; a binary that does not run is E_INGEST_SPAWN.
import t from 'tap';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { probeFfmpegVersion } from '../../ingest/index.js';
import { parseFfmpegVersion } from '../../ingest/ffmpeg/ffmpeg-version.js';

t.test('release, distribution and git version strings', async (t) => {
  t.same(parseFfmpegVersion('ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026'), { major: 5, minor: 1 });
  t.same(parseFfmpegVersion('ffmpeg version 4.4.2-0ubuntu0.22.04.1 Copyright (c) 2000-2021'), { major: 4, minor: 4 });
  t.same(parseFfmpegVersion('ffmpeg version n7.1 Copyright'), { major: 7, minor: 1 });
  const git = 'ffmpeg version N-112233-gabcdef Copyright\nlibavutil      58.  2.100\nlibavformat    59. 27.100 / 59. 27.100\n';
  t.same(parseFfmpegVersion(git), { major: 5, minor: 1 }, 'from libavformat when the release is unknown');
  t.same(parseFfmpegVersion('libavformat    58. 76.100'), { major: 4, minor: 0 });
  t.equal(parseFfmpegVersion('something else').major, 99, 'unknown means current option names');
});

t.test('the installed ffmpeg answers', async (t) => {
  const v = await probeFfmpegVersion(process.env.SHARPEYE_FFMPEG ?? 'ffmpeg');
  t.ok(v.major >= 4, `ffmpeg ${v.major}.${v.minor}`);
});

t.test('a missing binary is E_INGEST_SPAWN saying what to do', async (t) => {
  const path = join(tmpdir(), 'sharpeye-no-such-ffmpeg');
  await t.rejects(probeFfmpegVersion(path), {
    code: 'E_INGEST_SPAWN',
    message: `could not start ffmpeg '${path}' (not found); install ffmpeg (e.g. apt-get install ffmpeg) or set SHARPEYE_FFMPEG to its path`,
  });
});
