/** Messages of the HTTP edge and of signing in (split out of messages.ts, which spreads them into its catalogs). */
export const edgeZhCN = {
  'error.noNul': '不能包含空字符（U+0000）',
  'auth.slowDown': '此处登录失败次数过多，请 {seconds} 秒后再试',
};

export const edgeEnUS: Record<keyof typeof edgeZhCN, string> = {
  'error.noNul': 'must not contain the NUL character (U+0000)',
  'auth.slowDown': 'Too many failed sign-ins from here; try again in {seconds} s',
};
