// `sharpeye detect <image...>`: object detection on still images, as a table or JSON. Images are
// decoded one at a time, so memory is one picture (at most --max-input-pixels) however many are given.
import { Detector, OnnxPlateReader } from '../../inference/index.js';
import { DEFAULT_MAX_INPUT_PIXELS, MAX_INPUT_PIXELS_CEILING, probeImageFile, readImageFile } from '../../ingest/index.js';
import { SharpeyeError } from '../../core/index.js';
import type { CliCommand } from '../cli-io.js';
import { parseIntegerOption, parseOptions } from '../parse-options.js';
import { DETECTOR_FLAGS, DETECTOR_HELP, detectorOptionsFrom } from '../detector-options.js';
import { countByLabel, detectionToJson } from '../../node/index.js';
import { PLATE_FLAGS, PLATE_HELP, plateReaderOptionsFrom, plateToJson, writePlateCrops } from '../plate-options.js';

const HELP = `usage: sharpeye detect <image...> [options]

Detects objects in each image. Boxes are [x1, y1, x2, y2] in source-image pixels.

options:
${DETECTOR_HELP}
${PLATE_HELP}
  --max-input-pixels N  refuse images with more than N pixels (width x height) before decoding them
                      (default ${DEFAULT_MAX_INPUT_PIXELS}, 40 MP; E_INPUT_TOO_LARGE)
  --json              print a JSON array: [{ image, width, height, detections: [{ label, score, box }] }],
                      with --plates also plates: [{ text, confidence, colour, layers, kind, box, corners,
                      detectorScore, recogniser }]
`;

export const detectCommand: CliCommand = async (argv, io) => {
  const { values, positionals } = parseOptions(argv, { ...DETECTOR_FLAGS, ...PLATE_FLAGS, 'max-input-pixels': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) { io.stdout.write(HELP); return 0; }
  if (positionals.length === 0) throw new SharpeyeError('E_CONFIG_INVALID', 'no image given; usage: sharpeye detect <image...> [--json]');
  const options = detectorOptionsFrom(values);
  const plateOptions = plateReaderOptionsFrom(values);
  const limits = {
    maxInputPixels: parseIntegerOption('max-input-pixels', values['max-input-pixels'], DEFAULT_MAX_INPUT_PIXELS, 1, MAX_INPUT_PIXELS_CEILING),
    limitSetting: '--max-input-pixels',
  };
  // Every header is checked first (cheap: no pixels), so a bad or oversized file fails before the model loads.
  for (const path of positionals) await probeImageFile(path, limits);
  const detector = await Detector.create({ ...options, runner: 'in-thread' });
  const plates = plateOptions && await OnnxPlateReader.create({ ...plateOptions, provider: options.provider, runner: 'in-thread' }).catch(async (err: unknown) => {
    await detector.close();
    throw err;
  });
  try {
    const report = [];
    for (const path of positionals) {
      const picture = await readImageFile(path, limits);
      const detections = await detector.detect(picture);
      const readings = plates ? await plates.read(picture) : undefined;
      if (readings && values['plate-crops']) await writePlateCrops(values['plate-crops'], path, readings);
      const entry = { image: path, width: picture.width, height: picture.height, detections: detections.map(detectionToJson), ...(readings ? { plates: readings.map(plateToJson) } : {}) };
      report.push(entry);
      if (values.json) continue;
      io.stdout.write(`${entry.image} (${entry.width}x${entry.height}): ${entry.detections.length} detections ${JSON.stringify(countByLabel(detections))}\n`);
      for (const d of entry.detections) io.stdout.write(`  ${d.label.padEnd(14)} ${d.score.toFixed(2)}  [${d.box.map((v) => Math.round(v)).join(', ')}]\n`);
      for (const r of entry.plates ?? []) io.stdout.write(`  plate ${r.text} ${r.confidence.toFixed(2)}  ${r.colour ?? '-'} ${r.kind} layers ${r.layers}  [${r.box.map((v) => Math.round(v)).join(', ')}] (${r.recogniser})\n`);
    }
    if (values.json) io.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return 0;
  } finally {
    await Promise.all([detector.close(), plates?.close()]);
  }
};
