import { randomBytes } from 'node:crypto';
import ical, { ICalCalendarMethod } from 'ical-generator';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../domain/auth/roles.ts';
import { notFound } from '../../platform/errors.ts';
import { getActivity } from '../activities/index.ts';
import { requireSelf } from '../volunteers/index.ts';
import * as q from './calendar.queries.ts';

/**
 * Calendars: a personal iCal feed per volunteer at a secret URL (accepted shifts from 90 days
 * back), and an .ics file per activity. Times are instants; calendar apps show them in the
 * reader's zone. The feed names the place and the position, never other people.
 */
const PAST_DAYS = 90;

function calendar(name: string) {
  // Instants in UTC (…Z): every calendar app shows them in its own zone; no VTIMEZONE needed.
  return ical({ name, prodId: { company: 'Volunet', product: 'volunet', language: 'ZH' } });
}

/**
 * The secret of the volunteer's feed (a setting of their own record): made on first use,
 * replaced on request (old links stop working).
 */
export async function calendarToken(db: Db, actor: Actor, renew: boolean) {
  const me = await requireSelf(db, actor, renew ? 'volunteer.update' : 'volunteer.read');
  const row = await q.calendarTokenOf(db, me.id);
  if (row?.token && !renew) return row.token;
  const token = randomBytes(24).toString('base64url');
  await q.setCalendarToken(db, me.id, token);
  return token;
}

export async function personalFeed(db: Db, token: string): Promise<string> {
  const owner = await q.feedOwner(db, token);
  if (!owner) throw notFound('entity.volunteer');
  const rows = await q.acceptedShifts(db, owner.id, new Date(Date.now() - PAST_DAYS * 86_400_000));
  const cal = calendar('志愿服务 · Volunet');
  for (const r of rows) {
    cal.createEvent({
      id: `${r.id}@volunet`,
      start: r.start,
      end: r.end,
      summary: `${r.title}（${r.position}）`,
      description: `${r.project}\n${r.description}`.trim(),
      location: r.lat != null && r.lng != null ? { title: r.address, geo: { lat: r.lat, lon: r.lng } } : r.address,
    });
  }
  return cal.toString();
}

/** One activity as an .ics file, for anyone who may see the activity. */
export async function activityIcs(db: Db, actor: Actor, activityId: string): Promise<string> {
  const a = await getActivity(db, actor, activityId);
  const cal = calendar(a.title);
  cal.method(ICalCalendarMethod.PUBLISH);
  cal.createEvent({
    id: `${a.id}@volunet`,
    start: a.startsAt,
    end: a.endsAt,
    summary: a.title,
    description: `${a.project.title} · ${a.project.organizationName}\n${a.description}`.trim(),
    location: a.lat != null && a.lng != null ? { title: a.address, geo: { lat: a.lat, lon: a.lng } } : a.address,
  });
  return cal.toString();
}
