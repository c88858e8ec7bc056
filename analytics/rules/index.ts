// Public surface of analytics/rules: the rules-file schema and loader, and the RuleEngine.
export {
  RulesFileSchema, RULE_SCHEMAS, RULE_TYPES, DAYS, ZoneSchema, LineSchema, PointSchema, TimeWindowSchema,
  ZoneIntrusionRuleSchema, LineCrossingRuleSchema, LoiteringRuleSchema, IllegalParkingRuleSchema,
  StreetOccupationRuleSchema, CrowdingRuleSchema, CongestionRuleSchema, HeavyVehicleRuleSchema,
  type RulesConfig, type RuleConfig, type ZoneConfig, type LineConfig, type TimeWindow, type Day,
  type ZoneIntrusionRuleConfig, type LineCrossingRuleConfig, type LoiteringRuleConfig, type IllegalParkingRuleConfig,
  type StreetOccupationRuleConfig, type CrowdingRuleConfig, type CongestionRuleConfig, type HeavyVehicleRuleConfig,
} from './rules-schema.js';
export { parseRulesYaml, validateRules, type RulesProblem } from './validate-rules.js';
export { TimeZoneClock, inTimeWindow, inSchedule, isValidTimeZone, type LocalTime } from './schedule.js';
export { RuleEngine, type RuleEngineOptions } from './rule-engine.js';
export { alertId } from './alert-lifecycle.js';
export { CAR_BOX_AREA_RATIO, HEAVY_BOX_AREA_RATIO, HEAVY_GROUND_LENGTH_M, MIN_DISTINCT_CARS, HeavyVehicleSize, type SizeVerdict } from './heavy-vehicle-size.js';
export { HEAVY_MIN_SIGHTINGS } from './object-zone-rule.js';
export type {
  RuleOutput, LineCrossingEvent, LineCounts, LineIntervalCount, DirectionCounts, CongestionStatus, CongestionLevel,
} from './rule-output.js';
export { isVehicleLabel } from './rule-frame.js';
