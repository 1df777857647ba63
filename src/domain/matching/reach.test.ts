import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaInstant } from '../activities/schedule.ts';
import { chinaMinuteOfDay, hhmmOf, type InvitationFacts, inQuietHours, invitationSkip, minutesOf, quietHoursEnd } from './reach.ts';

describe('quiet hours', () => {
  it.each<[string, string, string | null, string | null, boolean]>([
    ['23:30 in 22:00–07:00', '23:30', '22:00', '07:00', true],
    ['06:59 in 22:00–07:00', '06:59', '22:00', '07:00', true],
    ['07:00 in 22:00–07:00 (the end is not quiet)', '07:00', '22:00', '07:00', false],
    ['12:30 in 12:00–14:00', '12:30', '12:00', '14:00', true],
    ['15:00 in 12:00–14:00', '15:00', '12:00', '14:00', false],
    ['none set', '03:00', null, null, false],
  ])('%s', (_, at, from, to, quiet) => {
    expect(inQuietHours(minutesOf(at), from == null ? null : minutesOf(from), to == null ? null : minutesOf(to))).toBe(quiet);
  });

  it('reads the minute of the day in China time', () => {
    expect(chinaMinuteOfDay(chinaInstant('2026-12-07', '22:15'))).toBe(22 * 60 + 15);
  });

  it('writes and reads HH:MM back', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1439 }), (m) => minutesOf(hhmmOf(m)) === m));
  });
});

describe('when quiet hours end', () => {
  it.each<[string, string, string, string]>([
    ['23:30 in 22:00–07:00: tomorrow 07:00', '2026-12-07 23:30', '07:00', '2026-12-08 07:00'],
    ['06:59 in 22:00–07:00: a minute later', '2026-12-08 06:59', '07:00', '2026-12-08 07:00'],
    ['12:30 in 12:00–14:00: today 14:00', '2026-12-07 12:30', '14:00', '2026-12-07 14:00'],
    ['00:10 in 23:00–00:30: today 00:30', '2026-12-07 00:10', '00:30', '2026-12-07 00:30'],
  ])('%s', (_, at, to, end) => {
    const [date, time] = at.split(' ');
    const [endDate, endTime] = end.split(' ');
    expect(quietHoursEnd(chinaInstant(date, time), minutesOf(to))).toEqual(chinaInstant(endDate, endTime));
  });

  it('is always after now, within a day, on the minute the quiet hours end and outside them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2031-01-01T00:00:00Z') }),
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 0, max: 1439 }),
        (t, from, to) => {
          const now = new Date(t);
          if (!inQuietHours(chinaMinuteOfDay(now), from, to)) return;
          const end = quietHoursEnd(now, to);
          expect(end.getTime()).toBeGreaterThan(now.getTime());
          expect(end.getTime() - now.getTime()).toBeLessThanOrEqual(86_400_000);
          expect(chinaMinuteOfDay(end)).toBe(to);
          expect(inQuietHours(chinaMinuteOfDay(end), from, to)).toBe(false);
        },
      ),
    );
  });
});

describe('whether an invitation goes out', () => {
  const open: InvitationFacts = {
    invitationsOptIn: true,
    quietFrom: minutesOf('22:00'),
    quietTo: minutesOf('07:00'),
    weeklyInvitationCap: 3,
    sentThisWeek: 0,
    alreadyInvited: false,
  };
  const noon = chinaInstant('2026-12-07', '12:00');
  it.each<[string, Partial<InvitationFacts>, Date, string | null]>([
    ['sent at noon', {}, noon, null],
    ['held in quiet hours', {}, chinaInstant('2026-12-07', '23:00'), 'quietHours'],
    ['skipped at the weekly cap', { sentThisWeek: 3 }, noon, 'weeklyCap'],
    ['skipped when opted out', { invitationsOptIn: false }, noon, 'optedOut'],
    ['not sent twice', { alreadyInvited: true }, noon, 'alreadyInvited'],
  ])('%s', (_, facts, at, skip) => {
    expect(invitationSkip({ ...open, ...facts }, at)).toBe(skip);
  });
});
