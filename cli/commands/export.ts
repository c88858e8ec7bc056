// `sharpeye export --store SPEC --format gat1400|json|csv [filters] [--out FILE]`: every stored event
// that matches, oldest first, read from the store a page at a time (cursor) and written as it is
// read, so a large export never holds the events in memory. gat1400: README "GA/T 1400 export".
import { once } from 'node:events';
import { createWriteStream, openSync } from 'node:fs';
import { SharpeyeError, type ObjectEvent } from '../../core/index.js';
import { csvHeader, csvRow } from '../../api/index.js';
import {
  checkGat1400DeviceId, checkTimeZone, DEFAULT_GAT1400_TIME_ZONE, gat1400DocumentChunks, Gat1400DocumentSchema,
  type EventFilter, type EventStore, type Gat1400CameraSettings,
} from '../../indexer/index.js';
import { blobStoreFor, loadNodeConfig } from '../../node/index.js';
import type { CliCommand } from '../cli-io.js';
import { parseListOption, parseOptions } from '../parse-options.js';
import { FILTER_FLAGS, FILTER_HELP, filterFrom, openStoreForReading, STORE_FLAGS, STORE_HELP } from '../store-options.js';

const HELP = `usage: sharpeye export --store SPEC [--format gat1400|json|csv] [filters] [--order asc|desc] [--out FILE]
       sharpeye export --print-schema

Writes every stored object event that matches the filters, oldest first (--order desc: newest
first), read from the store a page at a time.
  --format csv       RFC 4180, one row per event (the columns of GET /api/export/events) (default)
  --format json      {"events":[...]}: whole object events
  --format gat1400   GA/T 1400 JSON: {"MotorVehicleListObject":{"MotorVehicleObject":[...]},
                     "NonMotorVehicleListObject":{...},"PersonListObject":{...}}; cars, lorries,
                     buses and motorcycles, bicycles and people (other labels are left out)
  --out FILE         write here instead of stdout (created or replaced)

GA/T 1400 options (README "GA/T 1400 export"):
  --device-id cam=ID[,cam=ID]  a camera's 20-digit DeviceID (default: the config's gat1400DeviceId,
                     else a placeholder derived from the camera id)
  --config FILE      take gat1400DeviceId / gat1400ImageUpBearingDegrees from this serve config
  --time-zone TZ     IANA zone of the 14-digit times (default ${DEFAULT_GAT1400_TIME_ZONE})
  --image-url PREFIX StoragePath = PREFIX + blob key (default: the blob key)
  --embed-images     put the JPEGs in SubImageInfo.Data (base64), read from --snapshots DIR
                     (default: the folder beside a SQLite store)
  --snapshots DIR    where the store's snapshot JPEGs are
  --print-schema     print the JSON Schema of the GA/T 1400 document and exit

${STORE_HELP}
${FILTER_HELP}
`;

/** Store page size while exporting (the store's largest page). */
const PAGE = 1000;

