/** The time bank (时间银行, issue 19), in both languages. */
export const timeBankZhCN = {
  'timeBank.rule.required': '至少选择一个可存入时间的服务类别',
  'timeBank.rule.positive': '须大于 0（至多 100000）',
  'timeBank.rule.cents': '至多两位小数',
  'timeBank.rule.below': '每日上限不得超过终身上限 {max}',
} as const;

export const timeBankEnUS: Record<keyof typeof timeBankZhCN, string> = {
  'timeBank.rule.required': 'Choose at least one category whose hours deposit credits',
  'timeBank.rule.positive': 'Must be above 0 (at most 100 000)',
  'timeBank.rule.cents': 'Two decimals at most',
  'timeBank.rule.below': 'The daily cap may not exceed the lifetime cap of {max}',
};
