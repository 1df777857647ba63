import type { MessageKey } from '../../platform/i18n/messages.ts';
import { type AreaLevel, levelOfCode, normalizeAreaCode, parentCodeOf } from './area-code.ts';

/** A complete area, as the database holds it. */
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

/**
 * An area as a list gives it: optional fields that are blank or whose column is absent are
 * null, meaning "not given": a new area takes the default, an existing one keeps its value.
 */
export interface AreaRowInput extends Omit<AreaInput, 'population'> {
  population: number | null;
}

export interface RowIssue {
  row: number;
  field: string;
  rule: string;
  messageKey: MessageKey;
  params?: Record<string, string | number>;
}

/** One data row of a list and the line of the file it ends on (the header is line 1). */
export interface AreaRow {
  line: number;
  values: Record<string, string | undefined>;
}

export const REQUIRED_AREA_COLUMNS = ['code', 'name'] as const;
export const MAX_NAME_LENGTH = 100;
export const MAX_POPULATION = 100_000_000;

function optionalNumber(raw: string | undefined): number | null | 'invalid' {
  const text = raw?.trim() ?? '';
  if (text === '') return null;
  const value = Number(text.replace(/,/g, ''));
  return Number.isFinite(value) ? value : 'invalid';
}

/**
 * Checks every row of an area list and reports every problem with its line and field; returns
 * inputs only when no row has a problem, parents before children. `isKnown` says whether an
 * area code already exists in the database; `mayWrite` whether the actor may write it.
 */
export function validateAreaRows(
  rows: AreaRow[],
  isKnown: (code: string) => boolean,
  mayWrite: (code: string) => boolean,
): { inputs: AreaRowInput[]; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const inputs: AreaRowInput[] = [];
  const firstLineOf = new Map<string, number>();
  const inFile = new Set(rows.flatMap((r) => normalizeAreaCode(r.values.code ?? '') ?? []));

  for (const { line: row, values: raw } of rows) {
    const issue = (field: string, rule: string, messageKey: MessageKey, params?: Record<string, string | number>) =>
      issues.push({ row, field, rule, messageKey, params });
    const before = issues.length;

    const codeText = raw.code?.trim() ?? '';
    const code = normalizeAreaCode(codeText);
    if (!codeText) issue('code', 'required', 'area.required');
    else if (!code) issue('code', 'format', 'area.badCode');
    else if (firstLineOf.has(code)) issue('code', 'unique', 'area.duplicateInFile', { code, first: firstLineOf.get(code) ?? 0 });
    else if (!mayWrite(code)) issue('code', 'scope', 'error.notFound', { entity: 'entity.area' });
    if (code && !firstLineOf.has(code)) firstLineOf.set(code, row);

    const name = raw.name?.trim() ?? '';
    if (!name) issue('name', 'required', 'area.required');
    else if (name.length > MAX_NAME_LENGTH) issue('name', 'max_length', 'area.tooLong', { max: MAX_NAME_LENGTH });
    const nameEn = raw.name_en?.trim() || null;
    if (nameEn && nameEn.length > MAX_NAME_LENGTH) issue('name_en', 'max_length', 'area.tooLong', { max: MAX_NAME_LENGTH });

    const level = code ? levelOfCode(code) : undefined;
    const givenLevel = raw.level?.trim();
    if (level && givenLevel && givenLevel !== level) {
      issue('level', 'matches_code', 'area.levelMismatch', { level: givenLevel, expected: level });
    }

    const parent = code ? parentCodeOf(code) : undefined;
    if (parent && !inFile.has(parent) && !isKnown(parent)) issue('code', 'parent_exists', 'area.parentMissing', { parent });

    const population = optionalNumber(raw.population);
    if (
      population === 'invalid' ||
      (population !== null && (population < 0 || population > MAX_POPULATION || !Number.isInteger(population)))
    ) {
      issue('population', 'non_negative_integer', 'area.badPopulation', { max: MAX_POPULATION });
    }
    const lat = optionalNumber(raw.lat);
    const lng = optionalNumber(raw.lng);
    if (lat === 'invalid' || (lat !== null && Math.abs(lat) > 90)) issue('lat', 'range', 'area.latRange');
    if (lng === 'invalid' || (lng !== null && Math.abs(lng) > 180)) issue('lng', 'range', 'area.lngRange');

    if (issues.length === before && code && level) {
      inputs.push({
        code,
        name,
        nameEn,
        level,
        parentCode: parent ?? null,
        population: population as number | null,
        lat: lat as number | null,
        lng: lng as number | null,
      });
    }
  }
  inputs.sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));
  return { inputs: issues.length ? [] : inputs, issues };
}
