/** Server-side messages in both languages. Keys are stable; texts may change. */
export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];

const zhCN = {
  'error.validation': '请求有误：{fields}',
  'error.notFound': '找不到该{entity}，或您无权查看',
  'error.unauthenticated': '请先登录',
  'error.forbidden': '您无权执行此操作',
  'error.csrf': '请求缺少有效的 CSRF 令牌，请刷新页面后重试',
  'error.conflict': '数据冲突：{what}',
  'error.rateLimited': '请求过于频繁，请 {seconds} 秒后再试',
  'error.payloadTooLarge': '请求体过大（上限 {limit}）',
  'error.badJson': '请求体不是有效的 JSON',
  'error.row': '第 {row} 行 ',
  'error.mediaType': '不支持该内容类型（Content-Type）',
  'error.badRequest': '请求无法处理',
  'error.internal': '服务器内部错误，请稍后再试（请求编号 {requestId}）',
  'auth.badCredentials': '账号或密码错误',
  'auth.locked': '登录失败次数过多，请 {minutes} 分钟后再试',
  'auth.wrongCurrentPassword': '当前密码不正确',
  'auth.weakPassword': '密码至少 10 位，且须包含字母和数字',
  'auth.samePassword': '新密码不能与当前密码相同',
  'area.parentMissing': '上级区划 {parent} 不存在',
  'area.badCode': '区划代码须为 4、6、9 或 12 位数字',
  'area.duplicateInFile': '区划代码 {code} 在文件中重复（第 {first} 行已出现）',
  'area.exists': '区划代码 {code} 已存在',
  'area.levelMismatch': '层级 {level} 与代码长度不符（应为 {expected}）',
  'area.required': '必填',
  'area.badPopulation': '人口须为 0 到 {max} 之间的整数',
  'area.tooLong': '最多 {max} 个字符',
  'area.latRange': '纬度须在 -90 到 90 之间',
  'area.lngRange': '经度须在 -180 到 180 之间',
  'area.badHeader': '缺少列：{columns}',
  'area.emptyFile': '文件中没有数据行',
  'area.badCsv': 'CSV 格式有误：{reason}',
  'area.tooManyRows': '一次最多导入 {limit} 行',
  'account.badPhone': '手机号须为 11 位中国大陆手机号',
  'account.areaMissing': '区划 {code} 不存在',
  'account.badUsername': '用户名须以字母开头，3–32 位字母、数字、点、横线或下划线',
  'field.required': '必填',
  'field.unknownCode': '未知的取值 {code}',
  'volunteer.docFormat': '证件号码格式不正确',
  'volunteer.docChecksum': '证件号码校验位不正确（GB 11643）',
  'volunteer.docBirthDate': '证件号码中的出生日期无效',
  'volunteer.docArea': '身份证号码的地区码无效',
  'volunteer.badBirthDate': '出生日期无效',
  'volunteer.birthMismatch': '出生日期与证件号码不符',
  'volunteer.sexMismatch': '性别与证件号码不符',
  'volunteer.areaLevel': '居住地须选择到社区（村）',
  'volunteer.areaMissing': '社区 {code} 不存在',
  'volunteer.consentRequired': '须同意志愿者注册协议和个人信息处理规则',
  'volunteer.guardianRequired': '未满 18 周岁须填写监护人姓名、手机号，并取得监护人同意',
  'volunteer.alreadyRegistered': '该证件已注册为志愿者',
  'volunteer.accountHasVolunteer': '本账号已注册为志愿者',
  'volunteer.phoneTaken': '该手机号已被其他账号使用，请直接登录',
  'volunteer.schoolTypeRequired': '填写学校时须选择学校类型',
  'volunteer.certificateRequired': '技能“{skill}”须填写证书编号',
  'volunteer.notActive': '该志愿者已注销',
  'organization.badUscc': '统一社会信用代码无效（GB 32100 校验）',
  'organization.usccRequired': '登记注册的志愿服务组织须填写统一社会信用代码',
  'organization.unitTypeRequired': '单位志愿服务队须选择单位类型',
  'organization.usccTaken': '该统一社会信用代码已有组织使用',
  'organization.badTransition': '组织当前状态为“{from}”，不能执行该操作',
  'organization.reasonRequired': '驳回、暂停或撤销须说明理由',
  'organization.parentMissing': '上级组织不存在或未生效',
  'organization.notActive': '该组织尚未生效或已暂停',
  'membership.notOpen': '该组织只接受邀请加入',
  'membership.exists': '已是该组织成员或申请正在处理',
  'membership.badTransition': '成员当前状态为“{from}”，不能执行该操作',
  'membership.lastLeader': '组织至少保留一名负责人',
  'station.unknownStandard': '未知的达标项 {code}',
  'station.keeperMissing': '找不到该手机号或用户名对应的账号',
  'skill.exists': '技能代码 {code} 已存在',
  'entity.volunteer': '志愿者',
  'entity.organization': '组织',
  'entity.membership': '成员',
  'entity.station': '服务站点',
  'entity.skill': '技能',
  'entity.area': '区划',
  'entity.auditEntry': '审计记录',
  'entity.account': '账号',
  'entity.route': '接口',
} as const;

export type MessageKey = keyof typeof zhCN;

