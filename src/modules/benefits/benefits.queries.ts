import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';
import { benefitOffers, benefitPartnerMembers, benefitPartners, benefitRedemptions } from '../../db/schema.ts';
import type { LookupPurpose, LookupTries } from '../../domain/benefits/lookup-throttle.ts';
import {
  EDITABLE_STATUSES,
  type OfferKind,
  type OfferStatus,
  type OfferTerms,
  type PartnerKind,
  type RedemptionStatus,
} from '../../domain/benefits/offers.ts';

/** Benefits' statements: partners, offers, redemptions (benefits.service.ts, redemption.service.ts). */

/** "In this area's subtree" on an aliased table's area_code (codes are digits only, so the prefix needs no escaping). */
export const areaUnder = (alias: 'o' | 'p', code: string) => sql`${sql.raw(alias)}.area_code like ${`${code}%`}`;

export type PartnerRow = typeof benefitPartners.$inferSelect;
export type OfferRow = typeof benefitOffers.$inferSelect;
export type RedemptionRow = typeof benefitRedemptions.$inferSelect;

export async function insertPartner(
  tx: Executor,
  p: { name: string; kind: PartnerKind; areaCode: string; address: string; contact: string; createdBy: string | null },
) {
  const [row] = await tx.insert(benefitPartners).values(p).returning();
  return row;
}

export async function partnerById(db: Executor, id: string) {
  const [row] = await db.select().from(benefitPartners).where(eq(benefitPartners.id, id));
  return row;
}

/** The partners an office sees (its area's), with how many accounts act for each. */
export async function partnersWhere(db: Executor, scope: ReturnType<typeof sql>) {
  return rowsOf<PartnerRow & { members: string[]; memberAccounts: { accountId: string; displayName: string }[] }>(
    await db.execute(sql`select p.id, p.name, p.kind, p.area_code as "areaCode", p.address, p.contact, p.created_at as "createdAt",
        coalesce((select array_agg(a.display_name order by a.display_name) from benefit_partner_members m
          join accounts a on a.id = m.account_id where m.partner_id = p.id), '{}') as members,
        coalesce((select json_agg(json_build_object('accountId', a.id, 'displayName', a.display_name) order by a.display_name)
          from benefit_partner_members m join accounts a on a.id = m.account_id where m.partner_id = p.id), '[]') as "memberAccounts"
      from benefit_partners p where ${scope} order by p.area_code, p.name limit 500`),
  );
}

export async function linkMember(tx: Executor, partnerId: string, accountId: string) {
  const rows = await tx.insert(benefitPartnerMembers).values({ partnerId, accountId }).onConflictDoNothing().returning();
  return rows.length > 0;
}

/** Unlinks an account from a partner: false when it was not linked to it. */
export async function unlinkMember(tx: Executor, partnerId: string, accountId: string) {
  const rows = await tx
    .delete(benefitPartnerMembers)
    .where(and(eq(benefitPartnerMembers.partnerId, partnerId), eq(benefitPartnerMembers.accountId, accountId)))
    .returning();
  return rows.length > 0;
}

/** The benefit partner an account acts for, if any. */
export async function partnerOfAccount(db: Executor, accountId: string) {
  const [row] = rowsOf<PartnerRow>(
    await db.execute(sql`select p.id, p.name, p.kind, p.area_code as "areaCode", p.address, p.contact from benefit_partners p
      join benefit_partner_members m on m.partner_id = p.id where m.account_id = ${accountId}`),
  );
  return row;
}

/** An offer's terms as stored: the domain's terms, the price as numeric text, and a description. */
export type OfferValues = Omit<OfferTerms, 'price'> & { price: string; description: string };

export async function insertOffer(tx: Executor, partnerId: string, areaCode: string, v: OfferValues) {
  const [row] = await tx
    .insert(benefitOffers)
    .values({ partnerId, areaCode, ...v, initialStock: v.stock })
    .returning();
  return row;
}

/**
 * Changes an offer's terms only while it is a draft or rejected, in the UPDATE's own WHERE: an offer
 * approved (or submitted) between the caller's read and this statement is left as the office saw it.
 * Undefined when the guard did not hold.
 */
export async function updateOffer(tx: Executor, id: string, v: OfferValues) {
  const [row] = await tx
    .update(benefitOffers)
    .set({ ...v, initialStock: v.stock })
    .where(and(eq(benefitOffers.id, id), inArray(benefitOffers.status, EDITABLE_STATUSES)))
    .returning();
  return row;
}

