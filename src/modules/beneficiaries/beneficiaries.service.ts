import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { Action, ScopedResource } from '../../domain/auth/policy.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { beneficiaryIssues, birthYearRange, maskAddress } from '../../domain/beneficiaries/beneficiary-rules.ts';
import { normalizeMobile } from '../../domain/identity/index.ts';
import type { BeneficiaryKind } from '../../domain/requests/catalog.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { todayInChina } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/messages.ts';
import { maskMobile, maskName } from '../../platform/masking.ts';
import { blindIndex, seal, unseal } from '../../platform/pii.ts';
import { authorize, may } from '../../platform/policy.ts';
import { existingCodes } from '../areas/index.ts';
import * as q from './beneficiaries.queries.ts';

type Ctx = AuditContext & { actor: Actor };

interface Issue {
  field: string;
  rule: string;
  messageKey: MessageKey;
  params?: Record<string, string | number>;
}

const invalid = (issues: Issue[]) => new AppError('VALIDATION', 'error.validation', {}, issues);

export interface BeneficiaryInput {
  name: string;
  kind: BeneficiaryKind;
  birthYear?: number | null;
  areaCode: string;
  address?: string | null;
  lat?: number | null;
  lng?: number | null;
  phone?: string | null;
  contactName?: string | null;
  contactRelation?: string | null;
  contactPhone?: string | null;
  notes?: string | null;
  consentBy: 'self' | 'guardian' | 'office';
  stationId?: string | null;
}

export const scopeOf = (b: Pick<q.BeneficiaryRow, 'areaCode' | 'stationId' | 'accountId'>): ScopedResource => ({
  areaCode: b.areaCode,
  stationId: b.stationId,
  accountId: b.accountId,
});

/** What showing one person checks: reading, and what the screen may offer next. */
export const DETAIL_ACTIONS = ['beneficiary.read', 'beneficiary.readPii', 'beneficiary.manage'] as const satisfies readonly Action[];

/** The record as screens and the API show it: phones and address masked, sealed values never. */
export function toBeneficiary(b: q.BeneficiaryRow, actor: Actor) {
  const scope = scopeOf(b);
  // Without the PII permission (a station keeper, an auditor): where they live to about a kilometre, the contact's name masked.
  const pii = may(actor, 'beneficiary.readPii', scope);
  const near = (x: number | null) => (x === null || pii ? x : Math.round(x * 100) / 100);
  return {
    id: b.id,
    name: b.name,
    kind: b.kind,
    birthYear: b.birthYear,
    areaCode: b.areaCode,
    addressMasked: b.addressMasked,
    lat: near(b.lat),
    lng: near(b.lng),
    phoneMasked: b.phoneMasked,
    contactName: b.contactName && !pii ? maskName(b.contactName) : b.contactName,
    contactRelation: b.contactRelation,
    contactPhoneMasked: b.contactPhoneMasked,
    hasNotes: b.notesCipher !== null,
    consentBy: b.consentBy,
    consentAt: b.consentAt.toISOString(),
    stationId: b.stationId,
    ownAccount: b.accountId !== null,
    status: b.status,
    createdAt: b.createdAt.toISOString(),
    mayRevealPii: pii,
    mayEdit: may(actor, 'beneficiary.manage', scope),
  };
}

export type Beneficiary = ReturnType<typeof toBeneficiary>;

/** Past requests with who served them (names masked: the caller hears only enough to recognise them). */
export async function historyFor(db: Db, ids: string[], perPerson = 20) {
  return (await q.historyOf(db, ids, perPerson)).map((h) => ({
    id: h.id,
    beneficiaryId: h.beneficiaryId,
    requestNo: h.requestNo,
    categoryCode: h.categoryCode,
    categoryNameZh: h.categoryNameZh,
    categoryNameEn: h.categoryNameEn,
    date: h.windowStart.toISOString(),
    status: h.status,
    channel: h.channel,
    servedBy: h.servedBy.map((name) => maskName(name)),
    rating: h.rating,
  }));
}

async function loadInScope(db: Db, actor: Actor, id: string, action: Action) {
  const row = await q.findBeneficiary(db, id);
  if (!row) throw notFound('entity.beneficiary');
  authorize(actor, action, scopeOf(row), 'entity.beneficiary');
  return row;
}

