/** The star scheme and sanctions (issue 19), in both languages. */
export const honoursZhCN = {
  'stars.five': '星级须设五档门槛',
  'stars.positive': '门槛时长须大于 0',
  'stars.ascending': '每一档须高于上一档（{previous} 小时）',
  'sanction.kind.oneOf': '请选择惩戒类别',
  'sanction.reason.minLength': '惩戒事由至少 4 个字',
  'sanction.barYears.range': '禁评期限为 1 至 3 年（整年）',
  'sanction.startsOn.notFuture': '起始日期不能晚于今天',
  'sanction.recordIds.exists': '服务记录 {id} 不是该志愿者的记录',
  'sanction.revokeReason.minLength': '撤销理由至少 4 个字',
  'sanction.alreadyRevoked': '该惩戒已撤销',
  'entity.sanction': '惩戒记录',
} as const;

export const honoursEnUS: Record<keyof typeof honoursZhCN, string> = {
  'stars.five': 'A star scheme has five thresholds',
  'stars.positive': 'A threshold is more than 0 hours',
  'stars.ascending': 'Each threshold is above the one before ({previous} h)',
  'sanction.kind.oneOf': 'Choose the kind of sanction',
  'sanction.reason.minLength': 'Give the reason in at least 4 characters',
  'sanction.barYears.range': 'The bar lasts 1 to 3 whole years',
  'sanction.startsOn.notFuture': 'The start cannot be after today',
  'sanction.recordIds.exists': 'Service record {id} is not one of this volunteer’s',
  'sanction.revokeReason.minLength': 'Give the reason for revoking in at least 4 characters',
  'sanction.alreadyRevoked': 'This sanction has been revoked already',
  'entity.sanction': 'sanction',
};
