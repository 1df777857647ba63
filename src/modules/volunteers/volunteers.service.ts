import type { Config } from '../../config.ts';
import type { Db, Executor } from '../../db/client.ts';
import type { VolunteerLanguage, VolunteerSkill } from '../../db/schema.ts';
import type { Action } from '../../domain/auth/policy.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { ageGroup, ageOn, formatVolunteerNo } from '../../domain/identity/index.ts';
import { checkRegistration, type Issue, type Registration, type RegistrationInput } from '../../domain/volunteers/registration.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { todayInChina } from '../../platform/clock.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import { maskIdNumber, maskMobile, maskName } from '../../platform/masking.ts';
import { personIndexes, seal, unseal } from '../../platform/pii.ts';
import { authorize, may } from '../../platform/policy.ts';
import { createAccount } from '../accounts/index.ts';
import { existingCodes } from '../areas/index.ts';
import { findAccountByLogin } from '../auth/index.ts';
import { findSelf } from './self.ts';
import * as q from './volunteers.queries.ts';

type Ctx = AuditContext & { actor: Actor };

/** The profile beyond identity: what the person does, speaks and when they are free. */
export interface Profile {
  politicalStatus?: string | null;
  education?: string | null;
  occupation?: string | null;
  schoolName?: string | null;
  schoolType?: 'college' | 'secondary' | 'primary' | null;
  /** A cadre of a party or government organ or public unit (党员干部 when also a CPC member: 60 h a year, docs/kpi.md). */
  cadre?: boolean;
  skills?: VolunteerSkill[];
  languages?: VolunteerLanguage[];
  serviceCategories?: string[];
  availability?: number;
}

const validation = (issues: Issue[]) => new AppError('VALIDATION', 'error.validation', {}, issues);

/** The keyed hashes identity resolution looks volunteers up by. */
export function identityIndexes(config: Config, r: Pick<Registration, 'docType' | 'docValue' | 'phone' | 'name'>) {
  const { docIndex, ...rest } = personIndexes(config.piiKeys, r.name, r.phone, { type: r.docType, value: r.docValue });
  return { ...rest, docIndex: docIndex as string };
}

async function checkProfile(db: Executor, profile: Profile): Promise<Issue[]> {
  const issues: Issue[] = [];
  const codes = (profile.skills ?? []).map((s) => s.code);
  const known = await q.knownSkillCodes(db, codes);
  codes.forEach((code, i) => {
    if (!known.has(code)) issues.push({ field: `skills.${i}.code`, rule: 'exists', messageKey: 'field.unknownCode', params: { code } });
  });
  if (profile.schoolName && !profile.schoolType)
    issues.push({ field: 'schoolType', rule: 'required', messageKey: 'volunteer.schoolTypeRequired' });
  return issues;
}

/** Checks identity and profile together, so a form learns every problem at once. */
async function checkAll(db: Executor, input: RegistrationInput, profile: Profile) {
  const { value, issues } = checkRegistration(input, todayInChina());
  issues.push(...(await checkProfile(db, profile)));
  if (value && !(await existingCodes(db, [value.areaCode])).has(value.areaCode)) {
    issues.push({ field: 'areaCode', rule: 'exists', messageKey: 'volunteer.areaMissing', params: { code: value.areaCode } });
  }
  if (issues.length || !value) throw validation(issues);
  return value;
}

/** The sealed and hashed columns of a registration: personal data never rests in clear text. */
function sealedColumns(config: Config, r: Registration) {
  const doc = seal(config.piiKeys, r.docValue);
  const phone = seal(config.piiKeys, r.phone);
  const guardianPhone = r.guardian ? seal(config.piiKeys, r.guardian.phone) : undefined;
  return {
    name: r.name,
    sex: r.sex,
    birthDate: r.birthDate,
    docType: r.docType,
    docCipher: doc.cipher,
    docKeyVersion: doc.keyVersion,
    docMasked: maskIdNumber(r.docValue),
    phoneCipher: phone.cipher,
    phoneKeyVersion: phone.keyVersion,
    phoneMasked: maskMobile(r.phone),
    areaCode: r.areaCode,
    guardianName: r.guardian?.name ?? null,
    guardianPhoneCipher: guardianPhone?.cipher ?? null,
    guardianPhoneKeyVersion: guardianPhone?.keyVersion ?? null,
    guardianPhoneMasked: r.guardian ? maskMobile(r.guardian.phone) : null,
    guardianConsentAt: r.guardian ? new Date() : null,
    ...identityIndexes(config, r),
  };
}