/** The record if the actor may read it, else undefined (for a caller that answers both the same way). */
export async function readable(db: Db, actor: Actor, id: string) {
  const row = await q.findBeneficiary(db, id);
  return row && may(actor, 'beneficiary.read', scopeOf(row)) ? row : undefined;
}

export async function getBeneficiary(db: Db, actor: Actor, id: string) {
  const row = await loadInScope(db, actor, id, 'beneficiary.read');
  return { ...toBeneficiary(row, actor), history: await historyFor(db, [id]) };
}

export async function ownBeneficiary(db: Db, actor: Actor) {
  const row = await q.byAccount(db, actor.accountId);
  if (!row) throw notFound('entity.beneficiary');
  authorize(actor, 'beneficiary.read', scopeOf(row), 'entity.beneficiary');
  return toBeneficiary(row, actor);
}

export async function searchBeneficiaries(
  db: Db,
  config: Config,
  actor: Actor,
  f: { phone?: string; q?: string; within?: string; page: number; pageSize: number },
) {
  let phoneIndex: string | undefined;
  if (f.phone !== undefined) {
    const phone = normalizeMobile(f.phone);
    if (!phone) throw invalid([{ field: 'phone', rule: 'mobile', messageKey: 'beneficiary.badPhone' }]);
    phoneIndex = blindIndex(config.piiKeys, 'phone', phone);
  }
  const { items, total } = await q.listBeneficiaries(db, actor, { ...f, phoneIndex });
  return { items: items.map((b) => toBeneficiary(b, actor)), total };
}

/** The people a caller's number belongs to (their own phone or a family contact's), within the actor's reach. */
export async function findByPhone(db: Db, config: Config, actor: Actor, phone: string) {
  return q.byPhoneIndex(db, actor, blindIndex(config.piiKeys, 'phone', phone));
}

type Sealable = Pick<BeneficiaryInput, 'phone' | 'contactPhone' | 'address' | 'notes'>;

/** Phones must be mobile numbers; each is kept normalized, so its blind index finds it whatever way it was typed. */
function normalizedPhones(input: Sealable, issues: Issue[]) {
  const out: { phone?: string | null; contactPhone?: string | null } = {};
  for (const field of ['phone', 'contactPhone'] as const) {
    const raw = input[field];
    if (raw === undefined) continue;
    if (raw === null || raw.trim() === '') {
      out[field] = null;
      continue;
    }
    const phone = normalizeMobile(raw);
    if (!phone) issues.push({ field, rule: 'mobile', messageKey: 'beneficiary.badPhone' });
    out[field] = phone ?? null;
  }
  return out;
}

/** The sealed, indexed and masked columns for the personal fields given (undefined: unchanged, null or '': erased). */
function sealedColumns(config: Config, input: Sealable, phones: { phone?: string | null; contactPhone?: string | null }) {
  const cols: Partial<q.NewBeneficiary> = {};
  const sealOr = (v: string | null) => (v ? seal(config.piiKeys, v) : null);
  if (phones.phone !== undefined) {
    const s = sealOr(phones.phone);
    cols.phoneCipher = s?.cipher ?? null;
    cols.phoneKeyVersion = s?.keyVersion ?? null;
    cols.phoneIndex = phones.phone ? blindIndex(config.piiKeys, 'phone', phones.phone) : null;
    cols.phoneMasked = phones.phone ? maskMobile(phones.phone) : null;
  }
  if (phones.contactPhone !== undefined) {
    const s = sealOr(phones.contactPhone);
    cols.contactPhoneCipher = s?.cipher ?? null;
    cols.contactPhoneKeyVersion = s?.keyVersion ?? null;
    cols.contactPhoneIndex = phones.contactPhone ? blindIndex(config.piiKeys, 'phone', phones.contactPhone) : null;
    cols.contactPhoneMasked = phones.contactPhone ? maskMobile(phones.contactPhone) : null;
  }
  if (input.address !== undefined) {
    const address = input.address?.trim() || null;
    const s = sealOr(address);
    cols.addressCipher = s?.cipher ?? null;
    cols.addressKeyVersion = s?.keyVersion ?? null;
    cols.addressMasked = address ? maskAddress(address) : null;
  }
  if (input.notes !== undefined) {
    const s = sealOr(input.notes?.trim() || null);
    cols.notesCipher = s?.cipher ?? null;
    cols.notesKeyVersion = s?.keyVersion ?? null;
  }
  return cols;
}