export async function offerById(db: Executor, id: string) {
  const [row] = await db.select().from(benefitOffers).where(eq(benefitOffers.id, id));
  return row;
}

/** Moves an offer from one status to another, only if it is still in the first (two reviewers never both decide). */
export async function moveOffer(
  tx: Executor,
  id: string,
  from: OfferStatus,
  to: OfferStatus,
  review?: { note: string | null; by: string },
) {
  const [row] = await tx
    .update(benefitOffers)
    .set({ status: to, ...(review ? { reviewNote: review.note, reviewedBy: review.by, reviewedAt: new Date() } : {}) })
    .where(and(eq(benefitOffers.id, id), eq(benefitOffers.status, from)))
    .returning();
  return row;
}

/**
 * An offer's terms as the office approves them, written into the approval's audit entry (verify
 * compares the offer with it later; migration 0035 builds the same object for offers approved before).
 */
export async function approvedTermsOf(tx: Executor, id: string) {
  const [row] = rowsOf<{ terms: Record<string, unknown> }>(
    await tx.execute(sql`select jsonb_build_object('kind', o.kind, 'price', o.price::text, 'initialStock', o.initial_stock,
      'perPersonLimit', o.per_person_limit, 'minStars', o.min_stars, 'areaPrefix', o.area_prefix,
      'validFrom', o.valid_from::text, 'validTo', o.valid_to::text) as terms from benefit_offers o where o.id = ${id}`),
  );
  return row?.terms;
}

const offerColumns = sql`o.id, o.partner_id as "partnerId", p.name as "partnerName", p.kind as "partnerKind", p.address,
  o.area_code as "areaCode", o.kind, o.title, o.description, o.price::text as price, o.stock, o.per_person_limit as "perPersonLimit",
  o.min_stars as "minStars", o.area_prefix as "areaPrefix", o.valid_from::text as "validFrom", o.valid_to::text as "validTo",
  o.code_days as "codeDays", o.status, o.review_note as "reviewNote"`;

export type OfferView = OfferValues & {
  id: string;
  partnerId: string;
  partnerName: string;
  partnerKind: PartnerKind;
  address: string;
  areaCode: string;
  status: OfferStatus;
  reviewNote: string | null;
};

export async function offersOfPartner(db: Executor, partnerId: string) {
  return rowsOf<OfferView>(
    await db.execute(sql`select ${offerColumns} from benefit_offers o join benefit_partners p on p.id = o.partner_id
      where o.partner_id = ${partnerId} order by o.created_at desc`),
  );
}

/** Offers an office sees (its area's), submitted first. */
export async function offersWhere(db: Executor, scope: ReturnType<typeof sql>, status: OfferStatus | null) {
  return rowsOf<OfferView>(
    await db.execute(sql`select ${offerColumns} from benefit_offers o join benefit_partners p on p.id = o.partner_id
      where ${scope} and (${status}::text is null or o.status = ${status}) and o.status <> 'draft'
      order by (o.status = 'submitted') desc, o.created_at desc limit 500`),
  );
}

/**
 * Approved offers in their window whose area condition the volunteer meets, nearest partner first
 * (same community, street, district, city), with what the volunteer has taken of each.
 */
export async function offersNear(db: Executor, volunteerId: string, areaCode: string, today: string) {
  return rowsOf<OfferView & { nearness: number; taken: number }>(
    await db.execute(sql`select ${offerColumns},
        case when left(o.area_code, 12) = left(${areaCode}, 12) and length(o.area_code) >= 12 then 12
          when left(o.area_code, 9) = left(${areaCode}, 9) and length(o.area_code) >= 9 then 9
          when left(o.area_code, 6) = left(${areaCode}, 6) and length(o.area_code) >= 6 then 6
          when left(o.area_code, 4) = left(${areaCode}, 4) then 4 else 0 end as nearness,
        (select count(*)::int from benefit_redemptions r where r.offer_id = o.id and r.volunteer_id = ${volunteerId}
          and r.status in ('open', 'used')) as taken
      from benefit_offers o join benefit_partners p on p.id = o.partner_id
      where o.status = 'approved' and ${today}::date between o.valid_from and o.valid_to
        and (o.area_prefix is null or left(${areaCode}, length(o.area_prefix)) = o.area_prefix)
      order by nearness desc, o.min_stars desc, o.price, o.title limit 200`),
  );
}

