import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeResidentId, parseResidentId, residentIdCheckChar } from './resident-id.ts';

const TODAY = '2025-06-01';
const PROVINCES = ['11', '15', '21', '23', '31', '37', '41', '46', '50', '54', '61', '65', '71', '81', '82', '83'];

const iso = (d: Date) => d.toISOString().slice(0, 10);
const birthDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true }).map(iso);
const validId = fc
  .record({
    area: fc.tuple(fc.constantFrom(...PROVINCES), fc.stringMatching(/^\d{4}$/)).map(([p, rest]) => p + rest),
    birth: birthDate,
    seq: fc.stringMatching(/^\d{3}$/),
  })
  .map(({ area, birth, seq }) => ({ area, birth, seq, id: makeResidentId(area, birth, seq) }));
const otherChar = (c: string) => fc.constantFrom(...'0123456789X'.split('').filter((x) => x !== c));

describe('residentIdCheckChar', () => {
  it.each([
    // The worked example in GB 11643-1999.
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
    ['33010219900101123', '4'],
    ['00000000000000000', '1'],
  ])('%s → %s', (first17, check) => {
    expect(residentIdCheckChar(first17)).toBe(check);
  });

  it.each(['1101051949123100', '1101051949123100X', '110105194912310021'])('refuses %s', (bad) => {
    expect(() => residentIdCheckChar(bad)).toThrow(RangeError);
  });
});

describe('parseResidentId', () => {
  it.each([
    ['11010519491231002X', '11010519491231002X', '1949-12-31', 'female', '110105'],
    ['11010519491231002x', '11010519491231002X', '1949-12-31', 'female', '110105'],
    [' 1101 0519 4912 3100 2x ', '11010519491231002X', '1949-12-31', 'female', '110105'],
    ['１１０１０５１９４９１２３１００２Ｘ', '11010519491231002X', '1949-12-31', 'female', '110105'],
    [makeResidentId('330102', '1990-01-01', '123'), '330102199001011234', '1990-01-01', 'male', '330102'],
    [makeResidentId('810000', '2000-02-29', '010'), makeResidentId('810000', '2000-02-29', '010'), '2000-02-29', 'female', '810000'],
    [makeResidentId('650102', '1900-01-01', '001'), makeResidentId('650102', '1900-01-01', '001'), '1900-01-01', 'male', '650102'],
    [makeResidentId('330102', TODAY, '002'), makeResidentId('330102', TODAY, '002'), TODAY, 'female', '330102'],
    // First-generation 15-digit number, upgraded to the 18-digit form.
    ['110105491231002', '11010519491231002X', '1949-12-31', 'female', '110105'],
    ['330102900101123', '330102199001011234', '1990-01-01', 'male', '330102'],
  ])('%j is valid as %s', (input, value, birth, sex, areaCode) => {
    expect(parseResidentId(input, TODAY)).toEqual({ ok: true, value, birthDate: birth, sex, areaCode });
  });

  it.each([
    ['', 'format'],
    ['1101051949123100', 'format'],
    ['1101051949123100201', 'format'],
    ['11010519491231002A', 'format'],
    ['1101051949123100X2', 'format'],
    ['110105-19491231002X', 'format'],
    ['11010549123100', 'format'],
    [makeResidentId('990101', '1990-01-01', '123'), 'area'],
    [makeResidentId('000000', '1990-01-01', '123'), 'area'],
    [makeResidentId('160101', '1990-01-01', '123'), 'area'],
    [makeResidentId('840101', '1990-01-01', '123'), 'area'],
    ['440524188001010014', 'birth_date'],
    [makeResidentId('330102', '1899-12-31', '123'), 'birth_date'],
    [makeResidentId('330102', '2025-06-02', '123'), 'birth_date'],
    [makeResidentId('330102', '2019-02-29', '123'), 'birth_date'],
    [makeResidentId('330102', '1990-13-01', '123'), 'birth_date'],
    [makeResidentId('330102', '1990-04-31', '123'), 'birth_date'],
    [makeResidentId('330102', '1990-01-00', '123'), 'birth_date'],
    ['110105491331002', 'birth_date'],
    ['110105194912310021', 'checksum'],
    ['330102199001011232', 'checksum'],
  ])('%j fails on %s', (input, rule) => {
    expect(parseResidentId(input, TODAY)).toEqual({ ok: false, rule });
  });

  it('reads back the area, birth date and sex it was built from', () => {
    fc.assert(
      fc.property(validId, ({ area, birth, seq, id }) => {
        expect(parseResidentId(id, TODAY)).toEqual({
          ok: true,
          value: id,
          birthDate: birth,
          sex: Number(seq[2]) % 2 === 1 ? 'male' : 'female',
          areaCode: area,
        });
      }),
    );
  });

  it('rejects every single mistyped character (ISO 7064 MOD 11-2)', () => {
    fc.assert(
      fc.property(
        validId.chain(({ id }) => fc.tuple(fc.constant(id), fc.integer({ min: 0, max: 17 }))),
        fc.nat(),
        ([id, i], pick) => {
          const choices = '0123456789X'.split('').filter((c) => c !== id[i]);
          const typo = id.slice(0, i) + choices[pick % choices.length] + id.slice(i + 1);
          expect(parseResidentId(typo, TODAY).ok).toBe(false);
        },
      ),
    );
    fc.assert(
      fc.property(
        validId.chain(({ id }) => fc.tuple(fc.constant(id), otherChar(id[17]))),
        ([id, wrong]) => {
          expect(parseResidentId(id.slice(0, 17) + wrong, TODAY)).toEqual({ ok: false, rule: 'checksum' });
        },
      ),
    );
  });

  it('rejects every swap of two different neighbouring characters', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 16 }), ({ id }, i) => {
        fc.pre(id[i] !== id[i + 1]);
        const swapped = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
        expect(parseResidentId(swapped, TODAY).ok).toBe(false);
      }),
    );
  });

  it('upgrades a 15-digit number to the 18-digit number of the same person', () => {
    const twentiethCentury = validId.filter(({ birth }) => birth.startsWith('19'));
    fc.assert(
      fc.property(twentiethCentury, ({ id }) => {
        const fifteen = id.slice(0, 6) + id.slice(8, 17);
        expect(parseResidentId(fifteen, TODAY)).toMatchObject({ ok: true, value: id });
      }),
    );
  });
});

describe('makeResidentId', () => {
  it.each([
    ['33010', '1990-01-01', '123'],
    ['330102', '19900101', '123'],
    ['330102', '1990-01-01', '12'],
    ['33010a', '1990-01-01', '123'],
  ])('refuses area %j, date %j, sequence %j', (area, birth, seq) => {
    expect(() => makeResidentId(area, birth, seq)).toThrow(RangeError);
  });
});
