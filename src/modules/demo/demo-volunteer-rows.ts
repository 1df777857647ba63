import type { Config } from '../../config.ts';
import type { Row } from '../../db/bulk-insert.ts';
import { formatVolunteerNo } from '../../domain/identity/index.ts';
import { checkRegistration } from '../../domain/volunteers/registration.ts';
import { identityIndexes, sealedIdentityRow, type VOLUNTEER_COLUMNS } from '../volunteers/index.ts';
import type { DemoPerson } from './demo-people.ts';

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
  const indexes = identityIndexes(config, r);
  const p = person.profile;
  return {
    id: ids.id,
    volunteer_no: formatVolunteerNo(r.areaCode.slice(0, 4), ids.sequence),
    account_id: ids.accountId,
    name: r.name,
    sex: r.sex,
    birth_date: r.birthDate,
    ...sealedIdentityRow(
      config,
      { doc: { type: r.docType, value: r.docValue }, phone: r.phone, guardian: r.guardian },
      person.registeredAt,
    ),
    doc_index: indexes.docIndex,
    phone_index: indexes.phoneIndex,
    name_phone_index: indexes.namePhoneIndex,
    area_code: r.areaCode,
    political_status: p.politicalStatus ?? null,
    // Set afterwards for some party members (seed-history): the demo's people have no flag of their own.
    cadre: false,
    education: p.education ?? null,
    occupation: p.occupation ?? null,
    school_name: p.schoolName ?? null,
    school_type: p.schoolType ?? null,
    skills: p.skills ?? [],
    languages: p.languages ?? [],
    service_categories: p.serviceCategories ?? [],
    availability: p.availability ?? 0,
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
