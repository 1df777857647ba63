import type { Issue } from '../volunteers/registration.ts';
import type { ImportPerson } from './import-row.ts';
import { type Conflict, type MergeSnapshot, mergeRule } from './merge-rule.ts';

/**
 * Identity resolution for one batch of import rows (一人一档): the same ID number is the same
 * person; a platform's own id keeps pointing at whom it pointed at before; the same name and
 * phone without an ID number to decide is only a candidate for a person to judge; a name alone
 * never decides anything. Pure: the caller looks records up first and writes the plan after.
 */

/**
 * Personal data sealed for writing (ID number, phone, guardian), opaque here: resolution only
 * hands each part to the record that takes it.
 */
export interface SealedPii {
  doc?: object;
  phone?: object;
  guardian?: object;
}

/**
 * A row after the rules, with the keyed hashes it is looked up by and its personal data sealed;
 * the plain ID number and phones do not travel further than the row check.
 */
export interface PreparedRow {
  rowNo: number;
  externalId: string;
  person?: Omit<ImportPerson, 'doc' | 'phone' | 'guardian'>;
  pii?: SealedPii;
  issues: Issue[];
  warnings: Issue[];
  docIndex?: string;
  phoneIndex?: string;
  phoneMasked?: string;
  namePhoneIndex?: string;
}

/** A volunteer as resolution sees it: the mergeable fields and the keys. */
export interface KnownRecord extends MergeSnapshot {
  id: string;
  docIndex: string | null;
  namePhoneIndex: string | null;
  status: string;
  /** Created by this batch: inserted, not updated. */
  isNew: boolean;
  /** Sealed personal data to write: everything for a new record, filled blanks for an old one. */
  pii: SealedPii;
}

export interface Lookups {
  /** externalId (of this source) → volunteer id. */
  links: Map<string, string>;
  /** Every record a row may touch, by id. */
  records: Map<string, KnownRecord>;
  /** docIndex → volunteer id. */
  byDoc: Map<string, string>;
  /** namePhoneIndex → active volunteers with that name and phone. */
  namePhone: Map<string, { id: string; hasDoc: boolean; areaCode: string }[]>;
}

export type Outcome = 'created' | 'merged' | 'unchanged' | 'rejected' | 'candidate';

export interface RowOutcome {
  rowNo: number;
  outcome: Outcome;
  volunteerId?: string;
  externalId: string;
  issues?: Issue[];
  conflicts?: Conflict[];
  warnings?: Issue[];
}

export interface BatchPlan {
  outcomes: RowOutcome[];
  /** Records created or changed, in the state to write. */
  created: KnownRecord[];
  updated: KnownRecord[];
  /** Links to write (new ones) or to mark as seen again (existing ones). */
  links: { externalId: string; volunteerId: string }[];
  candidates: { volunteerId: string; otherId: string; areaCode: string }[];
}

const reject = (row: PreparedRow, issue: Issue): RowOutcome => ({
  rowNo: row.rowNo,
  outcome: 'rejected',
  externalId: row.externalId,
  issues: [issue],
});

function snapshotOf(row: PreparedRow): MergeSnapshot {
  const p = row.person as NonNullable<PreparedRow['person']>;
  return {
    name: p.name,
    sex: p.sex,
    birthDate: p.birthDate,
    phoneIndex: row.phoneIndex ?? null,
    phoneMasked: row.phoneMasked ?? null,
    areaCode: p.areaCode,
    politicalStatus: p.politicalStatus,
    cadre: p.cadre,
    education: p.education,
    occupation: p.occupation,
    schoolName: p.schoolName,
    schoolType: p.schoolType,
    skills: p.skills,
    languages: p.languages,
    serviceCategories: p.serviceCategories,
  };
}