export async function insertRegistration(
  db: Executor,
  config: Config,
  r: Registration,
  profile: Profile,
  extra: { accountId?: string | null; registeredVia: 'self' | 'organization' | 'import' | 'office' },
) {
  const sequence = await q.nextVolunteerSequence(db);
  return q.insertVolunteer(db, {
    ...sealedColumns(config, r),
    ...profile,
    volunteerNo: formatVolunteerNo(r.areaCode.slice(0, 4), sequence),
    accountId: extra.accountId ?? null,
    consentAt: new Date(),
    registeredVia: extra.registeredVia,
  });
}

/**
 * Self-registration: a new account (phone login) and its volunteer in one transaction. A person
 * an organization registered earlier claims that record when the phone on it matches.
 */
export async function registerSelf(
  db: Db,
  config: Config,
  ctx: AuditContext,
  input: RegistrationInput & { password: string; profile: Profile },
) {
  const r = await checkAll(db, input, input.profile);
  const indexes = identityIndexes(config, r);
  if (await findAccountByLogin(db, { phoneIndex: indexes.phoneIndex })) throw fieldError('phone', 'unique', 'volunteer.phoneTaken');
  return db.transaction(async (tx) => {
    const existing = await q.findVolunteer(tx, q.byDocIndex(indexes.docIndex));
    const claimable = existing && !existing.volunteer.accountId && existing.volunteer.phoneIndex === indexes.phoneIndex;
    if (existing && !claimable) throw fieldError('docNumber', 'unique', 'volunteer.alreadyRegistered');
    const accountId = await createAccount(tx, config, ctx, {
      displayName: r.name,
      phone: r.phone,
      password: input.password,
      grants: [{ role: 'volunteer' }],
    });
    const self = { ...ctx, actor: { accountId, displayName: r.name, grants: [{ role: 'volunteer' as const }] } };
    let volunteer: q.VolunteerRow;
    if (existing) {
      await q.updateVolunteer(tx, existing.volunteer.id, { accountId, ...input.profile });
      volunteer = { ...existing.volunteer, accountId };
    } else {
      volunteer = await insertRegistration(tx, config, r, input.profile, { accountId, registeredVia: 'self' });
    }
    await recordAudit(tx, self, {
      action: existing ? 'volunteer.claim' : 'volunteer.register',
      entityType: 'volunteer',
      entityId: volunteer.id,
      areaCode: r.areaCode,
      summary: { volunteerNo: volunteer.volunteerNo, via: 'self', ageGroup: r.ageGroup },
    });
    return volunteer;
  });
}

/** An organization (or an office) registers a person who consented, e.g. at a recruitment desk. */
export async function registerOnBehalf(
  db: Db,
  config: Config,
  ctx: Ctx,
  input: RegistrationInput & { organizationId?: string; profile: Profile },
) {
  authorize(ctx.actor, 'volunteer.register', { organizationId: input.organizationId, areaCode: input.areaCode }, 'entity.volunteer');
  const r = await checkAll(db, input, input.profile);
  const { docIndex } = identityIndexes(config, r);
  return db.transaction(async (tx) => {
    if (await q.findVolunteer(tx, q.byDocIndex(docIndex))) throw fieldError('docNumber', 'unique', 'volunteer.alreadyRegistered');
    const volunteer = await insertRegistration(tx, config, r, input.profile, {
      registeredVia: input.organizationId ? 'organization' : 'office',
    });
    if (input.organizationId) await q.addActiveMember(tx, input.organizationId, volunteer.id);
    await recordAudit(tx, ctx, {
      action: 'volunteer.register',
      entityType: 'volunteer',
      entityId: volunteer.id,
      areaCode: r.areaCode,
      summary: {
        volunteerNo: volunteer.volunteerNo,
        via: input.organizationId ? 'organization' : 'office',
        organizationId: input.organizationId ?? null,
      },
    });
    return volunteer;
  });
}

const scopeOf = (row: { volunteer: q.VolunteerRow; organizationIds: string[] }) => ({
  areaCode: row.volunteer.areaCode,
  organizationIds: row.organizationIds,
  accountId: row.volunteer.accountId,
});

