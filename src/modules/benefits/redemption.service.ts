import { randomInt } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Db, Executor } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { expiryOf, newCode, normalizeCode } from '../../domain/benefits/codes.ts';
import { type LookupPurpose, type LookupTries, lookupRetryAfter, windowOf } from '../../domain/benefits/lookup-throttle.ts';
import { eligibilityIssues, type Issue } from '../../domain/benefits/offers.ts';
import { recordAudit } from '../../platform/audit.ts';
import { todayInChina } from '../../platform/clock.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { type Locale, type MessageKey, translate } from '../../platform/i18n/messages.ts';
import { maskName } from '../../platform/masking.ts';
import { blindIndex, seal, unseal } from '../../platform/pii.ts';
import { accountStatement, pointsKeyOf, postMovements, redemptionAccounts } from '../points/index.ts';
import { volunteerStanding } from '../records/index.ts';
import { byId, byVolunteerNo, findVolunteer, requireSelf } from '../volunteers/index.ts';
import * as q from './benefits.queries.ts';
import { type Ctx, myOffer, myPartner } from './benefits.service.ts';

/** Redeeming (兑换), the one-time codes, their use at the partner, expiry and refunds. */

const codeIndexOf = (config: Config, code: string) => blindIndex(config.piiKeys, 'benefit-code', code);
const ruleError = (issue: Issue) =>
  new AppError('RULE_VIOLATION', `benefit.${issue.rule}` as MessageKey, issue.params ?? {}, { field: issue.field, rule: issue.rule });
const reasonText = (locale: Locale, issue: Issue) => translate(locale, `benefit.${issue.rule}` as MessageKey, issue.params ?? {});

/** Benefits near me: approved offers in their window whose area I belong to, nearest first, each with whether I may take it and why not. */
export async function benefitsNearMe(db: Db, actor: Actor, locale: Locale) {
  const me = await requireSelf(db, actor, 'benefit.redeem');
  const { stars } = await volunteerStanding(db, me.id);
  const { balance } = await accountStatement(db, 'points', me.id, { limit: 1, offset: 0 });
  const today = todayInChina();
  const offers = (await q.offersNear(db, me.id, me.areaCode, today)).map((o) => {
    const issues = eligibilityIssues(o, { stars, areaCode: me.areaCode }, today);
    if (o.kind !== 'advantage' && o.taken >= o.perPersonLimit)
      issues.push({ field: 'offer', rule: 'perPersonLimit', params: { limit: o.perPersonLimit, count: o.taken } });
    if (o.stock === 0) issues.push({ field: 'offer', rule: 'soldOut' });
    if (o.kind !== 'advantage' && Number(balance) < Number(o.price))
      issues.push({ field: 'points', rule: 'short', params: { price: Number(o.price), balance: Number(balance) } });
    return { ...o, eligible: issues.length === 0, reasons: issues.map((i) => reasonText(locale, i)) };
  });
  return { stars, balance, areaCode: me.areaCode, offers };
}

/**
 * A volunteer redeems an offer, in one transaction: the stock taken by a guarded UPDATE, the
 * per-person limit counted under the offer's row lock, a code drawn and stored as a keyed hash
 * (and sealed, to show it again), the points moved volunteer → redeemed through the ledger. Any
 * refusal (sold out, limit, overdraft) rolls all of it back.
 */
