/** The request categories, the city's request time limits and the over-service report, in both languages. */
export const guardZhCN = {
  'requestCategory.duplicate': '类别代码 {code} 重复',
  'requestCategory.unknownSkill': '技能目录中没有 {code}',
  'requestCategory.noneActive': '至少保留一个启用的需求类别',
  'requestCategory.badCode': '代码须以小写字母开头，由 2–40 位小写字母、数字或下划线组成',
  'requestCategory.guardEmpty': '防过度服务规则须设定每日或每周上限（不限则不设规则）',
  'requestCategory.guardWeekBelowDay': '每周上限不能少于每日上限',
  'requestSla.assignBeforeTriage': '派单时限不能短于分拣时限',
  'serviceGuard.badPeriod': '开始日期不能晚于结束日期，且期间不超过一年',
  'kpi.demand.answeredInTime': '按时响应的服务需求比例',
  'kpi.demand.fillRate': '服务需求人员满足率',
  'kpi.demand.medianMinutesToAssign': '派单用时中位数',
  'kpi.demand.servicesPerBeneficiary': '服务对象人均受服务次数',
  'kpi.demand.averageRating': '服务平均评分',
} as const;

export const guardEnUS: Record<keyof typeof guardZhCN, string> = {
  'requestCategory.duplicate': 'Category code {code} appears twice',
  'requestCategory.unknownSkill': 'The skills catalog has no {code}',
  'requestCategory.noneActive': 'Keep at least one request category in force',
  'requestCategory.badCode': 'A code starts with a lower-case letter and has 2–40 lower-case letters, digits or underscores',
  'requestCategory.guardEmpty': 'An over-service rule needs a daily or a weekly limit (no limit: no rule)',
  'requestCategory.guardWeekBelowDay': 'The weekly limit cannot be lower than the daily one',
  'requestSla.assignBeforeTriage': 'The time to assign cannot be shorter than the time to triage',
  'serviceGuard.badPeriod': 'The start cannot be after the end, and the period is at most a year',
  'kpi.demand.answeredInTime': 'Requests answered within the time set',
  'kpi.demand.fillRate': 'Fill rate (volunteers sent ÷ asked)',
  'kpi.demand.medianMinutesToAssign': 'Median time to assign',
  'kpi.demand.servicesPerBeneficiary': 'Services per beneficiary',
  'kpi.demand.averageRating': 'Average rating',
};
