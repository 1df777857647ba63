import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { ageOn, parseResidentId } from '../../domain/identity/index.ts';
import { FAMILY_RECORDS_PER_DAY, type Relation, type RelationStatus } from '../../domain/time-bank/family.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { todayInChina } from '../../platform/clock.ts';
import { AppError, fieldError, notFound } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/messages.ts';
import { maskIdNumber, maskName } from '../../platform/masking.ts';
import { blindIndex, seal } from '../../platform/pii.ts';
import { authorize, scopeFilter } from '../../platform/policy.ts';
import { requireSelf } from '../volunteers/index.ts';
import * as q from './family.queries.ts';
import { releaseHoldsOfRelation } from './service-pay.ts';
import { ruleError } from './time-bank-errors.ts';

type Ctx = AuditContext & { actor: Actor };

const DOC_RULES: Record<string, MessageKey> = {
  format: 'volunteer.docFormat',
  checksum: 'volunteer.docChecksum',
  birth_date: 'volunteer.docBirthDate',
  area: 'volunteer.docArea',
};

export { ruleError };

/** What a relationship shows: the relative's name masked for anyone but the volunteer, the ID number always masked, the age only. */
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
    // The age, never the birth date: with the masked number's first and last four digits the birth date
    // (digits 7–14) left two digits and a check digit to guess (review 2026-12).
    relativeAge: ageOn(r.relative_birth_date, today),
    areaCode: r.area_code,
    status: r.status,
    remark: r.remark,
    decidedAt: r.decided_at,
    endReason: r.end_reason,
    endedAt: r.ended_at,
    createdAt: r.created_at,
  };
}

/**
 * A volunteer records a relative: the ID number (a resident ID, GB 11643: the age rule needs the birth
 * date it carries) must find a registry person of the same name — only a registry person holds a
 * ledger account — who is not the volunteer. Sealed, masked and indexed like a volunteer's own.
 * The registry must not be an oracle (review 2026-12): an unknown number and a wrong name get the same
 * answer, each attempt is audited (failures in their own committed transaction), and an account may
 * try FAMILY_RECORDS_PER_DAY times in 24 hours, counted in the database so it holds across servers.
 * One spouse at a time (pending or confirmed).
 */
export async function recordRelation(db: Db, config: Config, ctx: Ctx, input: { relation: Relation; name: string; idNumber: string }) {
  const me = await requireSelf(db, ctx.actor, 'timeBank.family');
  const today = todayInChina();
  const id = parseResidentId(input.idNumber, today);
  if (!id.ok) throw fieldError('idNumber', id.rule, DOC_RULES[id.rule] ?? 'volunteer.docFormat', { type: 'resident_id' });
  const docIndex = blindIndex(config.piiKeys, 'document', `resident_id:${id.value}`);
  const name = input.name.trim();
  const sealed = seal(config.piiKeys, id.value);
  const outcome = await db.transaction(async (tx) => {
    await q.lockVolunteer(tx, me.id);
    if ((await q.recordAttemptsSince(tx, ctx.actor.accountId)) >= FAMILY_RECORDS_PER_DAY)
      return {
        refused: new AppError('RATE_LIMITED', 'timeBank.family.dailyLimit', { max: FAMILY_RECORDS_PER_DAY }, [
          { field: 'idNumber', rule: 'dailyLimit', messageKey: 'timeBank.family.dailyLimit', params: { max: FAMILY_RECORDS_PER_DAY } },
        ]),
      };
    const person = await q.personByDocIndex(tx, docIndex);
    const refuse = async (error: AppError, rule: string) => {
      // Never the ID number nor the name typed: the rule and the relation only.
      await recordAudit(tx, ctx, {
        action: 'timeBank.family.recordRefused',
        entityType: 'family_relation',
        summary: { relation: input.relation, rule },
      });
      return { refused: error };
    };
    if (!person || person.status === 'merged' || (person.id !== me.id && person.name !== name))
      return refuse(ruleError('idNumber', 'registered', 'timeBank.family.notRegistered'), 'registered');
    if (person.id === me.id) return refuse(ruleError('idNumber', 'self', 'timeBank.family.self'), 'self');
    if (input.relation === 'spouse' && (await q.liveSpouseOf(tx, me.id)))
      return refuse(ruleError('relation', 'oneSpouse', 'timeBank.family.oneSpouse'), 'oneSpouse');
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
    return { row: await q.relationById(tx, relationId) };
  });
  if ('refused' in outcome) throw outcome.refused;
  return presentRelation(outcome.row, today, true);
}

/** The volunteer ends a relationship of theirs (pending or confirmed): kept as ended, audited; no transfer goes along it after. */
export async function endRelation(db: Db, ledgerKey: Buffer, ctx: Ctx, id: string, input: { reason?: string }) {
  const me = await requireSelf(db, ctx.actor, 'timeBank.family');
  return db.transaction(async (tx) => {
    const row = await q.relationById(tx, id, true);
    if (!row || row.volunteer_id !== me.id) throw notFound('entity.familyRelation');
    if (row.status !== 'pending' && row.status !== 'confirmed') throw ruleError('id', 'live', 'timeBank.family.notLive');
    const reason = input.reason?.trim() || null;
    await q.endRelation(tx, id, 'ended', reason, ctx.actor.accountId);
    await releaseHoldsOfRelation(tx, ledgerKey, row.volunteer_id, row.relative_id);
    await recordAudit(tx, ctx, {
      action: 'timeBank.family.ended',
      entityType: 'family_relation',
      entityId: id,
      areaCode: row.area_code,
      summary: { reason },
    });
    return presentRelation((await q.relationById(tx, id)) as q.RelationRow, todayInChina(), true);
  });
}

/** An office of the volunteer's area revokes a confirmed relationship (a divorce, a false document …), saying why. */
export async function revokeRelation(db: Db, ledgerKey: Buffer, ctx: Ctx, id: string, input: { reason: string }) {
  const reason = input.reason.trim();
  if (!reason) throw fieldError('reason', 'required', 'timeBank.family.reasonRequired');
  return db.transaction(async (tx) => {
    const row = await q.relationById(tx, id, true);
    if (!row) throw notFound('entity.familyRelation');
    authorize(ctx.actor, 'timeBank.reviewFamily', { areaCode: row.area_code }, 'entity.familyRelation');
    if (row.status !== 'confirmed') throw ruleError('id', 'confirmed', 'timeBank.family.notConfirmedYet');
    await q.endRelation(tx, id, 'revoked', reason, ctx.actor.accountId);
    await releaseHoldsOfRelation(tx, ledgerKey, row.volunteer_id, row.relative_id);
    await recordAudit(tx, ctx, {
      action: 'timeBank.family.revoked',
      entityType: 'family_relation',
      entityId: id,
      areaCode: row.area_code,
      summary: { reason },
    });
    return presentRelation((await q.relationById(tx, id)) as q.RelationRow, todayInChina(), false);
  });
}

export async function myRelations(db: Db, actor: Actor) {
  const me = await requireSelf(db, actor, 'timeBank.family');
  const today = todayInChina();
  return (await q.relationsOf(db, me.id)).map((r) => presentRelation(r, today, true));
}

/** The relationships an office reviews: those recorded by volunteers of its area. */
export async function relationsToReview(db: Db, actor: Actor, query: { status: RelationStatus; limit: number; offset: number }) {
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
