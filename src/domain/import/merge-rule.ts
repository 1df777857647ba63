/**
 * What happens to a volunteer's record when another platform's row says something about the
 * same person (same ID number). The rule, documented in docs/import.md:
 *
 * 1. An empty value never replaces anything.
 * 2. A value fills a field that is empty on the record.
 * 3. Lists (skills, languages, service categories) are united; nothing already listed goes.
 * 4. When both have a value and they differ, the record keeps its own and the import report
 *    lists the field with both values. The record is what a person confirmed on Volunet, or
 *    what arrived first; a person or an office decides the difference, never the import order.
 *
 * Applying the rule twice changes nothing the second time, so re-imports and resumed imports
 * end where an uninterrupted one does.
 */
export interface MergeSnapshot {
  name: string;
  sex: string | null;
  birthDate: string | null;
  /** Compared through the blind index; shown masked. */
  phoneIndex: string | null;
  phoneMasked: string | null;
  areaCode: string;
  politicalStatus: string | null;
  /** null: the file does not say. */
  cadre: boolean | null;
  education: string | null;
  occupation: string | null;
  schoolName: string | null;
  schoolType: string | null;
  skills: { code: string }[];
  languages: { code: string; level: string }[];
  serviceCategories: string[];
}

export interface Conflict {
  field: string;
  kept: string;
  offered: string;
}

const SCALARS = [
  'name',
  'sex',
  'birthDate',
  'areaCode',
  'politicalStatus',
  'education',
  'occupation',
  'schoolName',
  'schoolType',
] as const satisfies readonly (keyof MergeSnapshot)[];

export function mergeRule<T extends MergeSnapshot>(
  record: T,
  row: MergeSnapshot,
): { patch: Partial<MergeSnapshot>; conflicts: Conflict[] } {
  const patch: Partial<MergeSnapshot> = {};
  const conflicts: Conflict[] = [];
  for (const field of SCALARS) {
    const offered = row[field];
    const kept = record[field];
    if (offered === null || offered === '' || offered === kept) continue;
    if (kept === null || kept === '') (patch as Record<string, unknown>)[field] = offered;
    else conflicts.push({ field, kept: String(kept), offered: String(offered) });
  }
  // A record's "not a cadre" is also what it says when nobody said (the column's default), so a
  // platform's "yes" fills it; its "no" against the record's "yes" is a conflict like any other.
  if (row.cadre === true && record.cadre !== true) patch.cadre = true;
  else if (row.cadre === false && record.cadre === true) conflicts.push({ field: 'cadre', kept: 'true', offered: 'false' });
  if (row.phoneIndex && row.phoneIndex !== record.phoneIndex) {
    if (!record.phoneIndex) Object.assign(patch, { phoneIndex: row.phoneIndex, phoneMasked: row.phoneMasked });
    else conflicts.push({ field: 'phone', kept: record.phoneMasked ?? '', offered: row.phoneMasked ?? '' });
  }

  const newSkills = row.skills.filter((s) => !record.skills.some((k) => k.code === s.code));
  if (newSkills.length) patch.skills = [...record.skills, ...newSkills];

  const newLanguages = row.languages.filter((l) => !record.languages.some((k) => k.code === l.code));
  for (const l of row.languages) {
    const kept = record.languages.find((k) => k.code === l.code);
    if (kept && kept.level !== l.level) conflicts.push({ field: `languages.${l.code}`, kept: kept.level, offered: l.level });
  }
  if (newLanguages.length) patch.languages = [...record.languages, ...newLanguages];

  const newCategories = row.serviceCategories.filter((c) => !record.serviceCategories.includes(c));
  if (newCategories.length) patch.serviceCategories = [...record.serviceCategories, ...newCategories];
  return { patch, conflicts };
}