/**
 * Takes one from the stock, guarded: only while the offer is approved and has stock left (`stock > 0`
 * in the WHERE). Concurrent redeemers queue on the row; each re-checks the guard on the row as the
 * one before left it (READ COMMITTED re-evaluates the WHERE), so the last unit goes to exactly one.
 * An unlimited offer (stock null) is touched too: the row lock serializes one offer's redemptions,
 * so a person's per-person count read after it is exact.
 */
export async function takeStock(tx: Executor, offerId: string) {
  const rows = rowsOf<{ id: string; stock: number | null }>(
    await tx.execute(sql`update benefit_offers set stock = stock - 1
      where id = ${offerId} and status = 'approved' and (stock is null or stock > 0) returning id, stock`),
  );
  return rows[0];
}

export async function returnStock(tx: Executor, offerId: string) {
  await tx.execute(sql`update benefit_offers set stock = stock + 1 where id = ${offerId} and stock is not null`);
}

/** What the volunteer holds of an offer (open and used codes; expired and cancelled ones gave their points back). */
export async function takenBy(tx: Executor, offerId: string, volunteerId: string) {
  const [row] = rowsOf<{ n: number }>(
    await tx.execute(sql`select count(*)::int as n from benefit_redemptions
      where offer_id = ${offerId} and volunteer_id = ${volunteerId} and status in ('open', 'used')`),
  );
  return row.n;
}

/** A new code; undefined when its keyed hash is taken already (the caller draws another). */
export async function insertRedemption(
  tx: Executor,
  r: {
    offerId: string;
    volunteerId: string;
    price: string;
    codeIndex: string;
    codeSealed: string;
    codeKeyVersion: number;
    expiresAt: Date;
  },
) {
  const [row] = await tx.insert(benefitRedemptions).values(r).onConflictDoNothing().returning();
  return row;
}

/**
 * A code of one partner's offers, in one statement whether the code is missing or another partner's:
 * the two misses do the same work and answer the same nothing.
 */
export async function partnerRedemptionByCode(db: Executor, partnerId: string, codeIndex: string) {
  const [row] = await db
    .select({ r: benefitRedemptions, offer: benefitOffers })
    .from(benefitRedemptions)
    .innerJoin(benefitOffers, eq(benefitOffers.id, benefitRedemptions.offerId))
    .where(and(eq(benefitRedemptions.codeIndex, codeIndex), eq(benefitOffers.partnerId, partnerId)));
  return row;
}

/**
 * Counts one lookup of an account, in one statement (a burst of parallel guesses cannot outrun the
 * count): a window begun before `windowStart` is over, and the count starts again at `now`.
 */
export async function countLookup(
  db: Executor,
  accountId: string,
  purpose: LookupPurpose,
  now: Date,
  windowStart: Date,
): Promise<LookupTries> {
  const [row] = rowsOf<{ tries: number; since: string | Date }>(
    await db.execute(sql`insert into benefit_lookup_tries (account_id, purpose, tries, since) values (${accountId}, ${purpose}, 1, ${now})
      on conflict (account_id, purpose) do update set
        tries = case when benefit_lookup_tries.since <= ${windowStart} then 1 else benefit_lookup_tries.tries + 1 end,
        since = case when benefit_lookup_tries.since <= ${windowStart} then excluded.since else benefit_lookup_tries.since end
      returning tries, since`),
  );
  return { tries: Number(row.tries), since: new Date(row.since) };
}

/** Counts one advantage check of a partner (over all its accounts), as countLookup does for an account. */
export async function countPartnerLookup(db: Executor, partnerId: string, now: Date, windowStart: Date): Promise<LookupTries> {
  const [row] = rowsOf<{ tries: number; since: string | Date }>(
    await db.execute(sql`insert into benefit_partner_lookup_tries (partner_id, tries, since) values (${partnerId}, 1, ${now})
      on conflict (partner_id) do update set
        tries = case when benefit_partner_lookup_tries.since <= ${windowStart} then 1 else benefit_partner_lookup_tries.tries + 1 end,
        since = case when benefit_partner_lookup_tries.since <= ${windowStart} then excluded.since else benefit_partner_lookup_tries.since end
      returning tries, since`),
  );
  return { tries: Number(row.tries), since: new Date(row.since) };
}

