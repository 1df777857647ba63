import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageGroup, ageOn, isRealDate, parseLooseDate } from './dates.ts';

const iso = (d: Date) => d.toISOString().slice(0, 10);
// Any real day from 1900-03-01 (after Excel's phantom leap day) to 2173-10-13 (serial 99999).
const anyDay = fc.date({ min: new Date('1900-03-01T00:00:00Z'), max: new Date('2173-10-13T00:00:00Z'), noInvalidDate: true }).map(iso);
const excelSerialOf = (day: string) => (Date.parse(`${day}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;

describe('isRealDate', () => {
  it.each([
    [2019, 3, 5, true],
    [2019, 2, 29, false],
    [2020, 2, 29, true],
    [1900, 2, 29, false],
    [2000, 2, 29, true],
    [2019, 4, 31, false],
    [2019, 12, 31, true],
    [2019, 13, 1, false],
    [2019, 0, 10, false],
    [2019, 1, 0, false],
    [2019.5, 1, 1, false],
  ])('%d-%d-%d is %s', (y, m, d, expected) => {
    expect(isRealDate(y, m, d)).toBe(expected);
  });

  it('agrees with the JavaScript calendar', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2200 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        expect(isRealDate(y, m, d)).toBe(new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d);
      }),
    );
  });
});

describe('parseLooseDate', () => {
  it.each<[string | number | Date | null | undefined, string | undefined]>([
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [60, undefined],
    [61, '1900-03-01'],
    [43529, '2019-03-05'],
    [43529.75, '2019-03-05'],
    [20190305, '2019-03-05'],
    [0, undefined],
    [-5, undefined],
    [100000, undefined],
    [Number.NaN, undefined],
    ['43529', '2019-03-05'],
    [' 43529 ', '2019-03-05'],
    ['2019/3/5', '2019-03-05'],
    ['2019.03.05', '2019-03-05'],
    ['20190305', '2019-03-05'],
    ['2019-3-5', '2019-03-05'],
    ['2019年3月5日', '2019-03-05'],
    ['2019 年 3 月 5 日', '2019-03-05'],
    ['2019年03月05', '2019-03-05'],
    ['２０１９／３／５', '2019-03-05'],
    ['\u3000 2019-03-05 ', '2019-03-05'],
    ['2019-03-05T00:00:00Z', '2019-03-05'],
    ['2019-03-05T23:30:00.000+08:00', '2019-03-05'],
    ['2019-03-05 08:15', '2019-03-05'],
    [new Date(Date.UTC(2019, 2, 5)), '2019-03-05'],
    [new Date(Date.UTC(2019, 2, 5, 23, 59)), '2019-03-05'],
    [new Date(Number.NaN), undefined],
    ['2019-02-30', undefined],
    ['20190230', undefined],
    ['2019/13/01', undefined],
    ['2019-03/05', undefined],
    ['2019-03-05-01', undefined],
    ['123456', undefined],
    ['5 March 2019', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('%j → %j', (input, expected) => {
    expect(parseLooseDate(input)).toBe(expected);
  });

  it('reads every written form of the same day as that day', () => {
    fc.assert(
      fc.property(anyDay, (day) => {
        const [y, m, d] = day.split('-');
        const forms = [day, `${y}/${+m}/${+d}`, `${y}.${m}.${d}`, `${y}${m}${d}`, `${y}年${+m}月${+d}日`, `${day}T12:00:00Z`];
        for (const form of forms) expect(parseLooseDate(form)).toBe(day);
        expect(parseLooseDate(new Date(`${day}T00:00:00Z`))).toBe(day);
      }),
    );
  });

  it('reads Excel serials after 1900-02-28 as Excel shows them', () => {
    fc.assert(
      fc.property(anyDay, (day) => {
        expect(parseLooseDate(excelSerialOf(day))).toBe(day);
        expect(parseLooseDate(String(excelSerialOf(day)))).toBe(day);
      }),
    );
  });

  it('never throws and returns only real dates', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.double(), fc.stringMatching(/^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?$/)), (input) => {
        const out = parseLooseDate(input);
        if (out !== undefined) {
          const [y, m, d] = out.split('-').map(Number);
          expect(isRealDate(y, m, d)).toBe(true);
        }
      }),
    );
  });
});

describe('ageOn', () => {
  it.each([
    ['2000-06-15', '2025-06-14', 24],
    ['2000-06-15', '2025-06-15', 25],
    ['2011-06-02', '2025-06-01', 13],
    ['2011-06-01', '2025-06-01', 14],
    ['2007-06-01', '2025-06-01', 18],
    ['2008-02-29', '2025-02-28', 16],
    ['2008-02-29', '2025-03-01', 17],
    ['2008-02-29', '2028-02-29', 20],
    ['2025-06-01', '2025-06-01', 0],
  ])('born %s is %d on %s', (birth, today, expected) => {
    expect(ageOn(birth, today)).toBe(expected);
  });

  it.each(['2025-02-30', '2025/06/01', '', '25-06-01'])('refuses %j', (bad) => {
    expect(() => ageOn(bad, '2025-06-01')).toThrow(RangeError);
    expect(() => ageOn('2000-01-01', bad)).toThrow(RangeError);
  });

  it('never decreases as time passes and grows by one per year', () => {
    fc.assert(
      fc.property(anyDay, anyDay, anyDay, (birth, a, b) => {
        const [earlier, later] = a <= b ? [a, b] : [b, a];
        if (earlier < birth) return;
        expect(ageOn(birth, earlier)).toBeLessThanOrEqual(ageOn(birth, later));
        expect(ageOn(birth, earlier)).toBeGreaterThanOrEqual(0);
      }),
    );
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 0, max: 100 }), (birth, years) => {
        if (birth.endsWith('02-29')) return;
        const anniversary = `${String(Number(birth.slice(0, 4)) + years)}${birth.slice(4)}`;
        expect(ageOn(birth, anniversary)).toBe(years);
      }),
    );
  });
});

describe('ageGroup', () => {
  it.each([
    [0, 'child'],
    [13, 'child'],
    [14, 'minor'],
    [17, 'minor'],
    [18, 'adult'],
    [90, 'adult'],
  ] as const)('%d years is %s', (age, group) => {
    expect(ageGroup(age)).toBe(group);
  });
});
