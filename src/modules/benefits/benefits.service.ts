import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { canMove, isEditable, type OfferStatus, type OfferTerms, offerIssues, type PartnerKind } from '../../domain/benefits/offers.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/messages.ts';
import { authorize, mayAtAll, scopeFilter } from '../../platform/policy.ts';
import { findAccountByLogin, grantsOf } from '../auth/index.ts';
import * as q from './benefits.queries.ts';

export type Ctx = AuditContext & { actor: Actor };

/** Partners and offers (礼遇): offices register partners and review offers; partners draft and submit them. */

export interface PartnerInput {
  name: string;
  kind: PartnerKind;
  areaCode: string;
  address: string;
  contact: string;
}

/** An office registers a benefit partner in its area. */
export async function createPartner(db: Db, ctx: Ctx, input: PartnerInput) {
  authorize(ctx.actor, 'benefit.managePartners', { areaCode: input.areaCode }, 'entity.benefitPartner');
  return db.transaction(async (tx) => {
    const row = await q.insertPartner(tx, { ...input, name: input.name.trim(), createdBy: ctx.actor.accountId });
    await recordAudit(tx, ctx, { action: 'benefitPartner.create', entityType: 'benefitPartner', entityId: row.id, areaCode: row.areaCode });
    return { ...row, members: [] as string[], memberAccounts: [] as { accountId: string; displayName: string }[] };
  });
}

export async function listPartners(db: Db, actor: Actor) {
  const scope = scopeFilter(actor, 'benefit.managePartners', { areaCode: (code) => q.areaUnder('p', code) });
  return q.partnersWhere(db, scope);
}

/** Links a partner account (role `partner`, by its login) to the partner: it then acts for its offers only. */
export async function linkPartnerAccount(db: Db, ctx: Ctx, partnerId: string, login: string) {
  const partner = await q.partnerById(db, partnerId);
  if (!partner) throw notFound('entity.benefitPartner');
  authorize(ctx.actor, 'benefit.managePartners', { areaCode: partner.areaCode }, 'entity.benefitPartner');
  const account = await findAccountByLogin(db, { username: login.trim() });
  if (!account || !(await grantsOf(db, account.id)).some((g) => g.role === 'partner'))
    throw new AppError('RULE_VIOLATION', 'benefit.notPartnerAccount', { login });
  return db.transaction(async (tx) => {
    if ((await q.partnerOfAccount(tx, account.id))?.id !== partnerId && !(await q.linkMember(tx, partnerId, account.id)))
      throw new AppError('RULE_VIOLATION', 'benefit.accountLinked');
    await recordAudit(tx, ctx, {
      action: 'benefitPartner.link',
      entityType: 'benefitPartner',
      entityId: partnerId,
      areaCode: partner.areaCode,
      summary: { accountId: account.id },
    });
    return { partnerId, accountId: account.id, displayName: account.displayName };
  });
}

/**
 * Unlinks an account from the partner (a clerk who left): from then on it acts for no partner. The
 * office of the partner's area only; a partner outside it, or an account not linked to it, is not found.
 */
export async function unlinkPartnerAccount(db: Db, ctx: Ctx, partnerId: string, accountId: string) {
  const partner = await q.partnerById(db, partnerId);
  if (!partner) throw notFound('entity.benefitPartner');
  authorize(ctx.actor, 'benefit.managePartners', { areaCode: partner.areaCode }, 'entity.benefitPartner');
  await db.transaction(async (tx) => {
    if (!(await q.unlinkMember(tx, partnerId, accountId))) throw notFound('entity.benefitPartnerMember');
    await recordAudit(tx, ctx, {
      action: 'benefitPartner.unlink',
      entityType: 'benefitPartner',
      entityId: partnerId,
      areaCode: partner.areaCode,
      summary: { accountId },
    });
  });
}

/**
 * The benefit partner the actor acts for: a partner-role account linked through
 * benefit_partner_members. Any other account finds nothing (404, as for a missing record).
 */
export async function myPartner(db: Db, actor: Actor, action: 'benefit.scan' | 'benefit.manageOffers') {
  if (!mayAtAll(actor, action)) throw notFound('entity.benefitPartner');
  const partner = await q.partnerOfAccount(db, actor.accountId);
  if (!partner) throw notFound('entity.benefitPartner');
  return partner;
}

/** One of my partner's offers, or 404 (another partner's offer looks missing). */
export async function myOffer(db: Db, actor: Actor, offerId: string, action: 'benefit.scan' | 'benefit.manageOffers') {
  const partner = await myPartner(db, actor, action);
  const offer = await q.offerById(db, offerId);
  if (!offer || offer.partnerId !== partner.id) throw notFound('entity.benefitOffer');
  return { partner, offer };
}