/** Takes back a lookup that found what it looked for (the misses' count only; the checks' counts keep every one). */
export async function uncountLookup(db: Executor, accountId: string, purpose: LookupPurpose) {
  await db.execute(sql`update benefit_lookup_tries set tries = greatest(tries - 1, 0)
    where account_id = ${accountId} and purpose = ${purpose}`);
}

export async function redemptionById(db: Executor, id: string) {
  const [row] = await db.select().from(benefitRedemptions).where(eq(benefitRedemptions.id, id));
  return row;
}

/** Marks an open, unexpired code used: once (a second use finds it used). */
export async function markUsed(tx: Executor, id: string, by: string) {
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`update benefit_redemptions set status = 'used', used_at = now(), used_by = ${by}
      where id = ${id} and status = 'open' and expires_at > now() returning id`),
  );
  return rows.length > 0;
}

/** Closes an open code (expired or cancelled): once; the caller refunds only when this answers a row. */
export async function closeRedemption(tx: Executor, id: string, to: Extract<RedemptionStatus, 'expired' | 'cancelled'>) {
  const [row] = await tx
    .update(benefitRedemptions)
    .set({ status: to, closedAt: new Date() })
    .where(and(eq(benefitRedemptions.id, id), eq(benefitRedemptions.status, 'open')))
    .returning();
  return row;
}

/** Open codes past their date, oldest first, a batch at a time. */
export async function dueForExpiry(db: Executor, now: Date, limit: number) {
  return rowsOf<{ id: string }>(
    await db.execute(sql`select id from benefit_redemptions where status = 'open' and expires_at <= ${now.toISOString()}
      order by expires_at limit ${limit}`),
  );
}

export interface MyRedemption {
  id: string;
  offerId: string;
  title: string;
  partnerName: string;
  address: string;
  price: string;
  status: RedemptionStatus;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  codeSealed: string;
  codeKeyVersion: number;
}

export async function redemptionsOf(db: Executor, volunteerId: string) {
  return rowsOf<MyRedemption>(
    await db.execute(sql`select r.id, r.offer_id as "offerId", o.title, p.name as "partnerName", p.address, r.price::text as price,
        r.status, r.created_at as "createdAt", r.expires_at as "expiresAt", r.used_at as "usedAt",
        r.code_sealed as "codeSealed", r.code_key_version as "codeKeyVersion"
      from benefit_redemptions r join benefit_offers o on o.id = r.offer_id join benefit_partners p on p.id = o.partner_id
      where r.volunteer_id = ${volunteerId} order by (r.status = 'open') desc, r.created_at desc limit 100`),
  );
}

/** Per offer of a partner, over a China month: codes issued, used, expired, cancelled in it, and their points. */
export async function statementOf(db: Executor, partnerId: string, from: string, until: string) {
  return rowsOf<{
    offerId: string;
    title: string;
    kind: OfferKind;
    price: string;
    issued: number;
    used: number;
    expired: number;
    cancelled: number;
    pointsIssued: string;
    pointsRefunded: string;
  }>(
    await db.execute(sql`select o.id as "offerId", o.title, o.kind, o.price::text as price,
        count(*) filter (where r.created_at >= ${from} and r.created_at < ${until})::int as issued,
        count(*) filter (where r.used_at >= ${from} and r.used_at < ${until})::int as used,
        count(*) filter (where r.status = 'expired' and r.closed_at >= ${from} and r.closed_at < ${until})::int as expired,
        count(*) filter (where r.status = 'cancelled' and r.closed_at >= ${from} and r.closed_at < ${until})::int as cancelled,
        coalesce(sum(r.price) filter (where r.created_at >= ${from} and r.created_at < ${until}), 0)::numeric(14, 2)::text as "pointsIssued",
        coalesce(sum(r.price) filter (where r.status in ('expired', 'cancelled') and r.closed_at >= ${from} and r.closed_at < ${until}), 0)::numeric(14, 2)::text
          as "pointsRefunded"
      from benefit_offers o left join benefit_redemptions r on r.offer_id = o.id
      where o.partner_id = ${partnerId} and o.status <> 'draft'
      group by o.id order by o.title`),
  );
}

export async function partnerCount(db: Executor) {
  const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from benefit_partners`));
  return row.n;
}

/** The demo's lapsed code: issued `days` ago, past its date (the expiry job then refunds it). */
export async function backdate(db: Executor, id: string, days: number) {
  await db.execute(sql`update benefit_redemptions set created_at = now() - make_interval(days => ${days}),
    expires_at = now() - interval '1 day' where id = ${id}`);
}
