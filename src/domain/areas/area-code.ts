/**
 * Statistical division codes (GB/T 2260 + township + village): 12 digits in full, of which
 * the significant prefix names the area: 4 digits a city, 6 a district or county, 9 a street
 * or township, 12 a community or village.
 */
export const AREA_LEVELS = ['city', 'district', 'street', 'community'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

const LENGTH_OF_LEVEL: Record<AreaLevel, number> = { city: 4, district: 6, street: 9, community: 12 };
const LEVEL_OF_LENGTH = new Map<number, AreaLevel>(Object.entries(LENGTH_OF_LEVEL).map(([level, length]) => [length, level as AreaLevel]));

export const AREA_CODE_PATTERN = /^(\d{4}|\d{6}|\d{9}|\d{12})$/;

export function levelOfCode(code: string): AreaLevel | undefined {
  if (!AREA_CODE_PATTERN.test(code)) return undefined;
  return LEVEL_OF_LENGTH.get(code.length);
}

export function codeLengthOf(level: AreaLevel): number {
  return LENGTH_OF_LEVEL[level];
}

/** The code of the area one level up, or undefined for a city. */
export function parentCodeOf(code: string): string | undefined {
  const level = levelOfCode(code);
  if (!level || level === 'city') return undefined;
  const parentLevel = AREA_LEVELS[AREA_LEVELS.indexOf(level) - 1];
  return code.slice(0, LENGTH_OF_LEVEL[parentLevel]);
}

/**
 * Accepts a significant prefix or a full 12-digit code padded with zeros
 * ("330102000000" is the district 330102) and returns the significant prefix.
 */
export function normalizeAreaCode(input: string): string | undefined {
  const code = input.trim();
  if (!/^\d+$/.test(code)) return undefined;
  if (code.length === 12) {
    if (code.endsWith('00000000')) return code.slice(0, 4);
    if (code.endsWith('000000')) return code.slice(0, 6);
    if (code.endsWith('000')) return code.slice(0, 9);
    return code;
  }
  return levelOfCode(code) ? code : undefined;
}

/** True when `code` is `scope` itself or lies beneath it in the tree. */
export function isWithinArea(code: string, scope: string): boolean {
  return code.startsWith(scope);
}
