// EventIndexer: the hand-off from analytics to the indexer. For each object record it embeds the
// best view (when the label is embedded), saves the snapshot JPEGs in the blob store (final
// records), and upserts the record into the event store. Records of one call are embedded in one
// batch. Updates of a live object are upserted too (same id), so searches see it while it lasts.
// A final record with a plate also gets its rectified plate crop saved (`plate.snapshot`).
import type { ObjectEvent, RgbImage } from '../core/index.js';
import { boxInCrop, encodeCropJpeg, encodeSnapshotJpegs, type SnapshotCandidate } from '../analytics/index.js';
import type { EmbedderSet } from '../inference/index.js';
import { plateKey, snapshotKey, thumbnailKey, type BlobStore, type EventRecord, type EventStore } from '../indexer/index.js';
import type { PlatedObjectOutput } from './plates/index.js';

export interface EventIndexerStats {
  indexed: number;
  embedded: number;
  snapshots: number;
}

export class EventIndexer {
  readonly stats: EventIndexerStats = { indexed: 0, embedded: 0, snapshots: 0 };

  constructor(private readonly store: EventStore, private readonly embedders?: EmbedderSet, private readonly blobs?: BlobStore) {}

  /** Indexes object records; returns them with `snapshot`/`thumbnail` set to their blob keys when saved. */
  async index(outputs: readonly PlatedObjectOutput[]): Promise<ObjectEvent[]> {
    if (outputs.length === 0) return [];
    // Only records with a view of the object can be embedded (and only labels the set embeds).
    const withView = outputs.map((o, i) => i).filter((i) => outputs[i].snapshot && this.embedders?.embeds(outputs[i].event.label));
    const vectors: Array<Float32Array | null> = new Array(outputs.length).fill(null);
    if (this.embedders && withView.length > 0) {
      const embedded = await this.embedders.embed(withView.map((i) => ({ label: outputs[i].event.label, image: outputs[i].snapshot!.crop, box: boxInCrop(outputs[i].snapshot!) })));
      withView.forEach((i, k) => { vectors[i] = embedded[k]; });
    }
    const records: EventRecord[] = [];
    const events: ObjectEvent[] = [];
    for (let i = 0; i < outputs.length; i++) {
      let event = outputs[i].event;
      const snap = outputs[i].snapshot;
      if (this.blobs && snap && event.final) {
        event = { ...event, ...(await saveSnapshots(this.blobs, event.id, snap)) };
        this.stats.snapshots++;
      }
      if (this.blobs) event = await withPlateCrop(this.blobs, event, outputs[i].plateCrop);
      const embedding = vectors[i] ?? undefined;
      if (embedding) this.stats.embedded++;
      records.push(embedding ? { event, embedding } : { event });
      events.push(event);
    }
    await this.store.upsert(records);
    this.stats.indexed += records.length;
    return events;
  }
}

/** JPEG quality of plate crops: high, the characters are what matters and the crops are small. */
const PLATE_JPEG_QUALITY = 90;

/**
 * A final record with a plate and its winning read's crop: the crop saved as a JPEG under the
 * event's id, its key in `plate.snapshot`. Anything else comes back unchanged.
 */
export async function withPlateCrop(blobs: BlobStore, event: ObjectEvent, crop: RgbImage | undefined): Promise<ObjectEvent> {
  if (!event.final || !event.plate || !crop) return event;
  const jpeg = await encodeCropJpeg({ crop }, { maxSide: Math.max(crop.width, crop.height), quality: PLATE_JPEG_QUALITY });
  return { ...event, plate: { ...event.plate, snapshot: await blobs.put(plateKey(event.id), jpeg, 'image/jpeg') } };
}

/** Encodes a final record's best view and saves both JPEGs under the event's id; returns their keys. */
export async function saveSnapshots(blobs: BlobStore, eventId: string, snap: SnapshotCandidate): Promise<{ snapshot: string; thumbnail: string }> {
  const jpegs = await encodeSnapshotJpegs(snap);
  return {
    snapshot: await blobs.put(snapshotKey(eventId), jpegs.crop, 'image/jpeg'),
    thumbnail: await blobs.put(thumbnailKey(eventId), jpegs.thumbnail, 'image/jpeg'),
  };
}
