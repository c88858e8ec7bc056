// GA/T 1400 code tables that sharpeye's object events map onto. The standard's texts are not
// public; the codes below are the ones public GA/T 1400 implementations use (sources in README
// "GA/T 1400 export"). Each table maps only what sharpeye can observe; everything else is left out.
import type { PlateColour, PlateInfo, VehicleType } from '../../core/index.js';

/**
 * ColorType (颜色), used by VehicleColor, PlateColor, CoatColor and TrousersColor:
 * 1 black, 2 white, 3 grey, 4 red, 5 blue, 6 yellow, 7 orange, 8 brown, 9 green, 10 purple,
 * 11 cyan, 12 pink, 13 transparent, 99 other. Source: haoxianrui/gat1400 PlateColorEnum.
 * Keyed by sharpeye's 12-colour palette (analytics/attributes/colour-palette.ts): one code each.
 */
export const GAT1400_COLOUR_CODES: Readonly<Record<string, string>> = Object.freeze({
  black: '1', white: '2', gray: '3', red: '4', blue: '5', yellow: '6',
  orange: '7', brown: '8', green: '9', purple: '10', cyan: '11', pink: '12',
});

/** ColorType code of "other": a colour we could not name (null) or one outside the palette. */
export const GAT1400_COLOUR_OTHER = '99';

/** ColorType code of a palette colour; null or unknown colours give 99 (other). */
export function colourCode(colour: string | null | undefined): string {
  return (colour != null && Object.hasOwn(GAT1400_COLOUR_CODES, colour)) ? GAT1400_COLOUR_CODES[colour] : GAT1400_COLOUR_OTHER;
}

/** Plate background colours as ColorType codes (PlateColor uses ColorType, like VehicleColor). */
export const GAT1400_PLATE_COLOUR_CODES: Readonly<Record<PlateColour, string>> = Object.freeze({
  blue: '5', yellow: '6', green: '9', white: '2', black: '1',
});

/**
 * VehicleClass (车辆类型) codes of GA 24.4 (机动车登记信息代码 / vehicle type), chosen per
 * sharpeye VehicleType: car K33 小型轿车, suv_van K31 小型普通客车 (SUVs, MPVs and small vans are
 * registered so; a van could be K39 小型面包车, which box shape cannot tell), bus K11 大型普通客车
 * (a medium bus would be K21), light_goods H31 轻型普通货车, heavy_goods H11 重型普通货车,
 * motorcycle M21 普通二轮摩托车. A bicycle is not a motor vehicle (NonMotorVehicle object, no class).
 */
export const GAT1400_VEHICLE_CLASS_CODES: Readonly<Record<Exclude<VehicleType, 'bicycle'>, string>> = Object.freeze({
  car: 'K33', suv_van: 'K31', bus: 'K11', light_goods: 'H31', heavy_goods: 'H11', motorcycle: 'M21',
});

/** Vehicle class from the finer type, else from a COCO label that settles it (car, bus, motorcycle); a truck without a type gets none. */
export function vehicleClassCode(vehicleType: VehicleType | undefined, label: string): string | undefined {
  if (vehicleType !== undefined && vehicleType !== 'bicycle') return GAT1400_VEHICLE_CLASS_CODES[vehicleType];
  if (label === 'car' || label === 'bus' || label === 'motorcycle') return GAT1400_VEHICLE_CLASS_CODES[label];
  return undefined;
}

/**
 * PlateClass (号牌种类) codes of GA 24.7: 01 大型汽车号牌 (yellow), 02 小型汽车号牌 (blue),
 * 26 香港入出境车号牌, 27 澳门入出境车号牌, 51 大型新能源汽车号牌, 52 小型新能源汽车号牌, 99 其他号牌.
 * From what the reader reports: yellow mainland plates are 01 (lorries, buses: the large-vehicle
 * plate; a yellow learner's plate 16 looks the same), blue 02, green new-energy 52 (the large
 * new-energy plate is yellow-green, a colour the reader does not report), cross-border plates by
 * their last character; anything else (white police/military, black embassy, Latin) 99.
 */
export function plateClassCode(plate: Pick<PlateInfo, 'text' | 'colour' | 'kind'>): string {
  if (plate.kind === 'hk_macao') return plate.text.endsWith('澳') ? '27' : '26';
  if (plate.kind === 'new_energy') return plate.colour === 'yellow' ? '51' : '52';
  if (plate.kind === 'mainland' && plate.colour === 'yellow') return '01';
  if (plate.kind === 'mainland' && plate.colour === 'blue') return '02';
  return '99';
}

/**
 * HDirectionType (水平方向) codes for a direction of travel: 1 west→east, 2 east→west,
 * 3 north→south, 4 south→north, 5 south-west→north-east, 6 north-east→south-west,
 * 7 north-west→south-east, 8 south-east→north-west, 9 other. `bearingDegrees` is the compass
 * bearing the object moves towards (0 north, 90 east); each code covers the 45° sector centred on
 * its heading. Non-finite bearings give undefined.
 */
export function directionCode(bearingDegrees: number | null | undefined): string | undefined {
  if (bearingDegrees == null || !Number.isFinite(bearingDegrees)) return undefined;
  const b = ((bearingDegrees % 360) + 360) % 360;
  const sector = Math.floor((b + 22.5) / 45) % 8; // 0 N, 1 NE, 2 E, 3 SE, 4 S, 5 SW, 6 W, 7 NW
  return ['4', '5', '1', '7', '3', '6', '2', '8'][sector];
}

/**
 * ImageType (图像类型) codes of SubImageInfo.Type used here: 02 车牌彩色小图 (plate crop),
 * 09 车辆特写图 (vehicle close-up), 10 人员图 (person), 12 非机动车图 (non-motor vehicle),
 * 14 场景图 (scene: the frame thumbnail).
 */
export const GAT1400_IMAGE_TYPES = Object.freeze({ plate: '02', vehicle: '09', person: '10', nonMotorVehicle: '12', scene: '14' });

/** InfoKind (信息分类): 0 other, 1 automatic (自动采集), 2 manual. Every sharpeye record is automatic. */
export const GAT1400_INFO_KIND_AUTOMATIC = 1;
