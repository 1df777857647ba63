import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskMobile, normalizeMobile } from './phone.ts';

const mobile = fc.stringMatching(/^1[3-9]\d{9}$/);

describe('normalizeMobile', () => {
  it.each([
    ['13812345678', '13812345678'],
    [' 138 1234 5678 ', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['+86-13812345678', '13812345678'],
    ['(+86) 138 1234 5678', '13812345678'],
    ['0086 13812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['＋８６\u3000１３８－１２３４－５６７８', '13812345678'],
    ['138\u200B12345678', '13812345678'],
    ['19912345678', '19912345678'],
    ['12812345678', undefined],
    ['1381234567', undefined],
    ['138123456789', undefined],
    ['+8612812345678', undefined],
    ['+8513812345678', undefined],
    ['0571-88888888', undefined],
    ['138.1234.5678', undefined],
    ['1381234567a', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('%j → %j', (input, expected) => {
    expect(normalizeMobile(input)).toBe(expected);
  });

  it('reads a number however it was grouped or prefixed', () => {
    const prefix = fc.constantFrom('', '+86', '+86 ', '0086', '86', '(+86)');
    const sep = fc.constantFrom('', ' ', '-');
    fc.assert(
      fc.property(mobile, prefix, sep, (m, p, s) => {
        expect(normalizeMobile(`${p}${m.slice(0, 3)}${s}${m.slice(3, 7)}${s}${m.slice(7)}`)).toBe(m);
      }),
    );
  });
});

describe('maskMobile', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['19900001111', '199****1111'],
    ['1234567', '*******'],
  ])('%s → %s', (input, expected) => {
    expect(maskMobile(input)).toBe(expected);
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['33010219900101123X', '3301**********123X'],
    ['USA123456789012', 'USA1*******9012'],
    ['M1234567890', 'M123***7890'],
    ['E12345678', 'E123*5678'],
    ['H1234567', 'H*****67'],
    ['12345678', '1*****78'],
    ['ABCD', 'A*CD'],
    ['ABC', '***'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(maskIdNumber(input)).toBe(expected);
  });

  it('keeps the length and shows only a few characters, each in its place', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Z]{1,20}$/), (value) => {
        const masked = maskIdNumber(value);
        expect(masked).toHaveLength(value.length);
        expect(masked.replace(/\*/g, '').length).toBeLessThanOrEqual(value.length < 9 ? Math.min(3, value.length - 1) : 8);
        for (let i = 0; i < value.length; i++) expect([value[i], '*']).toContain(masked[i]);
      }),
    );
  });
});