export async function redeem(db: Db, config: Config, ctx: Ctx, offerId: string) {
  const me = await requireSelf(db, ctx.actor, 'benefit.redeem', { takingPart: true });
  const offer = await q.offerById(db, offerId);
  if (!offer || offer.status === 'draft' || offer.status === 'submitted') throw notFound('entity.benefitOffer');
  if (offer.kind === 'advantage') throw new AppError('RULE_VIOLATION', 'benefit.advantage');
  const { stars } = await volunteerStanding(db, me.id);
  const [issue] = eligibilityIssues(offer, { stars, areaCode: me.areaCode }, todayInChina());
  if (issue) throw ruleError(issue);
  return db.transaction(async (tx) => {
    if (!(await q.takeStock(tx, offerId))) {
      const now = await q.offerById(tx, offerId);
      throw new AppError('RULE_VIOLATION', now?.status === 'approved' ? 'benefit.soldOut' : 'benefit.notApproved');
    }
    const taken = await q.takenBy(tx, offerId, me.id);
    if (taken >= offer.perPersonLimit)
      throw new AppError('RULE_VIOLATION', 'benefit.perPersonLimit', { limit: offer.perPersonLimit, count: taken });
    const at = new Date();
    let code = '';
    let row: q.RedemptionRow | undefined;
    // A code already held by another redemption (one in 10^10) is drawn again.
    for (let i = 0; !row && i < 5; i++) {
      code = newCode(randomInt);
      const sealed = seal(config.piiKeys, code);
      row = await q.insertRedemption(tx, {
        offerId,
        volunteerId: me.id,
        price: offer.price,
        codeIndex: codeIndexOf(config, code),
        codeSealed: sealed.cipher,
        codeKeyVersion: sealed.keyVersion,
        expiresAt: expiryOf(at, offer.codeDays),
      });
    }
    if (!row) throw new AppError('CONFLICT', 'error.conflict', { what: 'entity.redemption' });
    if (Number(offer.price) > 0) {
      const { redeemed, own } = await redemptionAccounts(tx, me.id);
      await postMovements(tx, pointsKeyOf(config.ledgerKey), [
        {
          currency: 'points',
          debitAccountId: own,
          creditAccountId: redeemed,
          amount: offer.price,
          causeType: 'redemption',
          causeId: row.id,
          basis: null,
          at: at.toISOString(),
        },
      ]);
    }
    await recordAudit(tx, ctx, {
      action: 'benefit.redeem',
      entityType: 'redemption',
      entityId: row.id,
      areaCode: offer.areaCode,
      summary: { offerId, price: offer.price },
    });
    return {
      id: row.id,
      offerId,
      title: offer.title,
      price: offer.price,
      status: row.status,
      code,
      expiresAt: row.expiresAt.toISOString(),
    };
  });
}

/** Closes an open code (expired or cancelled) and refunds it: its stock back, its points redeemed → volunteer. Once. */
async function closeAndRefund(tx: Executor, ledgerKey: Buffer, id: string, to: 'expired' | 'cancelled') {
  const row = await q.closeRedemption(tx, id, to);
  if (!row) return false;
  await q.returnStock(tx, row.offerId);
  if (Number(row.price) > 0) {
    const { redeemed, own } = await redemptionAccounts(tx, row.volunteerId);
    await postMovements(tx, pointsKeyOf(ledgerKey), [
      {
        currency: 'points',
        debitAccountId: redeemed,
        creditAccountId: own,
        amount: row.price,
        causeType: 'redemption_refund',
        causeId: id,
        basis: null,
        at: new Date().toISOString(),
      },
    ]);
  }
  return true;
}

/** The volunteer cancels an unused code of theirs: refunded once (a second cancel changes nothing); a used one is refused. */
export async function cancelMine(db: Db, config: Config, ctx: Ctx, redemptionId: string) {
  const me = await requireSelf(db, ctx.actor, 'benefit.redeem');
  const r = await q.redemptionById(db, redemptionId);
  if (!r || r.volunteerId !== me.id) throw notFound('entity.redemption');
  if (r.status === 'used') throw new AppError('RULE_VIOLATION', 'benefit.notOpen');
  await db.transaction(async (tx) => {
    if (await closeAndRefund(tx, config.ledgerKey, r.id, 'cancelled'))
      await recordAudit(tx, ctx, { action: 'benefit.cancel', entityType: 'redemption', entityId: r.id, summary: { price: r.price } });
  });
  const after = await q.redemptionById(db, redemptionId);
  return { id: r.id, status: after?.status ?? r.status };
}

