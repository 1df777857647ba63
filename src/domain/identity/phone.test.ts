import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeMobile } from './phone.ts';

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
