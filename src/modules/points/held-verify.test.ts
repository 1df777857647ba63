import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVolunteer } from '../../../test/factories.ts';
import { daysAhead, requestsWorld } from '../../../test/worlds/requests-world.ts';
import { rowsOf } from '../../db/client.ts';
import { cityAccount } from './ledger.ts';
import { heldOutOfBalance } from './time-bank-verify.queries.ts';

/**
 * The city's `held` account against the time-credit holds (docs/incentives.md "Spending credits on a
 * service"): its balance is what the holds still hold. The per-row checks name most tampering first; this
 * sum is the check that does not depend on any one row.
 */
let w: Awaited<ReturnType<typeof requestsWorld>>;
beforeAll(async () => {
  w = await requestsWorld();
});
afterAll(() => w.t.close());

describe('the held account reconciled with the holds', () => {
  it('matches with no holds, and is named once a hold row holds what the account does not', async () => {
    const held = await w.db.transaction((tx) => cityAccount(tx, 'time_credit', 'held'));
    expect(await heldOutOfBalance(w.db)).toBeUndefined();
    const r = await w.raise(w.community, {
      beneficiaryId: w.residentBeneficiary.id,
      categoryCode: 'elderly_care',
      channel: 'walk_in',
      windowStart: daysAhead(20, 9).toISOString(),
      windowEnd: daysAhead(20, 10).toISOString(),
    });
    const payer = await buildVolunteer(w.db, w.t.config, { areaCode: w.COMMUNITY });
    const [row] = rowsOf<{ id: string }>(
      await w.db.execute(sql`insert into time_credit_holds (request_id, payer_id, hours, rate, amount)
        values (${r.id}, ${payer.id}, 1, 1, 1) returning id`),
    );
    expect(await heldOutOfBalance(w.db)).toBe(held);
    // Given back in full (as a release would): nothing held any more, so the account matches again.
    await w.db.execute(sql`update time_credit_holds set status = 'released', released = 1 where id = ${row.id}`);
    expect(await heldOutOfBalance(w.db)).toBeUndefined();
  });
});