export function resolveBatch(rows: readonly PreparedRow[], known: Lookups, newId: () => string): BatchPlan {
  const plan: BatchPlan = { outcomes: [], created: [], updated: [], links: [], candidates: [] };
  const updated = new Set<KnownRecord>();
  const linked = new Set<string>();
  const link = (externalId: string, volunteerId: string) => {
    known.links.set(externalId, volunteerId);
    if (!linked.has(externalId)) plan.links.push({ externalId, volunteerId });
    linked.add(externalId);
  };

  for (const row of rows) {
    if (!row.person) {
      plan.outcomes.push({
        rowNo: row.rowNo,
        outcome: 'rejected',
        externalId: row.externalId,
        issues: row.issues,
        warnings: row.warnings.length ? row.warnings : undefined,
      });
      continue;
    }
    const linkedId = known.links.get(row.externalId);
    const byLink = linkedId ? known.records.get(linkedId) : undefined;
    const byDoc = row.docIndex ? known.records.get(known.byDoc.get(row.docIndex) ?? '') : undefined;
    // The platform's id and the ID number must not point at two different people.
    if (byLink && byDoc && byLink !== byDoc) {
      plan.outcomes.push(reject(row, { field: 'externalId', rule: 'same_person', messageKey: 'import.externalIdConflict' }));
      continue;
    }
    if (byLink && row.docIndex && byLink.docIndex && byLink.docIndex !== row.docIndex) {
      plan.outcomes.push(reject(row, { field: 'docNumber', rule: 'same_person', messageKey: 'import.externalIdConflict' }));
      continue;
    }
    const record = byLink ?? byDoc;
    if (record && record.status !== 'active') {
      plan.outcomes.push(reject(row, { field: 'docNumber', rule: 'active', messageKey: 'import.notActive' }));
      continue;
    }
    if (record) {
      const { patch, conflicts } = mergeRule(record, snapshotOf(row));
      const changed = Object.keys(patch).length > 0;
      if (changed) Object.assign(record, patch);
      if (patch.phoneIndex) record.pii.phone = row.pii?.phone;
      let docAdded = false;
      if (!record.docIndex && row.docIndex && row.pii?.doc) {
        // A record that had no ID number gets the one this platform knows.
        record.docIndex = row.docIndex;
        record.pii.doc = row.pii.doc;
        known.byDoc.set(row.docIndex, record.id);
        docAdded = true;
      }
      const touched = changed || docAdded;
      if (touched && !record.isNew) updated.add(record);
      const isNewLink = !byLink;
      link(row.externalId, record.id);
      plan.outcomes.push({
        rowNo: row.rowNo,
        outcome: isNewLink || touched ? 'merged' : 'unchanged',
        volunteerId: record.id,
        externalId: row.externalId,
        conflicts: conflicts.length ? conflicts : undefined,
        warnings: row.warnings.length ? row.warnings : undefined,
      });
      continue;
    }
    const created: KnownRecord = {
      ...snapshotOf(row),
      id: newId(),
      docIndex: row.docIndex ?? null,
      namePhoneIndex: row.namePhoneIndex ?? null,
      status: 'active',
      isNew: true,
      pii: { ...row.pii },
    };
    known.records.set(created.id, created);
    if (created.docIndex) known.byDoc.set(created.docIndex, created.id);
    plan.created.push(created);
    link(row.externalId, created.id);
    const others = (known.namePhone.get(row.namePhoneIndex ?? '') ?? []).filter((o) => !o.hasDoc || !created.docIndex);
    for (const other of others) plan.candidates.push({ volunteerId: other.id, otherId: created.id, areaCode: other.areaCode });
    if (row.namePhoneIndex) {
      const list = known.namePhone.get(row.namePhoneIndex) ?? [];
      list.push({ id: created.id, hasDoc: !!created.docIndex, areaCode: created.areaCode });
      known.namePhone.set(row.namePhoneIndex, list);
    }
    plan.outcomes.push({
      rowNo: row.rowNo,
      outcome: others.length ? 'candidate' : 'created',
      volunteerId: created.id,
      externalId: row.externalId,
      warnings: row.warnings.length ? row.warnings : undefined,
    });
  }
  plan.updated = [...updated];
  return plan;
}
