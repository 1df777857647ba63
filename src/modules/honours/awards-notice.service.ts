import type { PiiKeys } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { noticeEndsOn, noticeOver, objectionsOpen } from '../../domain/honours/awards.ts';
import { ageGroup, ageOn } from '../../domain/identity/index.ts';
import { calendarOf } from '../../domain/records/working-days.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { todayInChina } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { maskMobile, maskName } from '../../platform/masking.ts';
import { blindIndex, seal } from '../../platform/pii.ts';
import { authorize } from '../../platform/policy.ts';
import { awardsOf, recordAward, volunteerStanding, workCalendar } from '../records/index.ts';
import * as q from './awards.queries.ts';
import { type Ctx, eligibilityToday, invalid, roundFor, rule } from './awards.service.ts';

/** Stops a finalize or publish at the first selected nominee who may not be awarded today, naming them and the rule. */
async function ensureEligible(db: Db, round: q.RoundRow, nominees: Awaited<ReturnType<typeof q.nomineesOf>>) {
  for (const n of nominees) {
    const e = await eligibilityToday(db, round, n);
    if (e.because.includes('barred')) throw rule('award.barredNominee', { name: n.name, until: e.barredUntil ?? '' });
    if (e.because.includes('hours')) throw rule('award.belowMinHoursNominee', { name: n.name, minHours: round.minHours });
  }
}

/**
 * Publishes the selected list (公示): from today through the fifth working day by the city's work
 * calendar (holidays and make-up days counted). Nominations and scores close. Audited.
 */
export async function publishNotice(db: Db, ctx: Ctx, roundId: string) {
  const round = await roundFor(db, ctx.actor, roundId, 'award.manage');
  if (round.status !== 'open') throw rule('award.notOpen');
  const selected = await q.nomineesOf(db, roundId, ['selected']);
  if (selected.length === 0) throw rule('award.nothingSelected');
  await ensureEligible(db, round, selected);
  const today = todayInChina();
  const endsOn = noticeEndsOn(today, calendarOf(await workCalendar(db)));
  return db.transaction(async (tx) => {
    const locked = await q.findRound(tx, roundId, true);
    if (locked?.status !== 'open') throw rule('award.notOpen');
    await q.updateRound(tx, roundId, { status: 'notice', publishedOn: today, noticeEndsOn: endsOn });
    await recordAudit(tx, ctx, {
      action: 'award.publish',
      entityType: 'awardRound',
      entityId: roundId,
      areaCode: round.areaCode,
      summary: { selected: selected.length, publishedOn: today, noticeEndsOn: endsOn },
    });
    return { publishedOn: today, noticeEndsOn: endsOn };
  });
}

/** A phone number shows its carrier prefix and last four; anything else its first and last two characters. */
export function maskContact(contact: string) {
  const digits = contact.replace(/[\s-]/g, '');
  if (/^\+?\d{7,15}$/.test(digits)) return maskMobile(digits);
  const chars = [...contact];
  return chars.length <= 4 ? '*'.repeat(chars.length) : `${chars.slice(0, 2).join('')}***${chars.slice(-2).join('')}`;
}

/**
 * The same person writes a phone with spaces or +86, an email in any case: one form for the index,
 * so writing it differently does not make a second objection.
 */
export function normalizeContact(contact: string) {
  const digits = contact.replace(/[\s()-]/g, '');
  if (/^\+?\d{7,15}$/.test(digits)) return digits.replace(/^\+?86(?=1\d{10}$)/, '').replace(/^\+/, '');
  return contact.trim().toLowerCase();
}

/** The stored form of an objection's contact: sealed, masked for the office, and its blind index (PIPL: never in clear). */
export function sealContact(keys: PiiKeys, contact: string) {
  const sealed = seal(keys, contact);
  return {
    contactCipher: sealed.cipher,
    contactKeyVersion: sealed.keyVersion,
    contactMasked: maskContact(contact),
    contactIndex: blindIndex(keys, 'objection-contact', normalizeContact(contact)),
  };
}

