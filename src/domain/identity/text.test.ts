import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanCode, cleanText, toHalfWidth } from './text.ts';

// The full-width twin of a printable ASCII string, as a Chinese IME in full-width mode types it.
const toFullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');
const printableAscii = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) });
const messyWhitespace = fc.constantFrom(' ', '\t', '\n', '\u3000', '\u200B', '\uFEFF', '  ');

describe('toHalfWidth', () => {
  it.each([
    ['３３０１', '3301'],
    ['ＡＢＣｘｙｚ', 'ABCxyz'],
    ['（１３８）－', '(138)-'],
    ['张\u3000三', '张 三'],
    ['～！', '~!'],
    ['already ascii', 'already ascii'],
    ['汉字不变', '汉字不变'],
  ])('%s → %s', (input, expected) => {
    expect(toHalfWidth(input)).toBe(expected);
  });

  it('maps every full-width printable character back to its ASCII twin', () => {
    fc.assert(
      fc.property(printableAscii, (s) => {
        expect(toHalfWidth(toFullWidth(s))).toBe(s);
      }),
    );
  });
});

describe('cleanText', () => {
  it.each([
    ['  张三  ', '张三'],
    ['西湖区\u3000\u3000文三路', '西湖区 文三路'],
    ['a\t\n b', 'a b'],
    ['王\u200B五', '王五'],
    ['\uFEFF李四', '李四'],
    ['Ｊｏｈｎ\u3000Ｓｍｉｔｈ', 'John Smith'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it('is idempotent and leaves no edge or doubled whitespace', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(printableAscii, messyWhitespace)), (parts) => {
        const once = cleanText(parts.join(''));
        expect(cleanText(once)).toBe(once);
        expect(once).toBe(once.trim());
        expect(once).not.toMatch(/\s\s|[\u200B-\u200D\uFEFF]/);
      }),
    );
  });
});

describe('cleanCode', () => {
  it.each([
    ['3301 0219 9001 01123x', '33010219900101123X'],
    ['３３０１０２１９９００１０１１２３ｘ', '33010219900101123X'],
    ['\u200B h1234 5678 ', 'H12345678'],
    ['91-350100', '91-350100'],
    ['ｖ３３０１', 'V3301'],
  ])('%j → %j', (input, expected) => {
    expect(cleanCode(input)).toBe(expected);
  });

  it('gives the same code however it was spaced, cased or typed', () => {
    const code = fc.stringMatching(/^[0-9A-Z]{1,20}$/);
    fc.assert(
      fc.property(code, fc.array(messyWhitespace), fc.boolean(), (value, noise, fullWidth) => {
        const typed = noise.reduce((s, n, i) => s.slice(0, i) + n + s.slice(i), value.toLowerCase());
        expect(cleanCode(fullWidth ? toFullWidth(typed) : typed)).toBe(value);
      }),
    );
  });
});
