// `sharpeye similar --store SPEC (--event ID | --image FILE) [--k 10] [filters]`: objects that look
// like a stored one or like a picture, best first, combined with the same filters as `events`.
import { SharpeyeError, type Box } from '../../core/index.js';
import { readImageFile } from '../../ingest/index.js';
import { SimilarKSchema } from '../../indexer/index.js';
import type { CliCommand } from '../cli-io.js';
import { parseOptions, parseSchemaOption } from '../parse-options.js';
import { FILTER_FLAGS, FILTER_HELP, filterFrom, openEmbedders, openStoreForReading, STORE_FLAGS, STORE_HELP } from '../store-options.js';
import { describe } from './events.js';

const HELP = `usage: sharpeye similar --store SPEC (--event ID | --image FILE [--box x1,y1,x2,y2] [--as LABEL]) [--k 10] [filters] [--json]

Finds stored objects whose appearance is closest to a stored event's or to a picture (the crop in
--box, or the whole image), best first. Scores are cosine similarities (higher = more similar).
With --json prints [{ "id", "score", "camera", "label", "color", "firstSeen", "lastSeen", ... }].
--as picks the embedding model for a picture by label when models differ per class (default: the
default model).

The store must exist: read commands open it read-only and never create one (E_STORE_NOT_FOUND).
Filter lists take at most 1000 values of at most 256 characters each.

${STORE_HELP}
${FILTER_HELP}
`;

export const similarCommand: CliCommand = async (argv, io) => {
  const { values, positionals } = parseOptions(argv, {
    ...STORE_FLAGS, ...FILTER_FLAGS, event: { type: 'string' }, image: { type: 'string' }, box: { type: 'string' }, as: { type: 'string' },
    k: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) { io.stdout.write(HELP); return 0; }
  if (positionals.length > 0 || Boolean(values.event) === Boolean(values.image)) {
    throw new SharpeyeError('E_CONFIG_INVALID', 'similar takes exactly one of --event ID or --image FILE; usage: sharpeye similar --store SPEC (--event ID | --image FILE) [--k 10]');
  }
  const k = parseSchemaOption('k', values.k, SimilarKSchema)!;
  const filter = filterFrom(values);
  const box = values.box === undefined ? undefined : parseBox(values.box);
  const store = await openStoreForReading(values, 'similar');
  try {
    let vector: Float32Array | undefined;
    if (values.event) {
      if (!(await store.get(values.event))) throw new SharpeyeError('E_INPUT_NOT_FOUND', `no event '${values.event}' in ${values.store}`);
      vector = await store.getEmbedding(values.event);
      if (!vector) throw new SharpeyeError('E_INPUT_NOT_FOUND', `event '${values.event}' has no appearance embedding (its label is not embedded, or it had no snapshot); search with --image instead`);
    } else {
      const picture = await readImageFile(values.image!);
      const embedders = await openEmbedders(values);
      try {
        // --as routes the picture to that label's model; without it the default model embeds it.
        if (values.as !== undefined && !embedders.embeds(values.as)) {
          throw new SharpeyeError('E_CONFIG_INVALID', `label '${values.as}' is not embedded by this configuration (--embed-classes)`);
        }
        const crop = { image: picture, box };
        [vector] = values.as !== undefined
          ? (await embedders.embed([{ ...crop, label: values.as }])) as Float32Array[]
          : await embedders.embedder(embedders.config.default)!.embed([crop]);
      } finally {
        await embedders.close();
      }
    }
    const hits = await store.similar({ ...filter, vector, k, excludeId: values.event });
    if (values.json) {
      // `score` is the similarity here; the event's own detection score is kept as detectionScore.
      io.stdout.write(JSON.stringify(hits.map((h) => {
        const { id, score: detectionScore, ...event } = h.event;
        return { id, score: Math.round(h.score * 1e4) / 1e4, ...event, detectionScore };
      })) + '\n');
    } else {
      for (const h of hits) io.stdout.write(`${h.score.toFixed(3)}  ${describe(h.event)}\n`);
      io.stdout.write(`${hits.length} match(es)\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
};

function parseBox(raw: string): Box {
  const parts = raw.split(',').map(Number);
  if (parts.length !== 4 || parts.some((v) => !Number.isFinite(v) || v < 0) || parts[2] <= parts[0] || parts[3] <= parts[1]) {
    throw new SharpeyeError('E_CONFIG_INVALID', `--box must be x1,y1,x2,y2 in image pixels with x2 > x1 and y2 > y1, got '${raw}'`);
  }
  return parts as Box;
}