/**
 * Anyone, signed in or not, objects to a nominee on a notice through its last day. The contact is
 * sealed and shown to the office masked. After the notice period: refused, naming the last day.
 */
export async function fileObjection(
  db: Db,
  keys: PiiKeys,
  ctx: AuditContext,
  nomineeId: string,
  input: { reason: string; contact: string },
) {
  const nominee = await q.findNominee(db, nomineeId);
  const round = nominee && (await q.findRound(db, nominee.roundId));
  if (!nominee || !round || nominee.status !== 'selected' || round.status !== 'notice' || !round.noticeEndsOn)
    throw notFound('entity.nominee');
  const endsOn = round.noticeEndsOn;
  if (!objectionsOpen(todayInChina(), endsOn)) throw rule('award.objectionClosed', { endsOn });
  const issues = [];
  if (input.reason.trim().length < 10) issues.push({ field: 'reason', rule: 'minLength' });
  if (input.contact.trim().length < 5) issues.push({ field: 'contact', rule: 'minLength' });
  if (issues.length) throw invalid(issues);
  return db.transaction(async (tx) => {
    // One objection per contact and nominee, kept by the unique index: two at once cannot both pass.
    const row = await q.insertObjection(tx, { nomineeId, reason: input.reason.trim(), ...sealContact(keys, input.contact.trim()) });
    if (!row) throw new AppError('CONFLICT', 'award.objectionDuplicate');
    await recordAudit(tx, ctx, {
      action: 'award.object',
      entityType: 'awardObjection',
      entityId: row.id,
      areaCode: round.areaCode,
      summary: { roundId: round.id, nomineeId },
      actorLabel: ctx.actor?.displayName ?? 'public',
    });
    return { id: row.id, noticeEndsOn: endsOn };
  });
}

/** The office resolves an objection: upheld takes the nominee off the list; either way with a reason. Audited. */
export async function resolveObjection(
  db: Db,
  ctx: Ctx,
  objectionId: string,
  input: { outcome: 'upheld' | 'dismissed'; reason: string; allOfNominee?: boolean },
) {
  if (input.reason.trim().length < 4) throw invalid([{ field: 'reason', rule: 'resolutionLength' }]);
  return db.transaction(async (tx) => {
    const found = await q.lockObjection(tx, objectionId);
    const round = found && (await q.findRound(tx, found.roundId, true));
    authorize(ctx.actor, 'award.manage', { areaCode: round?.areaCode ?? null }, 'entity.objection');
    if (!found || !round) throw notFound('entity.objection');
    if (found.objection.status !== 'open') throw new AppError('CONFLICT', 'error.conflict', { what: 'award.objectionResolved' });
    if (round.status !== 'notice') throw rule('award.notOnNotice');
    const reason = input.reason.trim();
    await q.resolveObjection(tx, objectionId, { status: input.outcome, resolution: reason, by: ctx.actor.accountId });
    let others = 0;
    if (input.outcome === 'upheld') {
      await q.setNomineeStatus(tx, found.objection.nomineeId, 'removed');
      others = await q.closeOtherObjections(tx, found.objection.nomineeId, reason, ctx.actor.accountId);
    } else if (input.allOfNominee) {
      // Anyone may object without signing in: a flood of repeats is dismissed in one decision, not one by one.
      others = await q.closeOtherObjections(tx, found.objection.nomineeId, reason, ctx.actor.accountId, 'dismissed');
    }
    await recordAudit(tx, ctx, {
      action: 'award.resolveObjection',
      entityType: 'awardObjection',
      entityId: objectionId,
      areaCode: round.areaCode,
      summary: { roundId: round.id, nomineeId: found.objection.nomineeId, outcome: input.outcome, others },
    });
    return { status: input.outcome, others };
  });
}

/**
 * After the notice, with no objection open, the office decides: each volunteer on the list gets the
 * award on their record (MCA 2020 measures, Art 9), organizations and projects keep it on the round.
 * A nominee barred or short of hours today stops it, named. One transaction; audited.
 */
