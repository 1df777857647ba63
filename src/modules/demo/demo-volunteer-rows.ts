import type { Config } from '../../config.ts';
import type { Row } from '../../db/bulk-insert.ts';
import { formatVolunteerNo, maskIdNumber, maskMobile } from '../../domain/identity/index.ts';
import { checkRegistration } from '../../domain/volunteers/registration.ts';
import { seal } from '../../lib/pii.ts';
import { identityIndexes } from '../volunteers/volunteers.service.ts';
import type { DemoPerson } from './demo-people.ts';

/** The columns of `volunteers` the demo writes; the rest keep their defaults. */
export const VOLUNTEER_COLUMNS = [
  'id',
  'volunteer_no',
  'account_id',
  'name',
  'sex',
  'birth_date',
  'doc_type',
  'doc_cipher',
  'doc_key_version',
  'doc_index',
  'doc_masked',
  'phone_cipher',
  'phone_key_version',
  'phone_index',
  'phone_masked',
  'name_phone_index',
  'area_code',
  'political_status',
  'education',
  'occupation',
  'school_name',
  'school_type',
  'skills',
  'languages',
  'service_categories',
  'availability',
  'guardian_name',
  'guardian_phone_cipher',
  'guardian_phone_key_version',
  'guardian_phone_masked',
  'guardian_consent_at',
  'consent_at',
  'registered_via',
  'created_at',
  'updated_at',
] as const;

export const SOURCE_COLUMNS = ['source', 'external_id', 'volunteer_id', 'first_seen_at', 'last_seen_at'] as const;

/**
 * A demo person as the registration service would store them: the same rules
 * (`checkRegistration`: ID checksum, birth date and sex from the ID, guardian for minors),
 * the same sealing and the same blind indexes, in bulk instead of one row at a time.
 */
export function volunteerRow(
  config: Config,
  today: string,
  person: DemoPerson,
  ids: { id: string; sequence: number; accountId: string | null },
): Row<typeof VOLUNTEER_COLUMNS> {
  const { value: r, issues } = checkRegistration(person.input, today);
  if (!r) throw new Error(`demo person ${person.index} breaks the registration rules: ${JSON.stringify(issues)}`);
  const doc = seal(config.piiKeys, r.docValue);
  const phone = seal(config.piiKeys, r.phone);
  const guardianPhone = r.guardian ? seal(config.piiKeys, r.guardian.phone) : null;
  const indexes = identityIndexes(config, r);
  const p = person.profile;
  return {
    id: ids.id,
    volunteer_no: formatVolunteerNo(r.areaCode.slice(0, 4), ids.sequence),
    account_id: ids.accountId,
    name: r.name,
    sex: r.sex,
    birth_date: r.birthDate,
    doc_type: r.docType,
    doc_cipher: doc.cipher,
    doc_key_version: doc.keyVersion,
    doc_index: indexes.docIndex,
    doc_masked: maskIdNumber(r.docValue),
    phone_cipher: phone.cipher,
    phone_key_version: phone.keyVersion,
    phone_index: indexes.phoneIndex,
    phone_masked: maskMobile(r.phone),
    name_phone_index: indexes.namePhoneIndex,
    area_code: r.areaCode,
    political_status: p.politicalStatus ?? null,
    education: p.education ?? null,
    occupation: p.occupation ?? null,
    school_name: p.schoolName ?? null,
    school_type: p.schoolType ?? null,
    skills: p.skills ?? [],
    languages: p.languages ?? [],
    service_categories: p.serviceCategories ?? [],
    availability: p.availability ?? 0,
    guardian_name: r.guardian?.name ?? null,
    guardian_phone_cipher: guardianPhone?.cipher ?? null,
    guardian_phone_key_version: guardianPhone?.keyVersion ?? null,
    guardian_phone_masked: r.guardian ? maskMobile(r.guardian.phone) : null,
    guardian_consent_at: r.guardian ? person.registeredAt : null,
    consent_at: person.registeredAt,
    registered_via: person.registeredVia,
    created_at: person.registeredAt,
    updated_at: person.registeredAt,
  };
}

export function sourceRows(person: DemoPerson, volunteerId: string): Row<typeof SOURCE_COLUMNS>[] {
  return person.sources.map((s) => ({
    source: s.source,
    external_id: s.externalId,
    volunteer_id: volunteerId,
    first_seen_at: s.firstSeenAt,
    last_seen_at: s.lastSeenAt,
  }));
}
