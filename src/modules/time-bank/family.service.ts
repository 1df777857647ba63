import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { ageOn, parseResidentId } from '../../domain/identity/index.ts';
import type { Relation } from '../../domain/time-bank/family.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { todayInChina } from '../../platform/clock.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/messages.ts';
import { maskIdNumber, maskName } from '../../platform/masking.ts';
import { blindIndex, seal } from '../../platform/pii.ts';
import { authorize, scopeFilter } from '../../platform/policy.ts';
import { requireSelf } from '../volunteers/index.ts';
import * as q from './family.queries.ts';

type Ctx = AuditContext & { actor: Actor };

const DOC_RULES: Record<string, MessageKey> = {
  format: 'volunteer.docFormat',
  checksum: 'volunteer.docChecksum',
  birth_date: 'volunteer.docBirthDate',
  area: 'volunteer.docArea',
};

/** A refusal naming the field and the rule (422), in the user's language. */
export const ruleError = (field: string, rule: string, key: MessageKey, params: Record<string, string | number> = {}) =>
  new AppError('RULE_VIOLATION', key, params, [{ field, rule, messageKey: key, params }]);

/** What a relationship shows: the relative's name masked for anyone but the volunteer, the ID number always masked. */
export function presentRelation(r: q.RelationRow, today: string, ownView: boolean) {
  return {
    id: r.id,
    volunteerId: r.volunteer_id,
    volunteerName: ownView ? r.volunteer_name : maskName(r.volunteer_name),
    volunteerNo: r.volunteer_no,
    relativeId: r.relative_id,
    relation: r.relation,
    relativeName: ownView ? r.relative_name : maskName(r.relative_name),
    idNumberMasked: r.doc_masked,
    relativeBirthDate: r.relative_birth_date,
    relativeAge: ageOn(r.relative_birth_date, today),
    areaCode: r.area_code,
    status: r.status,
    remark: r.remark,
    decidedAt: r.decided_at,
    createdAt: r.created_at,
  };
}

/**
 * A volunteer records a relative: the ID number (a resident ID, GB 11643: the age rule needs the birth
 * date it carries) must find a registry person of the same name — only a registry person holds a
 * ledger account — who is not the volunteer. Sealed, masked and indexed like a volunteer's own.
 */
export async function recordRelation(db: Db, config: Config, ctx: Ctx, input: { relation: Relation; name: string; idNumber: string }) {
  const me = await requireSelf(db, ctx.actor, 'timeBank.family');
  const today = todayInChina();
  const id = parseResidentId(input.idNumber, today);
  if (!id.ok) throw fieldError('idNumber', id.rule, DOC_RULES[id.rule] ?? 'volunteer.docFormat', { type: 'resident_id' });
  const docIndex = blindIndex(config.piiKeys, 'document', `resident_id:${id.value}`);
  const person = await q.personByDocIndex(db, docIndex);
  if (!person || person.status === 'merged') throw ruleError('idNumber', 'registered', 'timeBank.family.notRegistered');
  if (person.id === me.id) throw ruleError('idNumber', 'self', 'timeBank.family.self');
  const name = input.name.trim();
  if (person.name !== name) throw ruleError('name', 'matches', 'timeBank.family.nameMismatch');
  const sealed = seal(config.piiKeys, id.value);
  return db.transaction(async (tx) => {
    const relationId = await q.insertRelation(tx, {
      volunteerId: me.id,
      relativeId: person.id,
      relation: input.relation,
      relativeName: name,
      docCipher: sealed.cipher,
      docKeyVersion: sealed.keyVersion,
      docIndex,
      docMasked: maskIdNumber(id.value),
      relativeBirthDate: id.birthDate,
      areaCode: me.areaCode,
    });
    // Never the ID number in the audit log: the relation, and whom it names by their record.
    await recordAudit(tx, ctx, {
      action: 'timeBank.family.record',
      entityType: 'family_relation',
      entityId: relationId,
      summary: { relation: input.relation, relativeId: person.id },
    });
    const row = await q.relationById(tx, relationId);
    return presentRelation(row, today, true);
  });
}

export async function myRelations(db: Db, actor: Actor) {
  const me = await requireSelf(db, actor, 'timeBank.family');
  const today = todayInChina();
  return (await q.relationsOf(db, me.id)).map((r) => presentRelation(r, today, true));
}

/** The relationships an office reviews: those recorded by volunteers of its area. */
export async function relationsToReview(
  db: Db,
  actor: Actor,
  query: { status: 'pending' | 'confirmed' | 'rejected'; limit: number; offset: number },
) {
  const scope = scopeFilter(actor, 'timeBank.reviewFamily', { areaCode: q.relationInArea });
  const { total, rows } = await q.relationsToReview(db, scope, query.status, query.limit, query.offset);
  const today = todayInChina();
  return { total, items: rows.map((r) => presentRelation(r, today, false)) };
}

/**
 * An office of the volunteer's area confirms or refuses a pending relationship, noting what it checked
 * (户口簿, 结婚证 …) or why it refused: the remark is required either way.
 */
export async function decideRelation(db: Db, ctx: Ctx, id: string, input: { confirm: boolean; remark: string }) {
  const remark = input.remark.trim();
  if (!remark) throw fieldError('remark', 'required', 'timeBank.family.remarkRequired');
  return db.transaction(async (tx) => {
    const row = await q.relationById(tx, id, true);
    if (!row) throw notFound('entity.familyRelation');
    authorize(ctx.actor, 'timeBank.reviewFamily', { areaCode: row.area_code }, 'entity.familyRelation');
    if (row.status !== 'pending') throw ruleError('id', 'pending', 'timeBank.family.decided');
    const status = input.confirm ? 'confirmed' : 'rejected';
    await q.decideRelation(tx, id, status, remark, ctx.actor.accountId);
    await recordAudit(tx, ctx, { action: `timeBank.family.${status}`, entityType: 'family_relation', entityId: id, summary: { remark } });
    return presentRelation((await q.relationById(tx, id)) as q.RelationRow, todayInChina(), false);
  });
}
