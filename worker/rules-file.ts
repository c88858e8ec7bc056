// A rules file for one camera: zones, lines and rules (analytics' schema) plus an optional
// ground-plane calibration of 4 image/ground point pairs, validated together.
import { Type, type Static } from '@sinclair/typebox';
import { readYamlFile, validateConfig } from '../core/index.js';
import { validateRules, type RulesConfig } from '../analytics/index.js';

const Unit = Type.Number({ minimum: 0, maximum: 1 });

export const CalibrationSchema = Type.Array(Type.Object({
  image: Type.Tuple([Unit, Unit], { description: 'image point, normalised 0..1, origin top-left' }),
  ground: Type.Tuple([Type.Number(), Type.Number()], { description: 'the same spot on the ground in metres: [east, north]' }),
}, { additionalProperties: false }), { minItems: 4, maxItems: 4, description: 'exactly 4 image/ground point pairs' });

export type Calibration = Static<typeof CalibrationSchema>;

export interface CameraRules {
  rules: RulesConfig;
  calibration?: Calibration;
}

/** Validates a parsed rules document (`calibration` is taken out and checked on its own). */
export function validateCameraRules(value: unknown, source: string): CameraRules {
  const { calibration, ...rest } = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const rules = validateRules(rest, source);
  if (calibration === undefined) return { rules };
  return { rules, calibration: validateConfig(Type.Object({ calibration: CalibrationSchema }), { calibration }, source).calibration };
}

export async function loadRulesFile(path: string): Promise<CameraRules> {
  return validateCameraRules(await readYamlFile(path), path);
}
