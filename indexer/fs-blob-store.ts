// Snapshots on the local file system: one flat folder of JPEGs named after their event
// (`<eventId>.jpg` crop, `<eventId>-frame.jpg` thumbnail, `<eventId>-plate.jpg` plate crop). Keys are checked so none can leave the folder.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SharpeyeError, makeDirsSync } from '../core/index.js';
import type { BlobStore } from './blob-store.js';

const KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;
const EVENT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,150}$/;

/** Blob key of an event's best crop. */
export const snapshotKey = (eventId: string): string => `${checkEventId(eventId)}.jpg`;
/** Blob key of an event's frame thumbnail. */
export const thumbnailKey = (eventId: string): string => `${checkEventId(eventId)}-frame.jpg`;
/** Blob key of an event's rectified licence plate crop (ObjectEvent.plate.snapshot). */
export const plateKey = (eventId: string): string => `${checkEventId(eventId)}-plate.jpg`;

function checkEventId(id: string): string {
  if (typeof id !== 'string' || !EVENT_ID.test(id)) {
    throw new SharpeyeError('E_STORE_RECORD_INVALID', `event id ${JSON.stringify(id)} cannot name a snapshot: use letters, digits, '_' and '-'`, { details: { id } });
  }
  return id;
}

export class FsBlobStore implements BlobStore {
  readonly root: string;

  /** @param root folder holding the blobs, created on the first write. */
  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Writes atomically (temporary file, then rename) so a reader never sees half a JPEG. Returns the key. */
  async put(key: string, data: Uint8Array, _contentType?: string): Promise<string> {
    const path = this.#path(key);
    const tmp = join(this.root, `.${key}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      makeDirsSync(this.root);
      await writeFile(tmp, data);
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw new SharpeyeError('E_STORE_IO', `cannot write snapshot ${path}: ${(err as Error).message}`, { cause: err, details: { path } });
    }
    return key;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const path = this.#path(key);
    try {
      return new Uint8Array(await readFile(path));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new SharpeyeError('E_STORE_IO', `cannot read snapshot ${path}: ${(err as Error).message}`, { cause: err, details: { path } });
    }
  }

  /** Deleting a missing blob is not an error (retention may run twice). */
  async delete(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }

  async deleteEvent(eventId: string): Promise<void> {
    await Promise.all([this.delete(snapshotKey(eventId)), this.delete(thumbnailKey(eventId)), this.delete(plateKey(eventId))]);
  }

  #path(key: string): string {
    if (typeof key !== 'string' || !KEY.test(key) || key.includes('..')) {
      throw new SharpeyeError('E_STORE_RECORD_INVALID', `blob key ${JSON.stringify(key)} is not a plain file name (letters, digits, '_', '-', '.'; no '..' or '/')`, { details: { key } });
    }
    return join(this.root, key);
  }
}
