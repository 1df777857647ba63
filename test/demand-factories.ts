import { eq } from 'drizzle-orm';
import type { Db } from '../src/db/client.ts';
import { areas, beneficiaries } from '../src/db/schema.ts';
import { maskAddress } from '../src/domain/beneficiaries/beneficiary-rules.ts';
import type { BeneficiaryKind } from '../src/domain/requests/catalog.ts';
import { maskMobile } from '../src/platform/masking.ts';
import { blindIndex, seal } from '../src/platform/pii.ts';
import { buildArea } from './factories.ts';
import { testConfig } from './helpers/app.ts';

let keys: ReturnType<typeof testConfig>['piiKeys'] | undefined;
/** The run's PII keys (TEST_PII_KEYS), as every test app of the run holds them. */
const piiKeys = () => {
  keys ??= testConfig().piiKeys;
  return keys;
};

let sequence = 0;

export interface BeneficiaryOptions {
  areaCode: string;
  name?: string;
  kind?: BeneficiaryKind;
  phone?: string | null;
  contactPhone?: string | null;
  /** Default: an address in the community. null: none on record. */
  address?: string | null;
  lat?: number | null;
  lng?: number | null;
  accountId?: string | null;
  stationId?: string | null;
  status?: 'active' | 'inactive';
}

/**
 * A person served, straight into the table, sealed and indexed with TEST_PII_KEYS like the
 * beneficiaries service does: phone, contact phone and address sealed, masked forms beside them.
 */
export async function buildBeneficiary(db: Db, options: BeneficiaryOptions) {
  // Only a missing area is made: an existing one (the demo city's) keeps its name.
  const [known] = await db.select({ code: areas.code }).from(areas).where(eq(areas.code, options.areaCode));
  if (!known) await buildArea(db, options.areaCode);
  const k = piiKeys();
  const n = ++sequence;
  const phone = options.phone === undefined ? `1380000${String(n).padStart(4, '0')}` : options.phone;
  const address = options.address === undefined ? `文三路${100 + n}号 ${n}幢 301室` : options.address;
  const sealedPhone = phone ? seal(k, phone) : null;
  const sealedContact = options.contactPhone ? seal(k, options.contactPhone) : null;
  const sealedAddress = address ? seal(k, address) : null;
  const [row] = await db
    .insert(beneficiaries)
    .values({
      name: options.name ?? `服务对象${n}`,
      kind: options.kind ?? 'elderly_alone',
      areaCode: options.areaCode,
      phoneCipher: sealedPhone?.cipher,
      phoneKeyVersion: sealedPhone?.keyVersion,
      phoneIndex: phone ? blindIndex(k, 'phone', phone) : null,
      phoneMasked: phone ? maskMobile(phone) : null,
      contactName: options.contactPhone ? '家属' : null,
      contactPhoneCipher: sealedContact?.cipher,
      contactPhoneKeyVersion: sealedContact?.keyVersion,
      contactPhoneIndex: options.contactPhone ? blindIndex(k, 'phone', options.contactPhone) : null,
      contactPhoneMasked: options.contactPhone ? maskMobile(options.contactPhone) : null,
      addressCipher: sealedAddress?.cipher,
      addressKeyVersion: sealedAddress?.keyVersion,
      addressMasked: address ? maskAddress(address) : null,
      lat: options.lat === undefined ? 30.27 : options.lat,
      lng: options.lng === undefined ? 120.13 : options.lng,
      consentAt: new Date(),
      consentBy: 'self',
      accountId: options.accountId ?? null,
      stationId: options.stationId ?? null,
      status: options.status ?? 'active',
    })
    .returning();
  return { ...row, phone, address };
}
