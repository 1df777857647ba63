import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaInstant } from '../activities/schedule.ts';
import { chinaMinuteOfDay, hhmmOf, type InvitationFacts, inQuietHours, invitationSkip, minutesOf } from './reach.ts';

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
