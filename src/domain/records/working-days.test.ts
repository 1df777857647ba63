import { describe, expect, it } from 'vitest';
import { addWorkingDays, recordDeadline } from './working-days.ts';

describe('working days (Art 11: records within 10 working days)', () => {
  it('skips weekends', () => {
    expect(addWorkingDays('2026-12-04', 1)).toBe('2026-12-07'); // Friday → Monday
    expect(addWorkingDays('2026-12-05', 1)).toBe('2026-12-07'); // Saturday → Monday
    expect(recordDeadline('2026-12-05')).toBe('2026-12-18'); // a Saturday activity: two full weeks
    expect(recordDeadline('2026-12-07')).toBe('2026-12-21');
  });
});