export const exportCommand: CliCommand = async (argv, io) => {
  const { values, positionals } = parseOptions(argv, {
    ...STORE_FLAGS, ...FILTER_FLAGS, format: { type: 'string' }, out: { type: 'string' }, order: { type: 'string' },
    'device-id': { type: 'string' }, config: { type: 'string' }, 'time-zone': { type: 'string' }, 'image-url': { type: 'string' },
    'embed-images': { type: 'boolean' }, snapshots: { type: 'string' }, 'print-schema': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) { io.stdout.write(HELP); return 0; }
  if (values['print-schema']) { io.stdout.write(`${JSON.stringify(Gat1400DocumentSchema, null, 2)}\n`); return 0; }
  if (positionals.length > 0) throw new SharpeyeError('E_CONFIG_INVALID', `export takes no positional arguments, got '${positionals[0]}'; usage: sharpeye export --store SPEC [--format gat1400|json|csv]`);
  const format = values.format ?? 'csv';
  if (format !== 'csv' && format !== 'json' && format !== 'gat1400') throw new SharpeyeError('E_CONFIG_INVALID', `--format must be gat1400, json or csv, got '${format}'`);
  const order = values.order ?? 'asc';
  if (order !== 'asc' && order !== 'desc') throw new SharpeyeError('E_CONFIG_INVALID', `--order must be asc or desc, got '${order}'`);
  const filter = filterFrom(values);
  const timeZone = checkTimeZone(values['time-zone'] ?? DEFAULT_GAT1400_TIME_ZONE, '--time-zone');
  const cameras = await cameraSettings(values['device-id'], values.config);
  const store = await openStoreForReading(values, 'export');
  try {
    await store.query({ ...filter, order, limit: 1 }); // a bad filter fails before --out is created
    const pages = (labels?: readonly string[]) => eachEvent(store, labels ? { ...filter, labels } : filter, order);
    let chunks: AsyncIterable<string>;
    if (format === 'csv') chunks = csvChunks(pages());
    else if (format === 'json') chunks = jsonChunks(pages());
    else {
      const blobs = values['embed-images'] ? blobStoreFor(values.store!, values.snapshots) : undefined;
      const prefix = values['image-url'];
      chunks = gat1400DocumentChunks(pages, {
        timeZone, labels: filter.labels, camera: (id) => cameras.get(id),
        ...(prefix !== undefined ? { storagePath: (key: string) => `${prefix}${key}` } : {}),
        ...(blobs ? { readImage: (key: string) => blobs.get(key) } : {}),
      });
    }
    const bytes = await writeAll(chunks, values.out ? openOut(values.out) : io.stdout, values.out !== undefined);
    if (values.out) io.stderr.write(`exported ${format} to ${values.out} (${bytes} bytes)\n`);
    return 0;
  } finally {
    await store.close();
  }
};

/** Per-camera GA/T 1400 settings: the config's, then --device-id on top. */
async function cameraSettings(deviceIds: string | undefined, configPath: string | undefined): Promise<Map<string, Gat1400CameraSettings>> {
  const out = new Map<string, Gat1400CameraSettings>();
  if (configPath !== undefined) {
    const config = await loadNodeConfig(configPath);
    for (const c of config.cameras) {
      out.set(c.id, {
        ...(c.gat1400DeviceId !== undefined ? { deviceId: c.gat1400DeviceId } : {}),
        ...(c.gat1400ImageUpBearingDegrees !== undefined ? { imageUpBearingDegrees: c.gat1400ImageUpBearingDegrees } : {}),
      });
    }
  }
  for (const pair of parseListOption(deviceIds) ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new SharpeyeError('E_CONFIG_INVALID', `--device-id takes camera=DEVICEID pairs, got '${pair}'`);
    const camera = pair.slice(0, eq);
    out.set(camera, { ...out.get(camera), deviceId: checkGat1400DeviceId(pair.slice(eq + 1), `--device-id ${camera}`) });
  }
  return out;
}

/** Every matching event, PAGE at a time by cursor. */
async function* eachEvent(store: EventStore, filter: EventFilter, order: 'asc' | 'desc'): AsyncGenerator<ObjectEvent> {
  let cursor: string | undefined;
  do {
    const page = await store.query({ ...filter, order, limit: PAGE, cursor });
    yield* page.events;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}

async function* csvChunks(events: AsyncIterable<ObjectEvent>): AsyncGenerator<string> {
  yield csvHeader();
  for await (const e of events) yield csvRow(e);
}

async function* jsonChunks(events: AsyncIterable<ObjectEvent>): AsyncGenerator<string> {
  yield '{"events":[';
  let first = true;
  for await (const e of events) {
    yield `${first ? '' : ',\n'}${JSON.stringify(e)}`;
    first = false;
  }
  yield ']}\n';
}

/** Opens --out (created or replaced) so an unwritable path fails with a clear message. */
function openOut(path: string): NodeJS.WritableStream {
  try {
    return createWriteStream('', { fd: openSync(path, 'w') });
  } catch (err) {
    throw new SharpeyeError('E_CONFIG_INVALID', `cannot write --out ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Writes the chunks with backpressure; ends the stream and waits until it is flushed when it is a file.
 * Returns the bytes written. When stdout's reader goes away (`| head`: EPIPE) the export stops
 * quietly, as a Unix filter does; any other write error is thrown.
 */
async function writeAll(chunks: AsyncIterable<string>, sink: NodeJS.WritableStream, end: boolean): Promise<number> {
  let bytes = 0;
  let failed: NodeJS.ErrnoException | undefined;
  const onError = (err: NodeJS.ErrnoException) => { failed ??= err; };
  sink.on('error', onError);
  try {
    for await (const chunk of chunks) {
      if (failed) break;
      bytes += Buffer.byteLength(chunk);
      // (once() rejects on 'error'; onError has recorded it and the loop stops on its next turn.)
      if (!sink.write(chunk)) await Promise.race([once(sink, 'drain'), once(sink, 'close')]).catch(() => undefined);
    }
    if (failed?.code === 'EPIPE' && !end) return bytes;
    if (failed) throw failed;
    if (end) {
      sink.end();
      await once(sink, 'finish');
    }
    return bytes;
  } finally {
    // After a failure the listener stays: the stream may report more of the same, which is known.
    if (!failed) sink.off('error', onError);
  }
}
