import { toHalfWidth } from '../identity/text.ts';

/**
 * The one rule for the place a volunteer sees before being assigned (条例 Art 21: only what the task
 * needs): the road or compound, never a house, building, lane or room number. Addresses come typed
 * in any way (full-width digits, Chinese numerals, no number at all), so the rule cuts at the first
 * thing that looks like a number or a door, keeps only up to the last road/compound word before it,
 * and falls back to the area's name when nothing of the kind is left.
 */
const NUMERAL = '0-9零一二三四五六七八九十百千两〇';
/** A number, or a word that introduces one (号, 弄, 幢, 栋, 室, 单元, 楼). */
const DOOR = new RegExp(`[${NUMERAL}]+|号|弄|幢|栋|室|单元|楼`, 'g');
const STARTS_NUMERAL = new RegExp(`^[${NUMERAL}]`);
/** A numeral that is part of a road's or compound's own name (文三路, 朝晖二区) is not a door. */
const NAMED_BY_NUMBER = /^[路街巷道村区]/;
/** Words that end a road's or a compound's name. */
const NAME_END = /路|街|巷|道|村|区|苑|园|里|坊|府|湾|庭|城|寓|院|厦|场|居|邸|墅/g;

export function maskPlace(address: string, areaName: string): string {
  const s = toHalfWidth(address).replace(/\s+/g, '');
  let cut = s.length;
  for (const m of s.matchAll(DOOR)) {
    const end = (m.index ?? 0) + m[0].length;
    if (STARTS_NUMERAL.test(m[0]) && NAMED_BY_NUMBER.test(s.slice(end))) continue;
    cut = m.index ?? 0;
    break;
  }
  const head = s.slice(0, cut);
  let keep = 0;
  for (const m of head.matchAll(NAME_END)) keep = (m.index ?? 0) + m[0].length;
  const kept = head.slice(0, keep);
  return `${kept || areaName.trim()}…`;
}
