// NodeEventSearch: the node's EventSearch port over its event store, embedders and snapshot blobs.
// Searching by an image embeds the whole picture as the crop with the store's own embedders, so the
// query lives in the store's vector space. Every store call is timed into the search histogram.
import sharp from 'sharp';
import { SharpeyeError, type ObjectEvent, type RgbImage } from '../core/index.js';
import { DEFAULT_MAX_INPUT_PIXELS } from '../ingest/index.js';
import type { EmbedderSet } from '../inference/index.js';
import type { BlobStore, EventFilter, EventPage, EventQuery, EventStore, SimilarHit } from '../indexer/index.js';
import type { EventSearch, SimilarSearchOptions } from './ports.js';
import { secondsSince } from './node-metrics.js';

export interface SearchBackend {
  store: EventStore;
  embedders: EmbedderSet;
  blobs: BlobStore;
}

export class NodeEventSearch implements EventSearch {
  constructor(private readonly backend: SearchBackend | undefined, private readonly observe: (op: string, seconds: number) => void = () => {}) {}

  query(q: EventQuery): Promise<EventPage> {
    return this.#timed('query', (b) => b.store.query(q));
  }

  get(id: string): Promise<ObjectEvent | undefined> {
    return this.#timed('get', (b) => b.store.get(id));
  }

  count(filter: EventFilter): Promise<number> {
    return this.#timed('count', (b) => b.store.count(filter));
  }

  /** The event itself first (score 1), then up to k-1 others, best first. */
  similarToEvent(eventId: string, o: SimilarSearchOptions): Promise<SimilarHit[]> {
    return this.#timed('similar', async (b) => {
      const event = await b.store.get(eventId);
      if (!event) throw new SharpeyeError('E_EVENT_NOT_FOUND', `no stored event '${eventId}' (deleted by retention, or never stored)`, { details: { eventId } });
      const vector = await b.store.getEmbedding(eventId);
      if (!vector) throw new SharpeyeError('E_EVENT_NO_EMBEDDING', `event '${eventId}' has no appearance embedding (its label '${event.label}' is not embedded, or it had no view); search with an image instead`, { details: { eventId } });
      const k = o.k ?? 10;
      const others = k > 1 ? await b.store.similar({ ...filterOf(o), vector, k: k - 1, excludeId: eventId }) : [];
      return [{ event, score: 1 }, ...others];
    });
  }

  /** Decodes `image` (JPEG, PNG, WebP...; at most DEFAULT_MAX_INPUT_PIXELS) and searches with its embedding. E_IMAGE_DECODE, E_INPUT_TOO_LARGE, E_CONFIG_INVALID for a label that is not embedded. */
  similarToImage(image: Uint8Array, o: SimilarSearchOptions & { readonly label?: string }): Promise<SimilarHit[]> {
    return this.#timed('similar', async (b) => {
      if (o.label !== undefined && !b.embedders.embeds(o.label)) {
        throw new SharpeyeError('E_CONFIG_INVALID', `label '${o.label}' is not embedded by this store's configuration (store.embedder.classes)`, { details: { label: o.label } });
      }
      const picture = await decodeImage(image);
      const [vector] = o.label !== undefined
        ? (await b.embedders.embed([{ label: o.label, image: picture }])) as Float32Array[]
        : await b.embedders.embedder(b.embedders.config.default)!.embed([{ image: picture }]);
      return b.store.similar({ ...filterOf(o), vector, k: o.k ?? 10 });
    });
  }

  async image(eventId: string, kind: 'snapshot' | 'thumbnail'): Promise<Uint8Array | undefined> {
    const b = this.#backend();
    const event = await this.get(eventId);
    if (!event) throw new SharpeyeError('E_EVENT_NOT_FOUND', `no stored event '${eventId}'`, { details: { eventId } });
    const key = kind === 'snapshot' ? event.snapshot : event.thumbnail;
    return key === undefined ? undefined : b.blobs.get(key);
  }

  #backend(): SearchBackend {
    if (!this.backend) throw new SharpeyeError('E_STORE_NOT_CONFIGURED', 'this node runs without an event store (config `store`), so events cannot be listed or searched');
    return this.backend;
  }

  async #timed<T>(op: string, fn: (b: SearchBackend) => Promise<T>): Promise<T> {
    const b = this.#backend();
    const start = process.hrtime.bigint();
    try {
      return await fn(b);
    } finally {
      this.observe(op, secondsSince(start));
    }
  }
}

function filterOf(o: SimilarSearchOptions & { label?: string }): EventFilter {
  const { k: _k, label: _label, ...filter } = o;
  return filter;
}

/** Encoded image bytes to packed RGB (EXIF rotation applied); the pixel limit is checked before decoding. */
async function decodeImage(bytes: Uint8Array): Promise<RgbImage> {
  const limit = DEFAULT_MAX_INPUT_PIXELS;
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: limit }).rotate().removeAlpha().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (err) {
    if (/exceeds pixel limit/i.test((err as Error).message)) {
      throw new SharpeyeError('E_INPUT_TOO_LARGE', `the image has more than ${limit} pixels; send a smaller picture`, { cause: err, details: { limit } });
    }
    throw new SharpeyeError('E_IMAGE_DECODE', `the upload is not a readable image (${(err as Error).message}); send a JPEG, PNG or WebP`, { cause: err });
  }
}
