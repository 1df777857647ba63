import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaInstant } from '../activities/schedule.ts';
import { creditedMinutes, DEFAULT_HOURS_RULE, hoursRuleIssues, roundHours, serviceHours } from './hours.ts';

const window = { start: chinaInstant('2026-12-05', '09:00'), end: chinaInstant('2026-12-05', '11:00') };
const at = (time: string) => chinaInstant('2026-12-05', time);

describe('service hours', () => {
  it.each([
    [0, 0],
    [15, 0],
    [16, 0.5],
    [45, 0.5],
    [46, 1],
    [60, 1],
    [75, 1],
    [76, 1.5],
    [106, 2],
    [120, 2],
  ])('%i minutes count as %f hours by default', (minutes, hours) => {
    expect(roundHours(minutes, DEFAULT_HOURS_RULE)).toBe(hours);
  });

  it('clips to the activity window (no commuting, no staying on), widened by the grace', () => {
    expect(serviceHours(at('08:30'), at('11:40'), window, DEFAULT_HOURS_RULE)).toBe(2);
    expect(creditedMinutes(at('08:50'), at('11:10'), window, 10)).toBe(140);
    expect(serviceHours(at('09:20'), at('10:00'), window, DEFAULT_HOURS_RULE)).toBe(0.5);
    expect(serviceHours(at('12:00'), at('13:00'), window, DEFAULT_HOURS_RULE)).toBe(0);
  });

  it('never credits more than the window and grace allow, and never less than zero (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -300, max: 600 }),
        fc.integer({ min: 0, max: 900 }),
        fc.integer({ min: 0, max: 30 }),
        (inOffset, length, grace) => {
          const checkIn = new Date(window.start.getTime() + inOffset * 60_000);
          const checkOut = new Date(checkIn.getTime() + length * 60_000);
          const minutes = creditedMinutes(checkIn, checkOut, window, grace);
          expect(minutes).toBeGreaterThanOrEqual(0);
          expect(minutes).toBeLessThanOrEqual(120 + 2 * grace);
          expect(roundHours(minutes, DEFAULT_HOURS_RULE)).toBeLessThanOrEqual(Math.ceil(minutes / 60));
        },
      ),
    );
  });

  it('takes the city’s own rule, and refuses one that is not ascending or out of range', () => {
    const quarter = {
      graceMinutes: 5,
      steps: [
        { upToMinutes: 7, hours: 0 },
        { upToMinutes: 22, hours: 0.25 },
        { upToMinutes: 37, hours: 0.5 },
        { upToMinutes: 52, hours: 0.75 },
      ],
    };
    expect(hoursRuleIssues(quarter)).toEqual([]);
    expect(roundHours(30, quarter)).toBe(0.5);
    expect(roundHours(55, quarter)).toBe(1);
    expect(
      hoursRuleIssues({
        graceMinutes: -1,
        steps: [
          { upToMinutes: 30, hours: 0.5 },
          { upToMinutes: 20, hours: 2 },
        ],
      }),
    ).toEqual([
      { field: 'graceMinutes', rule: 'range' },
      { field: 'steps.1.upToMinutes', rule: 'ascending' },
      { field: 'steps.1.hours', rule: 'range' },
    ]);
  });
});
