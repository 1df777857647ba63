import type { Config } from '../../config.ts';
import { maskIdNumber, maskMobile } from '../../domain/identity/index.ts';
import { seal } from '../../lib/pii.ts';

/** The columns of `volunteers` a bulk write fills (the demo load, imports); the rest keep their defaults. */
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

/**
 * The identity columns of a bulk-written volunteer row, sealed and masked as the registration
 * service stores them (`sealedColumns`). Absent values give nulls, which an update through
 * `coalesce` reads as "keep what is there".
 */
export function sealedIdentityRow(
  config: Config,
  pii: { doc?: { type: string; value: string } | null; phone?: string | null; guardian?: { name: string; phone: string } | null },
  guardianConsentAt: string | Date | null,
) {
  const doc = pii.doc ? seal(config.piiKeys, pii.doc.value) : null;
  const phone = pii.phone ? seal(config.piiKeys, pii.phone) : null;
  const guardianPhone = pii.guardian ? seal(config.piiKeys, pii.guardian.phone) : null;
  return {
    doc_type: pii.doc?.type ?? null,
    doc_cipher: doc?.cipher ?? null,
    doc_key_version: doc?.keyVersion ?? null,
    doc_masked: pii.doc ? maskIdNumber(pii.doc.value) : null,
    phone_cipher: phone?.cipher ?? null,
    phone_key_version: phone?.keyVersion ?? null,
    phone_masked: pii.phone ? maskMobile(pii.phone) : null,
    guardian_name: pii.guardian?.name ?? null,
    guardian_phone_cipher: guardianPhone?.cipher ?? null,
    guardian_phone_key_version: guardianPhone?.keyVersion ?? null,
    guardian_phone_masked: pii.guardian ? maskMobile(pii.guardian.phone) : null,
    guardian_consent_at: pii.guardian ? guardianConsentAt : null,
  };
}
