/** Points (志愿积分, issue 19), in both languages. */
export const pointsZhCN = {
  'points.amountPositive': '积分变动金额须大于 0',
  'points.overdraft': '账户余额不足：不得低于 {floor}',
  'points.bonusCap': '本月奖励积分已达上限 {cap}，尚可奖励 {left}',
  'points.bonusSelf': '不能为本人的服务记录给予奖励积分',
  'points.bonusWindow': '只能为近 {days} 天内的服务记录给予奖励积分',
  'points.rule.positive': '每小时积分须大于 0（至多 10000）',
  'points.rule.range': '倍数须在 {min} 到 {max} 之间',
  'points.rule.min': '每月奖励上限须为不小于 {min} 的整数',
  'points.rule.cents': '至多两位小数',
  'points.checkpointInvalid': '锚点文件无效：不是本平台签名的积分台账锚点',
} as const;

export const pointsEnUS: Record<keyof typeof pointsZhCN, string> = {
  'points.amountPositive': 'A movement of points must be above 0',
  'points.overdraft': 'Not enough points: the balance may not go below {floor}',
  'points.bonusCap': 'This month’s bonus cap of {cap} is reached: {left} left',
  'points.bonusSelf': 'You cannot give bonus points for your own service record',
  'points.bonusWindow': 'Bonus points are given only for service in the last {days} days',
  'points.rule.positive': 'Points per hour must be above 0 (at most 10 000)',
  'points.rule.range': 'A multiplier is between {min} and {max}',
  'points.rule.min': 'The monthly bonus cap is a whole number of at least {min}',
  'points.rule.cents': 'Two decimals at most',
  'points.checkpointInvalid': 'Not a valid checkpoint: not a points-ledger checkpoint signed by this platform',
};
