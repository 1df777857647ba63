/** Signed statements for partners (证明, issue 19), in both languages. */
export const statementsZhCN = {
  'entity.statement': '证明',
  'statement.schoolRequired': '请填写学校名称',
  'statement.schoolPlain': '学校名称只能是一行文字，不能含换行、制表或不可见的控制字符',
  'statement.termTooLong': '一份实践证明的起止日期最长一年（366 天）',
  'statement.termRequired': '请选择学年和学期，或填写起止日期',
  'statement.termBoth': '学年学期与起止日期只能二选一',
  'statement.noHours': '所选期间没有已确认的服务时长',
  'statement.noHoursAtAll': '还没有已确认的服务时长，无法出具证明',
} as const;

export const statementsEnUS: Record<keyof typeof statementsZhCN, string> = {
  'entity.statement': 'statement',
  'statement.schoolRequired': 'Enter the school’s name',
  'statement.schoolPlain': 'The school’s name must be one line of text, without line breaks, tabs or invisible control characters',
  'statement.termTooLong': 'A practice statement covers at most one year (366 days)',
  'statement.termRequired': 'Choose a school year and term, or enter the dates',
  'statement.termBoth': 'Give either a school year and term or dates, not both',
  'statement.noHours': 'There are no confirmed hours in this term',
  'statement.noHoursAtAll': 'There are no confirmed hours yet to state',
};
