// A GA/T 1400 export as JSON text in chunks: the three list envelopes
//   {"MotorVehicleListObject":{"MotorVehicleObject":[...]},
//    "NonMotorVehicleListObject":{"NonMotorVehicleObject":[...]},
//    "PersonListObject":{"PersonObject":[...]}}
// written one kind after the other, each from its own pass over the source (the store, a page at a
// time), so memory stays flat however many events match.
import type { ObjectEvent } from '../../core/index.js';
import { checkTimeZone, DEFAULT_GAT1400_TIME_ZONE } from './gat1400-ids.js';
import { GAT1400_KIND_LABELS, toGat1400, type Gat1400ImageData, type Gat1400Kind, type Gat1400MappingOptions, type Gat1400Picture } from './gat1400-objects.js';

/** Events whose label is one of `labels`, in the export's order (e.g. store pages, filters applied). */
export type Gat1400EventSource = (labels: readonly string[]) => AsyncIterable<ObjectEvent>;

export interface Gat1400DocumentOptions extends Gat1400MappingOptions {
  /** Only these labels (the export's label filter); absent: every label of the three kinds. */
  readonly labels?: readonly string[];
  /** Reads a picture (blob key) to embed as base64 Data; absent: pictures are referenced only. */
  readImage?(key: string): Promise<Uint8Array | undefined>;
}

const KINDS: readonly Gat1400Kind[] = ['MotorVehicle', 'NonMotorVehicle', 'Person'];

/** The labels of `kind` that the export asks for. */
export function gat1400LabelsFor(kind: Gat1400Kind, labels?: readonly string[]): string[] {
  return GAT1400_KIND_LABELS[kind].filter((l) => labels === undefined || labels.includes(l));
}

/**
 * The document's text in chunks (ends with a newline). `source` is asked once per kind with that
 * kind's labels (never with an empty list: a kind with no asked label is written empty). Throws
 * E_CONFIG_INVALID for an unknown time zone before the first chunk.
 */
export async function* gat1400DocumentChunks(source: Gat1400EventSource, o: Gat1400DocumentOptions = {}): AsyncGenerator<string> {
  const options: Gat1400DocumentOptions = { ...o, timeZone: checkTimeZone(o.timeZone ?? DEFAULT_GAT1400_TIME_ZONE, 'timeZone') };
  for (const [i, kind] of KINDS.entries()) {
    yield `${i === 0 ? '{' : '},'}"${kind}ListObject":{"${kind}Object":[`;
    const labels = gat1400LabelsFor(kind, o.labels);
    let first = true;
    if (labels.length > 0) {
      for await (const e of source(labels)) {
        const record = toGat1400(e, options, options.readImage ? await imagesOf(e, options.readImage) : {});
        if (record === undefined || record.kind !== kind) continue;
        yield `${first ? '' : ',\n'}${JSON.stringify(record.object)}`;
        first = false;
      }
    }
    yield ']';
  }
  yield '}}\n';
}

async function imagesOf(e: ObjectEvent, read: (key: string) => Promise<Uint8Array | undefined>): Promise<Gat1400ImageData> {
  const keys: Array<[Gat1400Picture, string | undefined]> = [['snapshot', e.snapshot], ['thumbnail', e.thumbnail], ['plate', e.plate?.snapshot]];
  const out: Gat1400ImageData = {};
  for (const [picture, key] of keys) {
    if (key === undefined) continue;
    const bytes = await read(key);
    if (bytes) out[picture] = bytes;
  }
  return out;
}
