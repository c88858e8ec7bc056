// FsBlobStore: blobs round-trip, keys cannot leave the root folder, deleteEvent removes the crop,
// the thumbnail and the plate crop; applyRetention refuses nonsense options.
import t, { type Test } from 'tap';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsBlobStore, SqliteEventStore, applyRetention, plateKey, snapshotKey, thumbnailKey } from '../../indexer/index.js';

async function tempRoot(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sharpeye-blob-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

t.test('put, get and delete round-trip; missing blobs are undefined', async (t) => {
  const dir = await tempRoot(t);
  const blobs = new FsBlobStore(join(dir, 'snapshots'));
  const data = new Uint8Array([0xff, 0xd8, 1, 2, 3, 0xff, 0xd9]);
  t.equal(await blobs.put(snapshotKey('abc123'), data, 'image/jpeg'), 'abc123.jpg');
  t.same(await blobs.get('abc123.jpg'), data);
  t.equal(await blobs.get('nothing.jpg'), undefined);
  await blobs.delete('abc123.jpg');
  await blobs.delete('abc123.jpg');
  t.equal(await blobs.get('abc123.jpg'), undefined);
  t.same(await readdir(join(dir, 'snapshots')), [], 'no temporary files left');
});

t.test('deleteEvent removes the crop, the thumbnail and the plate crop, and nothing else', async (t) => {
  const dir = await tempRoot(t);
  const blobs = new FsBlobStore(dir);
  for (const key of [snapshotKey('e1'), thumbnailKey('e1'), plateKey('e1'), snapshotKey('e2'), thumbnailKey('e2'), plateKey('e2')]) await blobs.put(key, new Uint8Array([1]));
  t.equal(thumbnailKey('e1'), 'e1-frame.jpg');
  t.equal(plateKey('e1'), 'e1-plate.jpg');
  await blobs.deleteEvent('e1');
  t.same((await readdir(dir)).sort(), ['e2-frame.jpg', 'e2-plate.jpg', 'e2.jpg']);
});

t.test('keys that could leave the folder are refused', async (t) => {
  const dir = await tempRoot(t);
  await writeFile(join(dir, 'outside.jpg'), 'x');
  const blobs = new FsBlobStore(join(dir, 'inner'));
  for (const key of ['../outside.jpg', '..', '.hidden', 'a/b.jpg', '/etc/passwd', 'a\\b.jpg', '', 'x..jpg']) {
    await t.rejects(blobs.get(key), { code: 'E_STORE_RECORD_INVALID' }, `get ${JSON.stringify(key)}`);
    await t.rejects(blobs.put(key, new Uint8Array([1])), { code: 'E_STORE_RECORD_INVALID' }, `put ${JSON.stringify(key)}`);
  }
  await t.rejects(blobs.deleteEvent('../outside'), { code: 'E_STORE_RECORD_INVALID' });
  t.throws(() => snapshotKey('a/b'), { code: 'E_STORE_RECORD_INVALID' });
});

t.test('applyRetention checks its options and works without a blob store', async (t) => {
  const store = await SqliteEventStore.open({ path: ':memory:', dimension: 4 });
  t.teardown(() => store.close());
  await t.rejects(applyRetention(store, undefined, { maxAgeMs: -1, nowMs: 0 }), { code: 'E_CONFIG_INVALID' });
  await t.rejects(applyRetention(store, undefined, { maxAgeMs: 1, nowMs: Number.NaN }), { code: 'E_CONFIG_INVALID' });
  t.same(await applyRetention(store, undefined, { maxAgeMs: 1000, nowMs: 5000 }), { events: 0, blobs: 0, ids: [] });
});