export type OfferInput = Omit<OfferTerms, 'price'> & { price: number; description: string };

function validTerms(input: OfferInput): q.OfferValues {
  const terms = { ...input, title: input.title.trim(), description: input.description.trim() };
  const issues = offerIssues(terms);
  if (issues.length)
    throw new AppError(
      'VALIDATION',
      'error.validation',
      {},
      issues.map((i) => ({ ...i, messageKey: `benefit.rule.${i.rule}` as MessageKey })),
    );
  return { ...terms, price: terms.price.toFixed(2) };
}

export async function myOffers(db: Db, actor: Actor) {
  const partner = await myPartner(db, actor, 'benefit.manageOffers');
  return { partner, offers: await q.offersOfPartner(db, partner.id) };
}

/** A partner drafts an offer; it is shown to nobody until the office of the partner's area approves it. */
export async function createOffer(db: Db, ctx: Ctx, input: OfferInput) {
  const partner = await myPartner(db, ctx.actor, 'benefit.manageOffers');
  const values = validTerms(input);
  return db.transaction(async (tx) => {
    const row = await q.insertOffer(tx, partner.id, partner.areaCode, values);
    await recordAudit(tx, ctx, { action: 'benefitOffer.create', entityType: 'benefitOffer', entityId: row.id, areaCode: partner.areaCode });
    return row;
  });
}

export async function updateOffer(db: Db, ctx: Ctx, offerId: string, input: OfferInput) {
  const { offer } = await myOffer(db, ctx.actor, offerId, 'benefit.manageOffers');
  if (!isEditable(offer.status)) throw new AppError('RULE_VIOLATION', 'benefit.notEditable');
  const values = validTerms(input);
  return db.transaction(async (tx) => {
    const row = await q.updateOffer(tx, offerId, values);
    // Submitted or approved since it was read: its terms stay as the office sees them.
    if (!row) throw new AppError('RULE_VIOLATION', 'benefit.notEditable');
    await recordAudit(tx, ctx, { action: 'benefitOffer.update', entityType: 'benefitOffer', entityId: offerId, areaCode: offer.areaCode });
    return row;
  });
}

const statusLabel = (s: OfferStatus): MessageKey => `benefit.status.${s}`;

async function move(db: Db, ctx: Ctx, offer: q.OfferRow, by: 'partner' | 'office', to: OfferStatus, note?: string | null) {
  if (!canMove(by, offer.status, to)) throw new AppError('RULE_VIOLATION', 'benefit.badTransition', { from: statusLabel(offer.status) });
  return db.transaction(async (tx) => {
    const row = await q.moveOffer(
      tx,
      offer.id,
      offer.status,
      to,
      by === 'office' ? { note: note ?? null, by: ctx.actor.accountId } : undefined,
    );
    if (!row) throw new AppError('CONFLICT', 'error.conflict', { what: 'entity.benefitOffer' });
    await recordAudit(tx, ctx, {
      action: `benefitOffer.${to}`,
      entityType: 'benefitOffer',
      entityId: offer.id,
      areaCode: offer.areaCode,
      // An approval keeps the terms approved, for verify to hold the offer to them (docs/incentives.md).
      summary: { from: offer.status, note: note ?? null, ...(to === 'approved' ? { terms: await q.approvedTermsOf(tx, offer.id) } : {}) },
    });
    return row;
  });
}

/** The partner submits a draft (or a rejected offer, changed) for review, or withdraws an offer. */
export async function moveMyOffer(db: Db, ctx: Ctx, offerId: string, to: 'submitted' | 'withdrawn') {
  const { offer } = await myOffer(db, ctx.actor, offerId, 'benefit.manageOffers');
  return move(db, ctx, offer, 'partner', to);
}

/** Offers of the office's area, those waiting for a decision first. */
export async function offersToReview(db: Db, actor: Actor, status: OfferStatus | null) {
  return q.offersWhere(db, scopeFilter(actor, 'benefit.review', { areaCode: (code) => q.areaUnder('o', code) }), status);
}

/** The office of the partner's area approves or rejects a submitted offer (a rejection says why). */
export async function decideOffer(db: Db, ctx: Ctx, offerId: string, input: { approve: boolean; note?: string }) {
  const offer = await q.offerById(db, offerId);
  if (!offer) throw notFound('entity.benefitOffer');
  authorize(ctx.actor, 'benefit.review', { areaCode: offer.areaCode }, 'entity.benefitOffer');
  const note = input.note?.trim() || null;
  if (!input.approve && !note)
    throw new AppError('VALIDATION', 'error.validation', {}, [{ field: 'note', rule: 'required', messageKey: 'benefit.reasonRequired' }]);
  return move(db, ctx, offer, 'office', input.approve ? 'approved' : 'rejected', note);
}