async function loadInScope(db: Executor, actor: Actor, id: string, action: Parameters<typeof authorize>[1]) {
  const row = await q.findVolunteer(db, q.byId(id));
  if (!row || row.volunteer.status === 'merged') throw notFound('entity.volunteer');
  authorize(actor, action, scopeOf(row), 'entity.volunteer');
  return row;
}

/** Under 14, everything about a child is sensitive (PIPL Art 28): others see a masked name only. */
export function isHiddenChild(
  actor: Actor,
  v: { birthDate: string | null; areaCode: string; accountId: string | null },
  organizationIds: string[],
) {
  if (!v.birthDate || ageGroup(ageOn(v.birthDate, todayInChina())) !== 'child') return false;
  return !may(actor, 'volunteer.readChild', { areaCode: v.areaCode, organizationIds, accountId: v.accountId });
}

/** What showing one volunteer checks: reading, the child rule, and what the screen may offer next. */
export const DETAIL_ACTIONS = [
  'volunteer.read',
  'volunteer.readChild',
  'volunteer.readPii',
  'volunteer.update',
  'volunteer.deregister',
] as const satisfies readonly Action[];

export async function getVolunteer(db: Db, actor: Actor, id: string) {
  const row = await loadInScope(db, actor, id, 'volunteer.read');
  const v = row.volunteer;
  const [orgs, sources] = await Promise.all([q.memberships(db, id), q.sourcesOf(db, id)]);
  const hidden = isHiddenChild(actor, v, row.organizationIds);
  return toDetail(v, { hidden, orgs, sources, actor, organizationIds: row.organizationIds });
}

export type VolunteerDetail = ReturnType<typeof toDetail>;

function toDetail(
  v: q.VolunteerRow,
  extra: {
    hidden: boolean;
    orgs: Awaited<ReturnType<typeof q.memberships>>;
    sources: Awaited<ReturnType<typeof q.sourcesOf>>;
    actor: Actor;
    organizationIds: string[];
  },
) {
  const scope = { areaCode: v.areaCode, organizationIds: extra.organizationIds, accountId: v.accountId };
  const age = v.birthDate ? ageOn(v.birthDate, todayInChina()) : null;
  const base = {
    id: v.id,
    volunteerNo: v.volunteerNo,
    status: v.status,
    areaCode: v.areaCode,
    restricted: extra.hidden,
    ageGroup: age === null ? null : ageGroup(age),
    mayRevealPii: !extra.hidden && may(extra.actor, 'volunteer.readPii', scope),
    mayEdit: !extra.hidden && may(extra.actor, 'volunteer.update', scope),
    mayDeregister: may(extra.actor, 'volunteer.deregister', scope) && v.status !== 'deregistered',
  };
  if (extra.hidden) {
    return {
      ...base,
      name: maskName(v.name, 'child'),
      sex: null,
      birthDate: null,
      age: null,
      docType: null,
      docMasked: null,
      phoneMasked: null,
      politicalStatus: null,
      education: null,
      occupation: null,
      schoolName: null,
      schoolType: null,
      cadre: false,
      skills: [],
      languages: [],
      serviceCategories: [],
      availability: 0,
      guardianName: null,
      guardianPhoneMasked: null,
      guardianConsentAt: null,
      registeredVia: v.registeredVia,
      createdAt: v.createdAt.toISOString(),
      organizations: [],
      sources: [],
    };
  }
  return {
    ...base,
    name: v.name,
    sex: v.sex,
    birthDate: v.birthDate,
    age,
    docType: v.docType,
    docMasked: v.docMasked,
    phoneMasked: v.phoneMasked,
    politicalStatus: v.politicalStatus,
    education: v.education,
    occupation: v.occupation,
    schoolName: v.schoolName,
    schoolType: v.schoolType,
    cadre: v.cadre,
    skills: v.skills,
    languages: v.languages,
    serviceCategories: v.serviceCategories,
    availability: v.availability,
    guardianName: v.guardianName,
    guardianPhoneMasked: v.guardianPhoneMasked,
    guardianConsentAt: v.guardianConsentAt?.toISOString() ?? null,
    registeredVia: v.registeredVia,
    createdAt: v.createdAt.toISOString(),
    organizations: extra.orgs.map((o) => ({ ...o, joinedAt: o.joinedAt?.toISOString() ?? null })),
    sources: extra.sources.map((s) => ({ ...s, firstSeenAt: s.firstSeenAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString() })),
  };
}

