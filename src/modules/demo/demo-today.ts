import type { DemoBeneficiary } from './demo-beneficiaries.ts';
import { chinaDate, type DemoRequest, type RequestGenerator } from './demo-requests.ts';

const MINUTE = 60_000;

/**
 * What the demo accounts find this morning: in their community a walk-in raised an hour ago, an
 * urgent call nobody has triaged (escalated twice), a cleaning job triaged and waiting, a low rating
 * awaiting the office; two walk-ins at their station; three requests the operator took today; and
 * the resident's own requests, four served over the year and one open.
 */
export function todaysWork(
  g: RequestGenerator,
  people: DemoBeneficiary[],
  seed: { demoCommunity: string; demoStationId: string },
  now: Date,
  today: string,
): DemoRequest[] {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * MINUTE);
  const home = people.filter((b) => b.areaCode === seed.demoCommunity && !b.accountId);
  const atStation = home.filter((b) => b.stationId === seed.demoStationId);
  const office = home.filter((b) => b.stationId !== seed.demoStationId);
  const callers = people.filter((b) => b.phone && b.areaCode !== seed.demoCommunity && b.profile !== 'never').slice(0, 3);
  const resident = people.find((b) => b.accountId);
  const open = { cancel: false };
  const out: DemoRequest[] = [];
  const add = (b: DemoBeneficiary | undefined, make: (b: DemoBeneficiary) => DemoRequest) => b && out.push(make(b));
  add(office[0], (b) =>
    g.make(b, { categoryCode: 'elderly_care', createdAt: ago(60), channel: 'walk_in', urgency: 'normal' }, { ...open, stallAt: 'new' }),
  );
  add(office[1], (b) =>
    g.make(b, { categoryCode: 'medical_escort', createdAt: ago(150), channel: 'walk_in', urgency: 'urgent' }, { ...open, stallAt: 'new' }),
  );
  add(office[2], (b) =>
    g.make(b, { categoryCode: 'cleaning', createdAt: ago(300), channel: 'walk_in', urgency: 'low' }, { ...open, stallAt: 'triaged' }),
  );
  add(office[3], (b) => {
    const start = new Date(Date.parse(`${today}T11:00:00+08:00`) - 3 * 86_400_000);
    return g.make(
      b,
      {
        categoryCode: 'meal_delivery',
        createdAt: new Date(start.getTime() - 26 * 60 * MINUTE),
        urgency: 'normal',
        window: [start, new Date(start.getTime() + 30 * MINUTE)],
      },
      { ...open, rating: 2, awaitingOffice: true },
    );
  });
  add(atStation[0], (b) =>
    g.make(b, { categoryCode: 'haircut', createdAt: ago(70), channel: 'walk_in', urgency: 'low' }, { ...open, stallAt: 'new' }),
  );
  add(atStation[1], (b) =>
    g.make(
      b,
      { categoryCode: 'companionship', createdAt: ago(200), channel: 'walk_in', urgency: 'normal' },
      { ...open, stallAt: 'triaged' },
    ),
  );
  callers.forEach((b, k) => {
    out.push(
      g.make(
        b,
        { categoryCode: 'meal_delivery', createdAt: ago(25 + 80 * k), channel: 'hotline', urgency: 'normal', byOperator: true },
        { ...open, stallAt: k === 2 ? 'triaged' : 'new' },
      ),
    );
  });
  if (resident) {
    [300, 210, 120, 45].forEach((days, k) => {
      const categoryCode = ['elderly_care', 'medical_escort', 'haircut', 'companionship'][k];
      out.push(g.make(resident, { categoryCode, createdAt: g.createdOn(dayBefore(today, days)), channel: 'app', urgency: 'normal' }, open));
    });
    const tomorrow = new Date(Date.parse(`${today}T09:00:00+08:00`) + 86_400_000);
    out.push(
      g.make(
        resident,
        {
          categoryCode: 'medical_escort',
          createdAt: ago(18 * 60),
          channel: 'app',
          urgency: 'normal',
          window: [tomorrow, new Date(tomorrow.getTime() + 180 * MINUTE)],
        },
        { ...open, stallAt: 'triaged' },
      ),
    );
  }
  return out;
}

const dayBefore = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/**
 * The demo volunteer's own served requests: they stand in for the first volunteer on the demo
 * organization's three latest closed or rated requests of more than a week ago, on days they hold
 * no other shift (the demo keeps one a day), so 我的服务记录 shows hours from a request they served.
 */
export function serveAsDemoVolunteer(
  requests: DemoRequest[],
  demo: { volunteerId: string; organizationId: string; busyDays: Set<string> },
  now: Date,
  count = 3,
): DemoRequest[] {
  const weekAgo = now.getTime() - 7 * 86_400_000;
  const days = new Set(demo.busyDays);
  const chosen: DemoRequest[] = [];
  const candidates = requests
    .filter(
      (r) =>
        r.organizationId === demo.organizationId &&
        (r.life.status === 'closed' || r.life.status === 'rated') &&
        r.volunteerIds.length > 0 &&
        r.windowEnd.getTime() < weekAgo,
    )
    .sort((a, b) => b.windowStart.getTime() - a.windowStart.getTime());
  // The most recent elderly care first: its hours deposit in the demo volunteer's time bank (issue 19).
  const care = candidates.findIndex((r) => r.categoryCode === 'elderly_care');
  if (care > 0) candidates.unshift(...candidates.splice(care, 1));
  for (const r of candidates) {
    if (chosen.length >= count) break;
    const day = chinaDate(r.windowStart);
    if (days.has(day)) continue;
    days.add(day);
    r.volunteerIds = [demo.volunteerId, ...r.volunteerIds.slice(1)];
    chosen.push(r);
  }
  return chosen;
}
