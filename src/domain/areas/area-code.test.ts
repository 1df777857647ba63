import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWithinArea, levelOfCode, normalizeAreaCode, parentCodeOf } from './area-code.ts';

describe('area codes', () => {
  it.each([
    ['3301', 'city', undefined],
    ['330102', 'district', '3301'],
    ['330102001', 'street', '330102'],
    ['330102001001', 'community', '330102001'],
    ['33010', undefined, undefined],
    ['3301020010011', undefined, undefined],
    ['33a102', undefined, undefined],
  ])('%s is a %s under %s', (code, level, parent) => {
    expect(levelOfCode(code)).toBe(level);
    expect(parentCodeOf(code)).toBe(parent);
  });

  it.each([
    ['330000000000', '3300'],
    ['330102000000', '330102'],
    ['330102001000', '330102001'],
    ['330102001001', '330102001001'],
    [' 330102 ', '330102'],
    ['33010', undefined],
  ])('normalizes %s to %s', (input, expected) => {
    expect(normalizeAreaCode(input)).toBe(expected);
  });

  const anyCode = fc.constantFrom(4, 6, 9, 12).chain((length) => fc.stringMatching(new RegExp(`^[1-9][0-9]{${length - 1}}$`)));

  it('walks up to a city, each parent a prefix one level up', () => {
    fc.assert(
      fc.property(anyCode, (code) => {
        let steps = 0;
        for (let c: string | undefined = code, p = parentCodeOf(code); p; c = p, p = parentCodeOf(p)) {
          expect(isWithinArea(c, p)).toBe(true);
          expect(levelOfCode(p)).toBeDefined();
          steps++;
        }
        expect(steps).toBe(['city', 'district', 'street', 'community'].indexOf(levelOfCode(code) as string));
      }),
    );
  });

  it('normalizing is idempotent and never deepens the level', () => {
    const depth = (c: string) => ['city', 'district', 'street', 'community'].indexOf(levelOfCode(c) as string);
    fc.assert(
      fc.property(anyCode, (code) => {
        const once = normalizeAreaCode(code) as string;
        expect(normalizeAreaCode(once)).toBe(once);
        expect(depth(once)).toBeLessThanOrEqual(depth(code));
        expect(code.startsWith(once)).toBe(true);
      }),
    );
  });
});