/** The volunteer of the signed-in account, if it registered as one. */
export async function getOwnVolunteer(db: Db, actor: Actor) {
  const self = await findSelf(db, actor, 'volunteer.read');
  if (!self) throw notFound('entity.volunteer');
  return getVolunteer(db, actor, self.id);
}

/** Unmasked ID and phone numbers: a separate permission, and each look is audited. */
export async function revealPii(db: Db, config: Config, ctx: Ctx, id: string) {
  const row = await loadInScope(db, ctx.actor, id, 'volunteer.readPii');
  const v = row.volunteer;
  if (isHiddenChild(ctx.actor, v, row.organizationIds)) throw notFound('entity.volunteer');
  const open = (cipher: string | null, keyVersion: number | null) =>
    cipher && keyVersion ? unseal(config.piiKeys, { cipher, keyVersion }) : null;
  await recordAudit(db, ctx, {
    action: 'volunteer.readPii',
    entityType: 'volunteer',
    entityId: id,
    areaCode: v.areaCode,
    summary: { fields: ['docNumber', 'phone', ...(v.guardianPhoneCipher ? ['guardian.phone'] : [])] },
  });
  return {
    docNumber: open(v.docCipher, v.docKeyVersion),
    phone: open(v.phoneCipher, v.phoneKeyVersion),
    guardianPhone: open(v.guardianPhoneCipher, v.guardianPhoneKeyVersion),
  };
}

export async function updateProfile(db: Db, ctx: Ctx, id: string, patch: Profile & { areaCode?: string }) {
  const row = await loadInScope(db, ctx.actor, id, 'volunteer.update');
  if (row.volunteer.status === 'deregistered') throw new AppError('RULE_VIOLATION', 'volunteer.notActive');
  const issues = await checkProfile(db, {
    ...patch,
    schoolName: patch.schoolName ?? undefined,
    schoolType: patch.schoolType ?? row.volunteer.schoolType,
  });
  if (patch.areaCode) {
    const known = await existingCodes(db, [patch.areaCode]);
    if (patch.areaCode.length !== 12) issues.push({ field: 'areaCode', rule: 'level', messageKey: 'volunteer.areaLevel' });
    else if (!known.has(patch.areaCode))
      issues.push({ field: 'areaCode', rule: 'exists', messageKey: 'volunteer.areaMissing', params: { code: patch.areaCode } });
  }
  if (issues.length) throw validation(issues);
  await db.transaction(async (tx) => {
    await q.updateVolunteer(tx, id, patch);
    await recordAudit(tx, ctx, {
      action: 'volunteer.update',
      entityType: 'volunteer',
      entityId: id,
      areaCode: patch.areaCode ?? row.volunteer.areaCode,
      summary: { changed: Object.keys(patch) },
    });
  });
  return getVolunteer(db, ctx.actor, id);
}

/**
 * Deregistration (PIPL Art 47): identity, contact and profile are erased; the volunteer number
 * stays so service records remain, anonymized, for the organizations that recorded them.
 */
export async function deregister(db: Db, ctx: Ctx, id: string) {
  const row = await loadInScope(db, ctx.actor, id, 'volunteer.deregister');
  if (row.volunteer.status === 'deregistered') throw new AppError('RULE_VIOLATION', 'volunteer.notActive');
  await db.transaction(async (tx) => {
    await q.anonymize(tx, id);
    await q.endMemberships(tx, id);
    if (row.volunteer.accountId) await q.disableAccount(tx, row.volunteer.accountId);
    await recordAudit(tx, ctx, {
      action: 'volunteer.deregister',
      entityType: 'volunteer',
      entityId: id,
      areaCode: row.volunteer.areaCode,
      summary: { volunteerNo: row.volunteer.volunteerNo, bySelf: row.volunteer.accountId === ctx.actor.accountId },
    });
  });
  return { accountId: row.volunteer.accountId };
}

/** Everything Volunet holds about the signed-in volunteer, unmasked (PIPL Art 45), audited. */
export async function exportOwnData(db: Db, config: Config, ctx: Ctx) {
  const self = await findSelf(db, ctx.actor, 'volunteer.exportSelf');
  if (!self) throw notFound('entity.volunteer');
  const detail = await getVolunteer(db, ctx.actor, self.id);
  const pii = await revealPii(db, config, ctx, self.id);
  return { exportedAt: new Date().toISOString(), volunteer: { ...detail, ...pii } };
}