const RULE_MESSAGES: Record<string, MessageKey> = {
  'phone:reachable': 'beneficiary.unreachable',
  'consentBy:guardian': 'beneficiary.guardianConsent',
  'birthYear:range': 'beneficiary.birthYearRange',
};

async function checkArea(db: Db, actor: Actor, areaCode: string, scope: ScopedResource, issues: Issue[], checkScope = true) {
  if (areaCode.length !== 12) issues.push({ field: 'areaCode', rule: 'level', messageKey: 'beneficiary.areaLevel' });
  else if (!(await existingCodes(db, [areaCode])).has(areaCode)) {
    issues.push({ field: 'areaCode', rule: 'exists', messageKey: 'beneficiary.areaMissing', params: { code: areaCode } });
  } else if (checkScope && !may(actor, 'beneficiary.manage', scope)) {
    issues.push({ field: 'areaCode', rule: 'scope', messageKey: 'beneficiary.areaOutOfScope', params: { code: areaCode } });
  }
}

function ruleIssues(facts: Parameters<typeof beneficiaryIssues>[0]): Issue[] {
  const year = Number(todayInChina().slice(0, 4));
  return beneficiaryIssues(facts, year).map((i) => ({
    ...i,
    messageKey: RULE_MESSAGES[`${i.field}:${i.rule}`],
    params: birthYearRange(year),
  }));
}

/** A station keeper registers walk-ins for their own station; anyone else may name a station in reach. */
function stationFor(actor: Actor, input: BeneficiaryInput): string | null {
  if (input.stationId) return input.stationId;
  const keeper = actor.grants.find((g) => g.role === 'station_keeper' && g.stationId);
  return keeper && !isOffice(actor) ? (keeper.stationId as string) : null;
}

const isOffice = (actor: Actor) => actor.grants.some((g) => g.role !== 'station_keeper' && g.role !== 'resident' && g.role !== 'volunteer');

/**
 * A station named by a resident registering themselves (they register at none), or by a station
 * keeper other than their own: either would put the record in someone else's care.
 */
function stationIssue(actor: Actor, stationId: string | undefined | null, self: boolean): Issue | undefined {
  if (!stationId) return undefined;
  const kept = actor.grants.filter((g) => g.role === 'station_keeper').map((g) => g.stationId);
  const foreign = self || (kept.length > 0 && !isOffice(actor) && !kept.includes(stationId));
  return foreign ? { field: 'stationId', rule: 'scope', messageKey: 'beneficiary.stationOutOfScope' } : undefined;
}

/**
 * A resident's own record carries their own phone, the one their account signs in with (compared by
 * blind index): else the real owner of a number, calling the hotline, would be shown this record as theirs.
 */
async function checkOwnPhone(db: Db, config: Config, actor: Actor, phone: string | null | undefined, issues: Issue[]) {
  if (!phone) return;
  const own = await q.accountPhoneIndex(db, actor.accountId);
  if (own !== blindIndex(config.piiKeys, 'phone', phone))
    issues.push({ field: 'phone', rule: 'ownPhone', messageKey: 'beneficiary.ownPhone' });
}

/**
 * Registers a person served, on their (or a guardian's) consent. A resident registering
 * themselves gets the record linked to their account: one per account.
 */
export async function createBeneficiary(db: Db, config: Config, ctx: Ctx, input: BeneficiaryInput) {
  const stationId = stationFor(ctx.actor, input);
  const staff = may(ctx.actor, 'beneficiary.manage', { areaCode: input.areaCode, stationId });
  const self = !staff && ctx.actor.grants.some((g) => g.role === 'resident');
  const accountId = self ? ctx.actor.accountId : null;
  if (self && (await q.byAccount(db, ctx.actor.accountId))) throw new AppError('CONFLICT', 'beneficiary.oneForAccount');
  const issues: Issue[] = [];
  const station = stationIssue(ctx.actor, input.stationId, self);
  if (station) issues.push(station);
  // A refused station explains the refusal; the area is then checked only for existing.
  await checkArea(db, ctx.actor, input.areaCode, { areaCode: input.areaCode, stationId, accountId }, issues, !station);
  const phones = normalizedPhones(input, issues);
  issues.push(
    ...ruleIssues({
      kind: input.kind,
      birthYear: input.birthYear,
      consentBy: input.consentBy,
      hasPhone: !!phones.phone,
      hasContactPhone: !!phones.contactPhone,
      hasAddress: !!input.address?.trim(),
    }),
  );
  if (self) await checkOwnPhone(db, config, ctx.actor, phones.phone, issues);
  if (stationId && !station && !(await q.stationExists(db, stationId))) {
    issues.push({ field: 'stationId', rule: 'exists', messageKey: 'beneficiary.stationMissing' });
  }
  if (issues.length) throw invalid(issues);
  const id = await db.transaction(async (tx) => {
    const id = await q.insertBeneficiary(tx, {
      name: input.name,
      kind: input.kind,
      birthYear: input.birthYear ?? null,
      areaCode: input.areaCode,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      contactName: input.contactName || null,
      contactRelation: input.contactRelation || null,
      consentBy: input.consentBy,
      consentAt: new Date(),
      accountId,
      stationId,
      createdBy: ctx.actor.accountId,
      ...sealedColumns(config, input, phones),
    });
    await recordAudit(tx, ctx, {
      action: 'beneficiary.create',
      entityType: 'beneficiary',
      entityId: id,
      areaCode: input.areaCode,
      summary: { kind: input.kind, consentBy: input.consentBy, self, stationId },
    });
    return id;
  });
  return toBeneficiary((await q.findBeneficiary(db, id)) as q.BeneficiaryRow, ctx.actor);
}

