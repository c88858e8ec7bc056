// The plate ground truth (test/fixtures-truth/plates.tsv): per fixture image, the plates it shows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlateColour, PlateKind } from '../../core/index.js';
import { image, REPO_ROOT } from './fixtures.js';

export interface ExpectedPlate {
  text: string;
  kind: PlateKind;
  colour: PlateColour | null;
  layers: 1 | 2;
  recogniser: 'plate_rec_color' | 'cct_xs_v1_global';
}

/** Image path (in the fixtures) -> its plates, in file order; images without plates map to []. */
export function plateTruth(): Map<string, ExpectedPlate[]> {
  const truth = new Map<string, ExpectedPlate[]>();
  const text = readFileSync(join(REPO_ROOT, 'test', 'fixtures-truth', 'plates.tsv'), 'utf8');
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [file, plate, kind, colour, layers, recogniser] = line.split('\t');
    const list = truth.get(image(file)) ?? [];
    truth.set(image(file), list);
    if (plate === '-') continue;
    list.push({ text: plate, kind: kind as PlateKind, colour: colour === '-' ? null : colour as PlateColour, layers: Number(layers) as 1 | 2, recogniser: recogniser as ExpectedPlate['recogniser'] });
  }
  return truth;
}