/** Expires the open codes past their date (the job, every 10 minutes): each refunded in its own transaction, once. */
export async function expireDue(db: Db, ledgerKey: Buffer, now = new Date()): Promise<number> {
  let expired = 0;
  for (;;) {
    const due = await q.dueForExpiry(db, now, 100);
    for (const { id } of due) if (await db.transaction((tx) => closeAndRefund(tx, ledgerKey, id, 'expired'))) expired++;
    if (due.length < 100) return expired;
  }
}

/** My codes, open ones first; an open code's digits are unsealed for me to show (QR and digits). */
export async function myRedemptions(db: Db, config: Config, actor: Actor) {
  const me = await requireSelf(db, actor, 'benefit.redeem');
  return (await q.redemptionsOf(db, me.id)).map(({ codeSealed, codeKeyVersion, ...r }) => ({
    ...r,
    createdAt: new Date(r.createdAt).toISOString(),
    expiresAt: new Date(r.expiresAt).toISOString(),
    usedAt: r.usedAt ? new Date(r.usedAt).toISOString() : null,
    code: r.status === 'open' ? unseal(config.piiKeys, { cipher: codeSealed, keyVersion: codeKeyVersion }) : null,
  }));
}

/**
 * Counts a lookup of the actor's (or of its partner, over all its accounts) before it is made
 * (parallel guesses are counted as they arrive); past the limit (domain/benefits/lookup-throttle.ts)
 * the lookup is refused with 429 and Retry-After.
 */
async function countLookup(db: Db, actor: Actor, purpose: LookupPurpose | 'partner', partnerId?: string) {
  const now = new Date();
  const windowStart = new Date(now.getTime() - windowOf(purpose));
  const counted: LookupTries =
    purpose === 'partner'
      ? await q.countPartnerLookup(db, partnerId as string, now, windowStart)
      : await q.countLookup(db, actor.accountId, purpose, now, windowStart);
  const seconds = lookupRetryAfter(purpose, counted, now);
  if (seconds > 0)
    throw new AppError('RATE_LIMITED', `benefit.tooMany.${purpose}`, { minutes: Math.ceil(seconds / 60) }, undefined, {
      'retry-after': String(seconds),
    });
}

/**
 * A code typed or scanned at the partner: one of its own offers' codes, else 404. A missing code and
 * another partner's are one and the same statement and answer (no timing tells them apart); each
 * miss counts toward the account's limit, a found code is taken back off it.
 */
async function codeOfMine(db: Db, config: Config, actor: Actor, input: string) {
  const partner = await myPartner(db, actor, 'benefit.scan');
  const code = normalizeCode(input);
  if (!code) throw new AppError('VALIDATION', 'error.validation', {}, [{ field: 'code', rule: 'format', messageKey: 'benefit.badCode' }]);
  await countLookup(db, actor, 'code');
  const found = await q.partnerRedemptionByCode(db, partner.id, codeIndexOf(config, code));
  if (!found) throw notFound('entity.redemption');
  await q.uncountLookup(db, actor.accountId, 'code');
  return found;
}

/** No volunteer has this id: the standing read for an unknown number. */
const NOBODY = '00000000-0000-0000-0000-000000000000';

const effectiveStatus = (r: q.RedemptionRow, now: Date) => (r.status === 'open' && r.expiresAt <= now ? 'expired' : r.status);

/** What the partner's staff see for a code: the offer, the volunteer's masked name, whether it can be used. */
export async function lookUpCode(db: Db, config: Config, actor: Actor, input: string) {
  const { r, offer } = await codeOfMine(db, config, actor, input);
  const v = await findVolunteer(db, byId(r.volunteerId));
  return {
    id: r.id,
    offerTitle: offer.title,
    offerKind: offer.kind,
    price: r.price,
    volunteerName: maskName(v?.volunteer.name ?? ''),
    status: effectiveStatus(r, new Date()),
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    usedAt: r.usedAt?.toISOString() ?? null,
  };
}