export async function finalizeRound(db: Db, ctx: Ctx, roundId: string) {
  const round = await roundFor(db, ctx.actor, roundId, 'award.manage');
  if (round.status !== 'notice' || !round.noticeEndsOn) throw rule('award.notOnNotice');
  const today = todayInChina();
  if (!noticeOver(today, round.noticeEndsOn)) throw rule('award.noticeRunning', { endsOn: round.noticeEndsOn });
  const open = await q.openObjectionCount(db, roundId);
  if (open > 0) throw rule('award.objectionsOpen', { count: open });
  const selected = await q.nomineesOf(db, roundId, ['selected']);
  await ensureEligible(db, round, selected);
  return db.transaction(async (tx) => {
    const locked = await q.findRound(tx, roundId, true);
    if (locked?.status !== 'notice') throw rule('award.notOnNotice');
    for (const n of selected) {
      if (n.subjectType === 'volunteer')
        await recordAward(tx, {
          volunteerId: n.subjectId,
          title: round.titleZh,
          titleEn: round.titleEn,
          year: round.year,
          grantedByArea: round.areaCode,
          grantedOn: today,
          sourceId: n.id,
        });
      await q.setNomineeStatus(tx, n.id, 'awarded');
    }
    await q.updateRound(tx, roundId, { status: 'finalized', finalizedOn: today });
    await recordAudit(tx, ctx, {
      action: 'award.finalize',
      entityType: 'awardRound',
      entityId: roundId,
      areaCode: round.areaCode,
      summary: { awarded: selected.map((n) => n.id), finalizedOn: today },
    });
    return { awarded: selected.length, finalizedOn: today };
  });
}

/** Under 14 on the day shown, a child's name is sensitive (PIPL Art 28): the public sees the first character only. */
const publicName = (name: string, birthDate: string | null, today: string) =>
  birthDate && ageGroup(ageOn(birthDate, today)) === 'child' ? maskName(name, 'child') : name;

function groupByRound(rows: Awaited<ReturnType<typeof q.publicList>>) {
  const today = todayInChina();
  const rounds = new Map<
    string,
    (typeof rows)[number]['round'] & { entries: { id: string; type: string; name: string; organization: string | null }[] }
  >();
  for (const r of rows) {
    const round = rounds.get(r.round.id) ?? { ...r.round, entries: [] };
    round.entries.push({
      id: r.nomineeId,
      type: r.subjectType,
      name: publicName(r.name, r.birthDate, today),
      organization: r.organizationName,
    });
    rounds.set(r.round.id, round);
  }
  return [...rounds.values()];
}

/** The public notices now running (names, organization, the award: no ID, no phone), and whether objections are taken today. */
export async function publicNotices(db: Db) {
  const today = todayInChina();
  return groupByRound(await q.publicList(db, 'notice')).map((r) => ({
    ...r,
    objectionsOpen: !!r.noticeEndsOn && objectionsOpen(today, r.noticeEndsOn),
  }));
}

/** The honours roll: awarded volunteers, organizations and projects, by year. */
export async function honoursRoll(db: Db, year?: number) {
  return groupByRound(await q.publicList(db, 'finalized', year));
}

/** 我的荣誉: the volunteer's stars and the awards on their record. */
export async function myHonours(db: Db, actor: Actor) {
  const me = await q.volunteerOfAccount(db, actor.accountId);
  authorize(actor, 'award.readOwn', { accountId: me ? actor.accountId : null }, 'entity.volunteer');
  if (!me) throw notFound('entity.volunteer');
  const [standing, awards] = await Promise.all([volunteerStanding(db, me.id), awardsOf(db, me.id)]);
  return {
    ...standing,
    awards: awards.map((a) => ({
      id: a.id,
      title: a.title,
      titleEn: a.titleEn,
      year: a.year,
      grantedOn: a.grantedOn,
      grantedByArea: a.grantedByArea,
    })),
  };
}
