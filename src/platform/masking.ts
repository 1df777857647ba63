/**
 * How personal data is shown to someone who may not see it in full — one rule for the server,
 * the web app and every export (GB/T 35273-2020 §3.14: show no more than the viewer's task needs).
 *
 * | what | rule | example |
 * |---|---|---|
 * | a name | first and last character; one star for each one between (two characters: the first and a star) | 张志愿 → 张*愿, 李明 → 李*, 欧阳娜娜 → 欧**娜 |
 * | a child's name (under 14, PIPL Art 28/31: sensitive) | the first character only | 赵小明 → 赵** |
 * | a mobile number | the carrier prefix and the last four | 13812345678 → 138****5678 |
 * | an ID document | the first and last four (documents under 9 characters: the first and the last two) | 3301**********123X |
 */
export type NameMask = 'person' | 'child';

export function maskName(name: string, whose: NameMask = 'person'): string {
  const chars = [...name];
  if (chars.length <= 1) return whose === 'child' ? '*' : name;
  if (whose === 'child' || chars.length === 2) return `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 2))}`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

function mask(value: string, keepStart: number, keepEnd: number): string {
  if (value.length <= keepStart + keepEnd) return '*'.repeat(value.length);
  return value.slice(0, keepStart) + '*'.repeat(value.length - keepStart - keepEnd) + value.slice(value.length - keepEnd);
}

/** '13812345678' → '138****5678': the carrier prefix and last four are enough to recognise it. */
export function maskMobile(mobile: string): string {
  return mask(mobile, 3, 4);
}

/**
 * First and last four characters of an ID number ('3301**********123X'); documents shorter
 * than 9 characters keep the first character and the last two, so most of a short number stays hidden.
 */
export function maskIdNumber(value: string): string {
  return value.length < 9 ? mask(value, 1, 2) : mask(value, 4, 4);
}
