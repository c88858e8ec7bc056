// `sharpeye events --store SPEC [filters]`: lists stored object events, newest first, with cursor
// pagination; `--json` prints a JSON array (and the next cursor on stderr).
import { SharpeyeError, type ObjectEvent } from '../../core/index.js';
import { EventLimitSchema } from '../../indexer/index.js';
import type { CliCommand } from '../cli-io.js';
import { parseOptions, parseSchemaOption } from '../parse-options.js';
import { FILTER_FLAGS, FILTER_HELP, filterFrom, openStoreForReading, STORE_FLAGS, STORE_HELP } from '../store-options.js';

const HELP = `usage: sharpeye events --store SPEC [filters] [--limit 50] [--order desc|asc] [--cursor C] [--json]

Lists stored object events (see README "Object events"), sorted by first sighting.
With --json prints a JSON array of events (id, camera, label, color, firstSeen, lastSeen and the
rest of the record); the cursor of the next page goes to stderr as "next-cursor: C".

The store must exist: read commands open it read-only and never create one (E_STORE_NOT_FOUND).
Filter lists take at most 1000 values of at most 256 characters each. Lines show the plate, vehicle
type and a person's clothing colours (upper/lower), bags and ride when the event has them.

${STORE_HELP}
${FILTER_HELP}
`;

export const eventsCommand: CliCommand = async (argv, io) => {
  const { values, positionals } = parseOptions(argv, {
    ...STORE_FLAGS, ...FILTER_FLAGS, limit: { type: 'string' }, order: { type: 'string' }, cursor: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) { io.stdout.write(HELP); return 0; }
  if (positionals.length > 0) throw new SharpeyeError('E_CONFIG_INVALID', `events takes no positional arguments, got '${positionals[0]}'; usage: sharpeye events --store SPEC [filters]`);
  const order = values.order ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw new SharpeyeError('E_CONFIG_INVALID', `--order must be asc or desc, got '${order}'`);
  const limit = parseSchemaOption('limit', values.limit, EventLimitSchema)!;
  const filter = filterFrom(values);
  const store = await openStoreForReading(values, 'events');
  try {
    const page = await store.query({ ...filter, order, limit, cursor: values.cursor });
    if (values.json) {
      io.stdout.write(JSON.stringify(page.events) + '\n');
    } else {
      for (const e of page.events) io.stdout.write(describe(e) + '\n');
      io.stdout.write(`${page.events.length} event(s)\n`);
    }
    if (page.nextCursor) io.stderr.write(`next-cursor: ${page.nextCursor}\n`);
    return 0;
  } finally {
    await store.close();
  }
};

/** One line per event: id, time, camera, label (colour), duration, zones, then plate, vehicle type and person attributes when present. */
export function describe(e: ObjectEvent): string {
  const when = new Date(e.firstSeen.wallMs).toISOString();
  return `${e.id}  ${when}  ${e.camera}  ${e.label}${e.color ? ` (${e.color})` : ''}  ${e.durationSeconds.toFixed(1)} s${e.zones.length ? `  zones: ${e.zones.join(',')}` : ''}${attributes(e)}`;
}

function attributes(e: ObjectEvent): string {
  const parts: string[] = [];
  if (e.plate) parts.push(`plate: ${e.plate.text}${e.plate.colour ? ` (${e.plate.colour})` : ''}`);
  if (e.vehicleType) parts.push(`type: ${e.vehicleType}`);
  const p = e.person;
  if (p) {
    if (p.upperColor || p.lowerColor) parts.push(`wears: ${p.upperColor ?? '?'}/${p.lowerColor ?? '?'}`);
    if (p.carrying.length > 0) parts.push(`carrying: ${p.carrying.join(',')}`);
    if (p.riding) parts.push(`riding: ${p.riding}`);
  }
  return parts.map((x) => `  ${x}`).join('');
}
