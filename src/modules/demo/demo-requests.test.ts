import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REQUEST_URGENCIES } from '../../domain/requests/catalog.ts';
import { type BeneficiaryContext, generateBeneficiaries } from './demo-beneficiaries.ts';
import { lifecycle } from './demo-lifecycle.ts';
import { makeRng } from './demo-random.ts';

const HOUR = 3_600_000;

describe('a demo request’s life', () => {
  it('takes its steps in order, none after now, and climbs at most to the district when late', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom(...REQUEST_URGENCIES),
        fc.integer({ min: -400 * 24, max: 0 }),
        fc.boolean(),
        (seed, urgency, createdHoursAgo, cancel) => {
          const now = new Date('2026-12-07T06:00:00Z');
          const createdAt = new Date(now.getTime() + createdHoursAgo * HOUR);
          const windowStart = new Date(createdAt.getTime() + 26 * HOUR);
          const life = lifecycle(makeRng(seed), {
            createdAt,
            windowStart,
            windowEnd: new Date(windowStart.getTime() + HOUR),
            urgency,
            now,
            cancel,
          });
          const s = life.steps;
          const times = [createdAt, s.triagedAt, s.assignedAt, s.startedAt, s.doneAt, s.ratedAt, s.closedAt].filter((t) => t !== undefined);
          for (let i = 1; i < times.length; i++) expect(times[i].getTime()).toBeGreaterThan(times[i - 1].getTime());
          for (const t of [...times, s.cancelledAt]) if (t) expect(t.getTime()).toBeLessThanOrEqual(now.getTime());
          expect(life.status === 'cancelled').toBe(s.cancelledAt !== undefined);
          expect(life.rating === null).toBe(s.ratedAt === undefined);
          for (const e of life.escalations) expect(e.level).toBeLessThanOrEqual(2);
          // A request still waiting for triage past its due time has climbed.
          if (!s.triagedAt && !s.cancelledAt && life.triageDueAt < now) expect(life.escalations.length).toBeGreaterThan(0);
        },
      ),
    );
  });

  it('is held open when stalled: a request nobody triaged in three hours has climbed twice', () => {
    const now = new Date('2026-12-07T06:00:00Z');
    const createdAt = new Date(now.getTime() - 150 * 60_000);
    const life = lifecycle(makeRng(1), {
      createdAt,
      windowStart: new Date(now.getTime() + HOUR),
      windowEnd: new Date(now.getTime() + 2 * HOUR),
      urgency: 'urgent',
      now,
      stallAt: 'new',
    });
    expect(life.status).toBe('new');
    expect(life.escalations.map((e) => e.level)).toEqual([1, 2]);
  });
});

describe('the demo beneficiaries', () => {
  const ctx: BeneficiaryContext = {
    today: '2026-12-07',
    communities: [
      { code: '330102001001', name: '清波社区', street: '清波街道', lat: 30.24, lng: 120.16, volunteers: 400 },
      { code: '330102001002', name: '柳翠井巷社区', street: '清波街道', lat: 30.25, lng: 120.17, volunteers: 9_600 },
    ],
    stationsByCommunity: new Map(),
    demo: {
      community: '330102001001',
      stationId: 'station',
      residentAccountId: 'resident',
      communityAccountId: null,
      stationAccountId: null,
    },
  };

  it('are one per 50 volunteers, the resident’s own record among them, the same on every run', () => {
    const people = generateBeneficiaries(ctx);
    expect(people).toEqual(generateBeneficiaries(ctx));
    expect(people.filter((b) => b.areaCode === '330102001002')).toHaveLength(192);
    expect(people.filter((b) => b.accountId === 'resident')).toHaveLength(1);
    expect(people.filter((b) => b.stationId === 'station')).toHaveLength(6);
    expect(new Set(people.flatMap((b) => [b.phone, b.contactPhone]).filter(Boolean)).size).toBe(
      people.flatMap((b) => [b.phone, b.contactPhone]).filter(Boolean).length,
    );
  });
});
