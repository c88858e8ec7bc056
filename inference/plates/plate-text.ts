// What a plate's text says about the plate: whether it is a mainland Chinese plate as printed
// (GA 36-2018 numbering: province character, issuing-authority letter, then 5 symbols, or 6 for
// new-energy plates, or 4 and a suffix character such as 港/澳/学/警/挂), and the plate kind.
import type { PlateKind } from '../../core/index.js';

/** The 31 province-level abbreviations that open a mainland plate (index 1..31 of plate-rec-color's dictionary). */
export const PROVINCE_CHARACTERS = '京沪津渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新';
const P = `[${PROVINCE_CHARACTERS}]`;
// Letters exclude I and O (GA 36), as the recogniser's dictionary does.
const L = '[A-HJ-NP-Z]';
const S = '[A-HJ-NP-Z0-9]';
const MAINLAND = new RegExp(`^${P}${L}(${S}{5}|${S}{6}|${S}{4}[港澳学警挂领使])$`);

/**
 * Whether `text` reads as a mainland plate: a province character, a letter, then five symbols,
 * six (new energy) or four and a suffix character (港, 澳, 学, 警, 挂, 领, 使).
 */
export const isMainlandPlateText = (text: string): boolean => MAINLAND.test(text);

/**
 * The plate kind from what was read and by which recogniser:
 * - the Latin OCR's reads are `latin`;
 * - a mainland text ending in 港 or 澳 is `hk_macao` (a cross-border plate, 粤Z…港);
 * - a mainland text of 8 symbols is `new_energy` (green for cars; large new-energy vehicles have
 *   yellow-green plates, so the colour is not required);
 * - any other mainland text is `mainland`; a text matching none is `other`.
 */
export function plateKind(text: string, recogniser: 'plate_rec_color' | 'cct_xs_v1_global'): PlateKind {
  if (recogniser === 'cct_xs_v1_global') return 'latin';
  if (!isMainlandPlateText(text)) return 'other';
  if (/[港澳]$/.test(text)) return 'hk_macao';
  if ([...text].length === 8) return 'new_energy';
  return 'mainland';
}