export async function updateBeneficiary(db: Db, config: Config, ctx: Ctx, id: string, patch: Partial<BeneficiaryInput>) {
  const before = await loadInScope(db, ctx.actor, id, 'beneficiary.manage');
  const issues: Issue[] = [];
  const areaCode = patch.areaCode ?? before.areaCode;
  if (patch.areaCode && patch.areaCode !== before.areaCode) {
    await checkArea(db, ctx.actor, patch.areaCode, { ...scopeOf(before), areaCode: patch.areaCode }, issues);
  }
  const phones = normalizedPhones(patch, issues);
  if (before.accountId === ctx.actor.accountId) await checkOwnPhone(db, config, ctx.actor, phones.phone, issues);
  const has = (after: string | null | undefined, cipher: string | null) => (after === undefined ? cipher !== null : !!after?.trim());
  issues.push(
    ...ruleIssues({
      kind: patch.kind ?? before.kind,
      birthYear: patch.birthYear === undefined ? before.birthYear : patch.birthYear,
      consentBy: patch.consentBy ?? before.consentBy,
      hasPhone: has(phones.phone, before.phoneCipher),
      hasContactPhone: has(phones.contactPhone, before.contactPhoneCipher),
      hasAddress: has(patch.address, before.addressCipher),
    }),
  );
  if (issues.length) throw invalid(issues);
  const { phone: _p, contactPhone: _c, address: _a, notes: _n, stationId: _s, ...plain } = patch;
  const changed = Object.keys(patch).filter((k) => patch[k as keyof BeneficiaryInput] !== undefined);
  await db.transaction(async (tx) => {
    await q.updateBeneficiary(tx, id, {
      ...Object.fromEntries(Object.entries(plain).filter(([, v]) => v !== undefined)),
      ...(patch.consentBy && patch.consentBy !== before.consentBy ? { consentAt: new Date() } : {}),
      ...sealedColumns(config, patch, phones),
    });
    // Which fields changed, never their values: the audit log holds no personal data.
    await recordAudit(tx, ctx, { action: 'beneficiary.update', entityType: 'beneficiary', entityId: id, areaCode, summary: { changed } });
  });
  return getBeneficiary(db, ctx.actor, id);
}

/** Unmasked phones, address and care notes: a separate permission, and each look is audited. */
export async function revealPii(db: Db, config: Config, ctx: Ctx, id: string) {
  const b = await loadInScope(db, ctx.actor, id, 'beneficiary.readPii');
  const open = (cipher: string | null, keyVersion: number | null) =>
    cipher && keyVersion ? unseal(config.piiKeys, { cipher, keyVersion }) : null;
  const pii = {
    phone: open(b.phoneCipher, b.phoneKeyVersion),
    contactPhone: open(b.contactPhoneCipher, b.contactPhoneKeyVersion),
    address: open(b.addressCipher, b.addressKeyVersion),
    notes: open(b.notesCipher, b.notesKeyVersion),
  };
  await recordAudit(db, ctx, {
    action: 'beneficiary.readPii',
    entityType: 'beneficiary',
    entityId: id,
    areaCode: b.areaCode,
    summary: { fields: Object.entries(pii).flatMap(([k, v]) => (v === null ? [] : [k])) },
  });
  return pii;
}
