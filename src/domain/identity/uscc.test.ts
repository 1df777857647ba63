import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeUscc, usccCheckChar, validateUscc } from './uscc.ts';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const codeChar = fc.constantFrom(...CHARSET.split(''));
const first17 = fc.array(codeChar, { minLength: 17, maxLength: 17 }).map((cs) => cs.join(''));

describe('usccCheckChar', () => {
  it.each([
    ['91350100M000100Y4', '3'],
    // Σ mod 31 = 0 gives 31, written as 0.
    ['00000000000000000', '0'],
    ['10000000000000000', 'Y'],
    ['01000000000000000', 'W'],
  ])('%s → %s', (first, check) => {
    expect(usccCheckChar(first)).toBe(check);
  });

  it.each(['91350100M000100Y', '91350100M000100Y43', '91350100I000100Y4', '91350100m000100Y4'])('refuses %j', (bad) => {
    expect(() => usccCheckChar(bad)).toThrow(RangeError);
  });
});

describe('validateUscc', () => {
  it.each([
    ['91350100M000100Y43', '91350100M000100Y43', '350100'],
    [' 9135 0100 m000 100y 43 ', '91350100M000100Y43', '350100'],
    ['９１３５０１００Ｍ０００１００Ｙ４３', '91350100M000100Y43', '350100'],
    [makeUscc('91330102MA2XXXXXX'), makeUscc('91330102MA2XXXXXX'), '330102'],
    ['000000000000000000', '000000000000000000', '000000'],
  ])('%j is valid as %s in area %s', (input, value, areaCode) => {
    expect(validateUscc(input)).toEqual({ ok: true, value, areaCode });
  });

  it.each([
    ['', 'format'],
    ['91350100M000100Y4', 'format'],
    ['91350100M000100Y433', 'format'],
    ['91350100I000100Y43', 'format'],
    ['91350100O000100Y43', 'format'],
    ['91350100Z000100Y43', 'format'],
    ['91350100S000100Y43', 'format'],
    ['91350100V000100Y43', 'format'],
    ['91-350100M000100Y4', 'format'],
    ['91350100M000100Y44', 'checksum'],
    ['91350100M000100Y34', 'checksum'],
  ])('%j fails on %s', (input, rule) => {
    expect(validateUscc(input)).toEqual({ ok: false, rule });
  });

  it('accepts every code it makes', () => {
    fc.assert(
      fc.property(first17, (first) => {
        const code = makeUscc(first);
        expect(validateUscc(code)).toEqual({ ok: true, value: code, areaCode: first.slice(2, 8) });
      }),
    );
  });

  it('rejects every single mistyped character, the check character included', () => {
    fc.assert(
      fc.property(first17, fc.integer({ min: 0, max: 17 }), codeChar, (first, i, c) => {
        const code = makeUscc(first);
        fc.pre(code[i] !== c);
        expect(validateUscc(code.slice(0, i) + c + code.slice(i + 1))).toEqual({ ok: false, rule: 'checksum' });
      }),
    );
  });
});
