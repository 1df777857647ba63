import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskMobile, maskName } from './masking.ts';

describe('maskName', () => {
  it.each([
    ['张志愿', '张*愿'],
    ['李明', '李*'],
    ['欧阳娜娜', '欧**娜'],
    ['王', '王'],
  ])('%s → %s for anyone who may not see it', (input, expected) => {
    expect(maskName(input)).toBe(expected);
  });

  it.each([
    ['赵小明', '赵**'],
    ['欧阳娜娜', '欧**'],
    ['李明', '李*'],
    ['王', '*'],
  ])("%s → %s for a child's name: the surname only", (input, expected) => {
    expect(maskName(input, 'child')).toBe(expected);
  });

  it('never shows more of a name than its first and last character', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('张', '王', '明', '𠀀', 'a'), minLength: 2, maxLength: 8 }), (name) => {
        const chars = [...name];
        const masked = [...maskName(name)];
        expect(masked.filter((c) => c !== '*').length).toBeLessThanOrEqual(2);
        expect(masked[0]).toBe(chars[0]);
        expect([...maskName(name, 'child')].filter((c) => c !== '*')).toEqual([chars[0]]);
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
