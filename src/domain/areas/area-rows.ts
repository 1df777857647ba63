import type { MessageKey } from '../../http/messages.ts';
import { type AreaLevel, levelOfCode, normalizeAreaCode, parentCodeOf } from './area-code.ts';

export interface AreaInput {
  code: string;
  name: string;
  nameEn: string | null;
  level: AreaLevel;
  parentCode: string | null;
  population: number;
  lat: number | null;
  lng: number | null;
}

export interface RowIssue {
  row: number;
  field: string;
  rule: string;
  messageKey: MessageKey;
  params?: Record<string, string | number>;
}

export const AREA_COLUMNS = ['code', 'name', 'name_en', 'level', 'population', 'lat', 'lng'] as const;
export const REQUIRED_AREA_COLUMNS = ['code', 'name'] as const;

function optionalNumber(raw: string | undefined): number | null | 'invalid' {
  const text = raw?.trim() ?? '';
  if (text === '') return null;
  const value = Number(text.replace(/,/g, ''));
  return Number.isFinite(value) ? value : 'invalid';
}

/**
 * Checks every row of an area list and reports every problem with its row and field; returns
 * inputs only when no row has a problem. `row` numbers count the header as row 1, as a
 * spreadsheet shows them. `isKnown` says whether an area code already exists in the database;
 * `mayWrite` whether the actor may write an area with that code.
 */
export function validateAreaRows(
  rows: Record<string, string | undefined>[],
  isKnown: (code: string) => boolean,
  mayWrite: (code: string) => boolean,
): { inputs: AreaInput[]; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const inputs: AreaInput[] = [];
  const firstRowOf = new Map<string, number>();
  const inFile = new Set<string>();
  rows.forEach((r) => {
    const code = normalizeAreaCode(r.code ?? '');
    if (code) inFile.add(code);
  });

  rows.forEach((raw, index) => {
    const row = index + 2;
    const issue = (field: string, rule: string, messageKey: MessageKey, params?: Record<string, string | number>) =>
      issues.push({ row, field, rule, messageKey, params });
    const before = issues.length;

    const codeText = raw.code?.trim() ?? '';
    const code = normalizeAreaCode(codeText);
    if (!codeText) issue('code', 'required', 'area.required');
    else if (!code) issue('code', 'format', 'area.badCode');
    else if (firstRowOf.has(code)) issue('code', 'unique', 'area.duplicateInFile', { code, first: firstRowOf.get(code) ?? 0 });
    else if (!mayWrite(code)) issue('code', 'scope', 'error.notFound', { entity: 'entity.area' });
    if (code && !firstRowOf.has(code)) firstRowOf.set(code, row);

    const name = raw.name?.trim() ?? '';
    if (!name) issue('name', 'required', 'area.required');

    const level = code ? levelOfCode(code) : undefined;
    const givenLevel = raw.level?.trim();
    if (level && givenLevel && givenLevel !== level) {
      issue('level', 'matches_code', 'area.levelMismatch', { level: givenLevel, expected: level });
    }

    const parent = code ? parentCodeOf(code) : undefined;
    if (parent && !inFile.has(parent) && !isKnown(parent)) issue('code', 'parent_exists', 'area.parentMissing', { parent });

    const population = optionalNumber(raw.population);
    if (population === 'invalid' || (typeof population === 'number' && (population < 0 || !Number.isInteger(population)))) {
      issue('population', 'non_negative_integer', 'area.notNumber');
    }
    const lat = optionalNumber(raw.lat);
    const lng = optionalNumber(raw.lng);
    if (lat === 'invalid' || (typeof lat === 'number' && Math.abs(lat) > 90)) issue('lat', 'range', 'area.latRange');
    if (lng === 'invalid' || (typeof lng === 'number' && Math.abs(lng) > 180)) issue('lng', 'range', 'area.lngRange');

    if (issues.length === before && code && level) {
      inputs.push({
        code,
        name: name.slice(0, 100),
        nameEn: raw.name_en?.trim() || null,
        level,
        parentCode: parent ?? null,
        population: (population as number | null) ?? 0,
        lat: lat as number | null,
        lng: lng as number | null,
      });
    }
  });
  // Parents before children, so one ordered insert satisfies the foreign key.
  inputs.sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));
  return { inputs: issues.length ? [] : inputs, issues };
}
