// `sharpeye detect <image...>`: object detection on still images, as a table or JSON.
import { Detector } from '../../inference/index.js';
import { readImageFile } from '../../ingest/index.js';
import { SharpeyeError } from '../../core/index.js';
import type { CliCommand } from '../cli-io.js';
import { parseOptions } from '../parse-options.js';
import { DETECTOR_FLAGS, DETECTOR_HELP, detectorOptionsFrom } from '../detector-options.js';
import { countByLabel, detectionToJson } from '../detection-json.js';

const HELP = `usage: sharpeye detect <image...> [options]

Detects objects in each image. Boxes are [x1, y1, x2, y2] in source-image pixels.

options:
${DETECTOR_HELP}
  --json              print a JSON array: [{ image, width, height, detections: [{ label, score, box }] }]
`;

export const detectCommand: CliCommand = async (argv, io) => {
  const { values, positionals } = parseOptions(argv, { ...DETECTOR_FLAGS, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) { io.stdout.write(HELP); return 0; }
  if (positionals.length === 0) throw new SharpeyeError('E_CONFIG_INVALID', 'no image given; usage: sharpeye detect <image...> [--json]');
  const options = detectorOptionsFrom(values);
  // Decode every image first so a bad file fails before the model is loaded.
  const images = await Promise.all(positionals.map(readImageFile));
  const detector = await Detector.create({ ...options, runner: 'in-thread' });
  try {
    const results = await detector.detectBatch(images);
    const report = positionals.map((image, i) => ({ image, width: images[i].width, height: images[i].height, detections: results[i].map(detectionToJson) }));
    if (values.json) {
      io.stdout.write(JSON.stringify(report, null, 2) + '\n');
    } else {
      for (const r of report) {
        io.stdout.write(`${r.image} (${r.width}x${r.height}): ${r.detections.length} detections ${JSON.stringify(countByLabel(results[report.indexOf(r)]))}\n`);
        for (const d of r.detections) io.stdout.write(`  ${d.label.padEnd(14)} ${d.score.toFixed(2)}  [${d.box.map((v) => Math.round(v)).join(', ')}]\n`);
      }
    }
    return 0;
  } finally {
    await detector.close();
  }
};
