import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../db/client.ts';

/**
 * Benefits' movements reconciled with their causes (issue 19, docs/incentives.md), set-based beside
 * the records' (points-verify.queries.ts): a `redemption` moves a redemption's price from its
 * volunteer's own points account to `redeemed`; a `redemption_refund` moves it back, only for a
 * redemption that expired or was cancelled. Each at most once (the ledger's unique cause key).
 */
export async function firstUnreconciledRedemption(db: Executor) {
  const [row] = rowsOf<{ seq: string | null }>(
    await db.execute(sql`select min(m.seq)::text as seq from ledger_movements m
      left join benefit_redemptions r on r.id = m.cause_id
      join ledger_accounts dr on dr.id = m.debit_account_id
      join ledger_accounts cr on cr.id = m.credit_account_id
      where m.cause_type in ('redemption', 'redemption_refund')
        and (m.currency <> 'points' or r.id is null or m.amount <> r.price
          or (m.cause_type = 'redemption' and (dr.kind <> 'volunteer' or dr.owner_id <> r.volunteer_id or cr.kind <> 'redeemed'))
          or (m.cause_type = 'redemption_refund' and (r.status not in ('expired', 'cancelled')
            or cr.kind <> 'volunteer' or cr.owner_id <> r.volunteer_id or dr.kind <> 'redeemed')))`),
  );
  return row?.seq ? Number(row.seq) : undefined;
}

/** The first redemption that costs points without its movement, or closed (expired, cancelled) without its refund. */
export async function firstRedemptionWithoutMovement(db: Executor) {
  // EXCEPT, as for records: one pass over each side whatever the planner believes about sizes.
  const [row] = rowsOf<{ id: string }>(
    await db.execute(sql`with missing as (
        (select r.id, 'redemption' as cause from benefit_redemptions r where r.price > 0
          union all
         select r.id, 'redemption_refund' from benefit_redemptions r where r.price > 0 and r.status in ('expired', 'cancelled'))
        except
        select m.cause_id, m.cause_type from ledger_movements m where m.currency = 'points' and m.cause_type in ('redemption', 'redemption_refund')
      )
      select r.id from benefit_redemptions r join missing x on x.id = r.id order by r.created_at, r.id limit 1`),
  );
  return row?.id;
}

/**
 * The first redemption whose price is not its offer's: an offer's terms change only before it is
 * approved and a code is issued only while it is, so every code carries the offer's price. Catches
 * a code forged at price 0 (which needs no movement) for an offer that costs points.
 */
export async function firstRedemptionOffPrice(db: Executor) {
  const [row] = rowsOf<{ id: string }>(
    await db.execute(sql`select r.id from benefit_redemptions r join benefit_offers o on o.id = r.offer_id
      where r.price <> o.price order by r.created_at, r.id limit 1`),
  );
  return row?.id;
}

/**
 * The first offer whose stock does not add up: what is left plus the codes holding a unit (open or
 * used; an expired or cancelled code gave its unit back) is the stock the partner set. An unlimited
 * offer has neither.
 */
export async function firstOfferOffStock(db: Executor) {
  const [row] = rowsOf<{ id: string }>(
    await db.execute(sql`select o.id from benefit_offers o
      where (o.stock is null) <> (o.initial_stock is null)
        or o.stock + (select count(*) from benefit_redemptions r where r.offer_id = o.id and r.status in ('open', 'used')) <> o.initial_stock
      order by o.created_at, o.id limit 1`),
  );
  return row?.id;
}

/**
 * The first approved offer not on the terms its approval recorded: the latest entry of its status
 * changes must be an approval (or migration 0035's record of terms, for offers approved before), and
 * the offer's price, initial stock, per-person limit, stars, area and window must be the ones in it.
 * An offer put back to approved after a withdrawal, or changed after approval, or approved with no
 * entry at all, is named. The audit log is append-only (migration 0001): a writer of the offers'
 * table cannot bring the record in line.
 */
export async function firstOfferOffApproval(db: Executor) {
  const [row] = rowsOf<{ id: string }>(
    await db.execute(sql`with latest as (
        select distinct on (a.entity_id) a.entity_id, a.action, a.summary->'terms' as terms from audit_log a
        where a.entity_type = 'benefitOffer' and a.action in ('benefitOffer.submitted', 'benefitOffer.approved',
          'benefitOffer.rejected', 'benefitOffer.withdrawn', 'benefitOffer.draft', 'benefitOffer.termsRecorded')
        order by a.entity_id, a.id desc
      )
      select o.id from benefit_offers o left join latest l on l.entity_id = o.id::text
      where o.status = 'approved' and (l.entity_id is null or l.action not in ('benefitOffer.approved', 'benefitOffer.termsRecorded')
        or l.terms is null
        or (l.terms->>'kind') is distinct from o.kind
        or (l.terms->>'price')::numeric is distinct from o.price
        or (l.terms->>'initialStock')::int is distinct from o.initial_stock
        or (l.terms->>'perPersonLimit')::int is distinct from o.per_person_limit
        or (l.terms->>'minStars')::int is distinct from o.min_stars::int
        or (l.terms->>'areaPrefix') is distinct from o.area_prefix
        or (l.terms->>'validFrom')::date is distinct from o.valid_from
        or (l.terms->>'validTo')::date is distinct from o.valid_to)
      order by o.created_at, o.id limit 1`),
  );
  return row?.id;
}

/**
 * The first code whose use the audit holds that is not used as the use said: each `benefit.use` entry
 * wants its code used, by the account that used it, of the partner's offer and the volunteer's code
 * (entries before these were written name neither). A used code set back to open — to be used again
 * or cancelled for a refund — is named.
 */
export async function firstUseOffAudit(db: Executor) {
  const [row] = rowsOf<{ id: string }>(
    await db.execute(sql`select a.entity_id as id from audit_log a
      left join benefit_redemptions r on r.id::text = a.entity_id
      left join benefit_offers o on o.id = r.offer_id
      where a.action = 'benefit.use' and a.entity_type = 'redemption'
        and (r.id is null or r.status <> 'used' or r.used_by is distinct from a.actor_id
          or (a.summary->>'partnerId' is not null and (a.summary->>'partnerId') is distinct from o.partner_id::text)
          or (a.summary->>'volunteerId' is not null and (a.summary->>'volunteerId') is distinct from r.volunteer_id::text))
      order by a.id limit 1`),
  );
  return row?.id;
}
