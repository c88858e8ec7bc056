// Snapshots (JPEG crops and thumbnails) live beside the event store, referenced by event id. The
// default keeps them on the local file system; an object store can implement the same interface.
export interface BlobStore {
  put(key: string, data: Uint8Array, contentType?: string): Promise<string>;
  get(key: string): Promise<Uint8Array | undefined>;
  delete(key: string): Promise<void>;
  /** Deletes every blob of an event (crop, thumbnail, plate crop). */
  deleteEvent(eventId: string): Promise<void>;
}
