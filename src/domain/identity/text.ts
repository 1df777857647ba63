/**
 * Text as people type it into Chinese forms: IMEs in full-width mode produce "１２３" and
 * "ＡＢＣ", and values pasted from web pages or Word carry zero-width characters. Every
 * identity check cleans its input here first, so one rule decides what "the same value" means.
 */

// Unicode "Halfwidth and Fullwidth Forms": U+FF01–U+FF5E mirror ASCII U+0021–U+007E at a
// fixed offset, so one subtraction maps the whole block.
const FULL_WIDTH_ASCII = /[\uFF01-\uFF5E]/g;
const FULL_WIDTH_OFFSET = 0xfee0;
const IDEOGRAPHIC_SPACE = /\u3000/g;

// Zero-width space, non-joiner, joiner and the byte-order mark: invisible, yet they make two
// equal-looking ID numbers compare unequal. JavaScript's \s does not cover the first three.
const ZERO_WIDTH = /[\u200B-\u200D\uFEFF]/g;

export function toHalfWidth(s: string): string {
  return s.replace(FULL_WIDTH_ASCII, (c) => String.fromCharCode(c.charCodeAt(0) - FULL_WIDTH_OFFSET)).replace(IDEOGRAPHIC_SPACE, ' ');
}

/** Free text (names, addresses): half-width, no invisible characters, single spaces, trimmed. */
export function cleanText(s: string): string {
  return toHalfWidth(s).replace(ZERO_WIDTH, '').replace(/\s+/g, ' ').trim();
}

/**
 * Codes (ID, passport, credit-code numbers): half-width, no whitespace at all, upper case,
 * so "3301 0219 9001 01123x" reads as "33010219900101123X". Dashes stay: no code we accept
 * contains one, so a dash is a typing error the validator should report, not hide.
 */
export function cleanCode(s: string): string {
  return toHalfWidth(s).replace(ZERO_WIDTH, '').replace(/\s+/g, '').toUpperCase();
}
