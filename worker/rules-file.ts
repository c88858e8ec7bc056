// A rules file for one camera: zones, lines and rules (analytics' schema) plus an optional
// ground-plane calibration of 4 image/ground point pairs, validated together.
import { Type, type Static } from '@sinclair/typebox';
import { configError, readYamlFile, validateConfig, type ReadConfigTextOptions } from '../core/index.js';
import { RULE_SCHEMAS, RulesFileSchema, validateRules, type RulesConfig } from '../analytics/index.js';

const Unit = Type.Number({ minimum: 0, maximum: 1 });

export const CalibrationSchema = Type.Array(Type.Object({
  image: Type.Tuple([Unit, Unit], { description: 'image point, normalised 0..1, origin top-left' }),
  ground: Type.Tuple([Type.Number(), Type.Number()], { description: 'the same spot on the ground in metres: [east, north]' }),
}, { additionalProperties: false }), { minItems: 4, maxItems: 4, description: 'exactly 4 image/ground point pairs' });

export type Calibration = Static<typeof CalibrationSchema>;

/**
 * The whole rules document as one JSON Schema (each rule checked against its type's schema), for
 * editors, the API's request schema and the config reference. Validation itself goes through
 * validateCameraRules, which checks the same shapes plus references (a rule's zone must exist).
 */
export const CameraRulesDocumentSchema = Type.Object({
  ...RulesFileSchema.properties,
  rules: Type.Array(Type.Union(Object.values(RULE_SCHEMAS)), { default: [], description: 'alert and counting rules; each `type` has its own keys (see README "Rules")' }),
  calibration: Type.Optional(CalibrationSchema),
}, { additionalProperties: false, description: 'zones, lines, rules and ground-plane calibration of one camera (coordinates normalised 0..1, origin top-left)' });

/** A validated rules document back in its document shape, e.g. for the API: `{ timezone, zones, lines, rules, calibration? }`. */
export function cameraRulesDocument(r: CameraRules): Static<typeof CameraRulesDocumentSchema> {
  return { ...r.rules, ...(r.calibration ? { calibration: r.calibration } : {}) } as Static<typeof CameraRulesDocumentSchema>;
}

export interface CameraRules {
  rules: RulesConfig;
  calibration?: Calibration;
}

/**
 * Validates a parsed rules document (`calibration` is taken out and checked on its own). An empty
 * document is no rules; anything else that is not a mapping (a list, a line of text) is an error,
 * never silently "no rules".
 */
export function validateCameraRules(value: unknown, source: string): CameraRules {
  if (value === null || value === undefined) return { rules: validateRules({}, source) };
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw configError(source, [{ path: '', message: `a rules file is a mapping with zones, lines, rules and calibration; this one holds ${Array.isArray(value) ? 'a list' : 'a single value (a text file?)'}` }]);
  }
  const { calibration, ...rest } = value as Record<string, unknown>;
  const rules = validateRules(rest, source);
  if (calibration === undefined) return { rules };
  return { rules, calibration: validateConfig(Type.Object({ calibration: CalibrationSchema }), { calibration }, source).calibration };
}

/**
 * Reads and validates a rules file (`analyze --rules`): a regular UTF-8 file of at most
 * CONFIG_FILE_MAX_BYTES (or `o.maxBytes`), inside `o.roots` when given. E_CONFIG_INVALID otherwise.
 */
export async function loadRulesFile(path: string, o: ReadConfigTextOptions = {}): Promise<CameraRules> {
  return validateCameraRules(await readYamlFile(path, o), path);
}