/** "Use": marks the code used, once; a second use, an expired or a cancelled code is refused with its rule. */
export async function spendCode(db: Db, config: Config, ctx: Ctx, input: string) {
  const { r, offer } = await codeOfMine(db, config, ctx.actor, input);
  const used = await db.transaction(async (tx) => {
    if (!(await q.markUsed(tx, r.id, ctx.actor.accountId))) return false;
    // Who the code was of and which partner took it: verify holds the code to this use (a used code set back to open shows).
    await recordAudit(tx, ctx, {
      action: 'benefit.use',
      entityType: 'redemption',
      entityId: r.id,
      areaCode: offer.areaCode,
      summary: { partnerId: offer.partnerId, volunteerId: r.volunteerId },
    });
    return true;
  });
  if (!used) {
    const now = (await q.redemptionById(db, r.id)) ?? r;
    const at = (d: Date | null) => (d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '');
    if (now.status === 'used') throw new AppError('RULE_VIOLATION', 'benefit.codeUsed', { at: at(now.usedAt) });
    if (now.status === 'cancelled') throw new AppError('RULE_VIOLATION', 'benefit.codeCancelled');
    throw new AppError('RULE_VIOLATION', 'benefit.codeExpired', { at: at(now.expiresAt) });
  }
  return lookUpCode(db, config, ctx.actor, input);
}

/**
 * A star-based advantage (free entry for 3★+): the partner checks a volunteer number against one of
 * its approved offers in force; no code, no points. The clerk learns what the gate needs and no more:
 * eligible (with the masked name, to match the person in front of them) or not — an unknown number,
 * a person inactive, too few stars or another area all give the same answer, so numbers tried in turn
 * tell nothing of people's stars or areas. The volunteer sees their own reasons on the benefits page.
 * Every check counts toward the account's and the partner's limits, answers of "not eligible" also toward the misses'.
 */
export async function checkAdvantage(db: Db, actor: Actor, offerId: string, volunteerNo: string, locale: Locale) {
  const { offer } = await myOffer(db, actor, offerId, 'benefit.scan');
  if (offer.kind !== 'advantage') throw new AppError('RULE_VIOLATION', 'benefit.notAdvantage');
  // A draft's or a lapsed offer's conditions were never reviewed: checking people against them would let a partner probe at will.
  const today = todayInChina();
  if (offer.status !== 'approved') throw new AppError('RULE_VIOLATION', 'benefit.notApproved');
  if (today < offer.validFrom || today > offer.validTo)
    throw new AppError('RULE_VIOLATION', 'benefit.window', { from: offer.validFrom, to: offer.validTo });
  // Every check counts, whatever it answers (the account's and the partner's); a miss counts once more, toward the misses' limit.
  await countLookup(db, actor, 'check');
  await countLookup(db, actor, 'partner', offer.partnerId);
  await countLookup(db, actor, 'advantage');
  const found = await findVolunteer(db, byVolunteerNo(volunteerNo.trim()));
  const v = found?.volunteer;
  // An unknown number reads a standing too (of nobody), so its answer takes the same queries as a known one's.
  const { stars } = await volunteerStanding(db, v?.id ?? NOBODY);
  const eligible = v?.status === 'active' && eligibilityIssues(offer, { stars, areaCode: v.areaCode }, today).length === 0;
  if (!v || !eligible)
    return {
      eligible: false,
      reason: translate(locale, 'benefit.notEligible'),
      volunteerName: null,
      volunteerNo: volunteerNo.trim(),
      offerTitle: offer.title,
    };
  await q.uncountLookup(db, actor.accountId, 'advantage');
  return {
    eligible: true,
    reason: translate(locale, 'benefit.eligible'),
    volunteerName: maskName(v.name),
    volunteerNo: v.volunteerNo,
    offerTitle: offer.title,
  };
}
