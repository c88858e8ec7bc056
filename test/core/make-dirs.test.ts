// makeDirsSync: makes nested folders, accepts existing ones, and fails at once (never spins) where
// Node's recursive mkdir loops forever: under /proc and through a dangling symlink.
import t from 'tap';
import { mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDirsSync } from '../../core/index.js';

const dir = mkdtempSync(join(tmpdir(), 'sharpeye-make-dirs-'));

t.test('makes missing levels and accepts existing folders', async (t) => {
  const deep = join(dir, 'a', 'b', 'c');
  makeDirsSync(deep);
  t.ok(statSync(deep).isDirectory());
  t.doesNotThrow(() => makeDirsSync(deep), 'again: nothing to do');
  t.doesNotThrow(() => makeDirsSync(join(dir, 'a', '..', 'a', 'b')), 'dot-dot paths');
  symlinkSync(join(dir, 'a'), join(dir, 'link-to-a'));
  t.doesNotThrow(() => makeDirsSync(join(dir, 'link-to-a', 'd')), 'through a good symlink');
  t.ok(statSync(join(dir, 'a', 'd')).isDirectory());
});

t.test('fails at once where recursive mkdir spins', async (t) => {
  t.throws(() => makeDirsSync('/proc/sharpeye-nope/x'), { code: 'ENOENT' }, 'under /proc');
  symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
  t.throws(() => makeDirsSync(join(dir, 'dangling', 'x')), { code: 'ENOTDIR', message: /dangling is not a folder/ }, 'through a dangling symlink');
  t.throws(() => makeDirsSync(join(dir, 'dangling')), { code: 'ENOTDIR' }, 'the dangling symlink itself');
  writeFileSync(join(dir, 'file'), 'x');
  t.throws(() => makeDirsSync(join(dir, 'file', 'x')), { code: 'ENOTDIR', message: /file is not a folder/ }, 'a file in the way');
  t.throws(() => makeDirsSync(join(dir, 'file')), { code: 'ENOTDIR' }, 'the path is a file');
});