const enUS: Record<MessageKey, string> = {
  'error.validation': 'Invalid request: {fields}',
  'error.notFound': 'No such {entity}, or you may not see it',
  'error.unauthenticated': 'Please sign in first',
  'error.forbidden': 'You may not do this',
  'error.csrf': 'The request lacks a valid CSRF token; reload the page and try again',
  'error.conflict': 'Conflict: {what}',
  'error.rateLimited': 'Too many requests; try again in {seconds} s',
  'error.payloadTooLarge': 'Request body too large (limit {limit})',
  'error.badJson': 'The request body is not valid JSON',
  'error.row': 'row {row} ',
  'error.mediaType': 'This content type is not supported',
  'error.badRequest': 'The request cannot be processed',
  'error.internal': 'Internal server error; please try again later (request {requestId})',
  'auth.badCredentials': 'Wrong account or password',
  'auth.locked': 'Too many failed sign-ins; try again in {minutes} minutes',
  'auth.wrongCurrentPassword': 'The current password is wrong',
  'auth.weakPassword': 'The password needs at least 10 characters with letters and digits',
  'auth.samePassword': 'The new password must differ from the current one',
  'area.parentMissing': 'Parent area {parent} does not exist',
  'area.badCode': 'An area code has 4, 6, 9 or 12 digits',
  'area.duplicateInFile': 'Area code {code} appears twice in the file (first on row {first})',
  'area.exists': 'Area code {code} already exists',
  'area.levelMismatch': 'Level {level} does not match the code length (expected {expected})',
  'area.required': 'Required',
  'area.badPopulation': 'Population must be a whole number from 0 to {max}',
  'area.tooLong': 'At most {max} characters',
  'area.latRange': 'Latitude must be between -90 and 90',
  'area.lngRange': 'Longitude must be between -180 and 180',
  'area.badHeader': 'Missing columns: {columns}',
  'area.emptyFile': 'The file has no data rows',
  'area.badCsv': 'The CSV is malformed: {reason}',
  'area.tooManyRows': 'At most {limit} rows per import',
  'account.badPhone': 'The phone number must be an 11-digit mainland mobile number',
  'account.areaMissing': 'Area {code} does not exist',
  'account.badUsername': 'A username starts with a letter and has 3–32 letters, digits, dots, dashes or underscores',
  'field.required': 'Required',
  'field.unknownCode': 'Unknown value {code}',
  'volunteer.docFormat': 'The document number is not in a valid format',
  'volunteer.docChecksum': 'The document number’s check character is wrong (GB 11643)',
  'volunteer.docBirthDate': 'The birth date inside the document number is not a real date',
  'volunteer.docArea': 'The ID number’s region code is not valid',
  'volunteer.badBirthDate': 'The birth date is not valid',
  'volunteer.birthMismatch': 'The birth date does not match the document number',
  'volunteer.sexMismatch': 'The sex does not match the document number',
  'volunteer.areaLevel': 'Choose a community (village) as the place of residence',
  'volunteer.areaMissing': 'Community {code} does not exist',
  'volunteer.consentRequired': 'You must accept the volunteer agreement and the personal-data rules',
  'volunteer.guardianRequired': 'Under 18: a guardian’s name, mobile number and consent are required',
  'volunteer.alreadyRegistered': 'This document is already registered as a volunteer',
  'volunteer.accountHasVolunteer': 'This account is already registered as a volunteer',
  'volunteer.phoneTaken': 'This mobile number belongs to another account; please sign in',
  'volunteer.schoolTypeRequired': 'Choose the type of school',
  'volunteer.certificateRequired': 'The skill “{skill}” needs a certificate number',
  'volunteer.notActive': 'This volunteer has been deregistered',
  'organization.badUscc': 'The unified social credit code is not valid (GB 32100 check)',
  'organization.usccRequired': 'A registered organization needs its unified social credit code',
  'organization.unitTypeRequired': 'A unit team needs the type of its unit',
  'organization.usccTaken': 'Another organization already has this unified social credit code',
  'organization.badTransition': 'The organization is “{from}”; this step is not possible',
  'organization.reasonRequired': 'Rejection, suspension and revocation need a reason',
  'organization.parentMissing': 'The parent organization does not exist or is not active',
  'organization.notActive': 'This organization is not active',
  'membership.notOpen': 'This organization takes members by invitation only',
  'membership.exists': 'Already a member, or an application is pending',
  'membership.badTransition': 'The membership is “{from}”; this step is not possible',
  'membership.lastLeader': 'An organization keeps at least one leader',
  'station.unknownStandard': 'Unknown standard item {code}',
  'station.keeperMissing': 'No account has this phone number or username',
  'skill.exists': 'Skill code {code} already exists',
  'entity.volunteer': 'volunteer',
  'entity.organization': 'organization',
  'entity.membership': 'membership',
  'entity.station': 'service station',
  'entity.skill': 'skill',
  'entity.area': 'area',
  'entity.auditEntry': 'audit entry',
  'entity.account': 'account',
  'entity.route': 'route',
};

const CATALOG: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

export function isMessageKey(key: string): key is MessageKey {
  return key in zhCN;
}

export function translate(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  return CATALOG[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) return `{${name}}`;
    // Parameters may themselves be message keys (e.g. the entity name).
    return typeof value === 'string' && isMessageKey(value) ? CATALOG[locale][value] : String(value);
  });
}

/** The first supported language in an Accept-Language header; Chinese by default. */
export function localeFromHeader(header: string | undefined): Locale {
  if (!header) return 'zh-CN';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en-US';
  }
  return 'zh-CN';
}
