import type { Config, PiiKeys } from '../../config.ts';
import { maskIdNumber, maskMobile } from '../../platform/masking.ts';
import { seal } from '../../platform/pii.ts';

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
  'cadre',
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

/** The sealed columns of one kind of personal data, as a bulk write fills them. */
export function sealedDoc(keys: PiiKeys, doc: { type: string; value: string }) {
  const sealed = seal(keys, doc.value);
  return { doc_type: doc.type, doc_cipher: sealed.cipher, doc_key_version: sealed.keyVersion, doc_masked: maskIdNumber(doc.value) };
}

export function sealedPhone(keys: PiiKeys, phone: string) {
  const sealed = seal(keys, phone);
  return { phone_cipher: sealed.cipher, phone_key_version: sealed.keyVersion, phone_masked: maskMobile(phone) };
}

export function sealedGuardian(keys: PiiKeys, guardian: { name: string; phone: string }) {
  const sealed = seal(keys, guardian.phone);
  return {
    guardian_name: guardian.name,
    guardian_phone_cipher: sealed.cipher,
    guardian_phone_key_version: sealed.keyVersion,
    guardian_phone_masked: maskMobile(guardian.phone),
  };
}

export type SealedDoc = ReturnType<typeof sealedDoc>;
export type SealedPhone = ReturnType<typeof sealedPhone>;
export type SealedGuardian = ReturnType<typeof sealedGuardian>;

const NO_DOC: { [K in keyof SealedDoc]: null } = { doc_type: null, doc_cipher: null, doc_key_version: null, doc_masked: null };
const NO_PHONE: { [K in keyof SealedPhone]: null } = { phone_cipher: null, phone_key_version: null, phone_masked: null };
const NO_GUARDIAN: { [K in keyof SealedGuardian]: null } = {
  guardian_name: null,
  guardian_phone_cipher: null,
  guardian_phone_key_version: null,
  guardian_phone_masked: null,
};

/**
 * The identity columns of a bulk-written volunteer row from fragments sealed beforehand (an
 * import seals in its worker threads). Absent fragments give nulls, which an update through
 * `coalesce` reads as "keep what is there".
 */
export function identityColumns(
  sealed: { doc?: SealedDoc; phone?: SealedPhone; guardian?: SealedGuardian },
  guardianConsentAt: string | Date | null,
) {
  return {
    ...(sealed.doc ?? NO_DOC),
    ...(sealed.phone ?? NO_PHONE),
    ...(sealed.guardian ?? NO_GUARDIAN),
    guardian_consent_at: sealed.guardian ? guardianConsentAt : null,
  };
}

/** The identity columns of a bulk-written volunteer row, sealed and masked as the registration service stores them. */
export function sealedIdentityRow(
  config: Config,
  pii: { doc?: { type: string; value: string } | null; phone?: string | null; guardian?: { name: string; phone: string } | null },
  guardianConsentAt: string | Date | null,
) {
  const keys = config.piiKeys;
  return identityColumns(
    {
      doc: pii.doc ? sealedDoc(keys, pii.doc) : undefined,
      phone: pii.phone ? sealedPhone(keys, pii.phone) : undefined,
      guardian: pii.guardian ? sealedGuardian(keys, pii.guardian) : undefined,
    },
    guardianConsentAt,
  );
}
