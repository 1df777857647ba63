/** A volunteer's reach: quiet hours and weekly caps, as the invitation sender applies them. */

const CHINA_OFFSET_MS = 8 * 3600_000;

/** Minutes after midnight, China time. */
export const chinaMinuteOfDay = (at: Date) => Math.floor(((at.getTime() + CHINA_OFFSET_MS) % 86_400_000) / 60_000);

/** "22:30" ↔ 1350. */
export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const hhmmOf = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Inside quiet hours [from, to): a range with from > to wraps past midnight (22:00–07:00); from = to is no quiet time. */
export function inQuietHours(minute: number, from: number | null, to: number | null): boolean {
  if (from == null || to == null || from === to) return false;
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

export type InvitationSkip = 'optedOut' | 'quietHours' | 'weeklyCap' | 'alreadyInvited' | 'notFound';

export interface InvitationFacts {
  invitationsOptIn: boolean;
  quietFrom: number | null;
  quietTo: number | null;
  weeklyInvitationCap: number;
  /** Invitations already sent to them this China week. */
  sentThisWeek: number;
  alreadyInvited: boolean;
}

/** Whether an invitation may go out now, or why it is skipped (the first reason that applies). */
export function invitationSkip(f: InvitationFacts, now: Date): InvitationSkip | null {
  if (f.alreadyInvited) return 'alreadyInvited';
  if (!f.invitationsOptIn) return 'optedOut';
  if (f.sentThisWeek >= f.weeklyInvitationCap) return 'weeklyCap';
  if (inQuietHours(chinaMinuteOfDay(now), f.quietFrom, f.quietTo)) return 'quietHours';
  return null;
}

/**
 * When the quiet hours `now` falls in end: the next time the China clock reads `to` (later today, or
 * tomorrow for a range past midnight). An invitation held through them is delivered then.
 */
export function quietHoursEnd(now: Date, to: number): Date {
  const minute = chinaMinuteOfDay(now);
  const wait = (to - minute + 1440) % 1440 || 1440;
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000 + wait * 60_000);
}
