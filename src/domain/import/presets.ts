/**
 * Column mapping presets: how each platform's export names its columns. A file's header is
 * matched against the preset's names for each field (after trimming, full-width clean-up and
 * lowercasing), and every preset also accepts the generic names, so a hand-made sheet with
 * plain headers imports under any source.
 */
export const IMPORT_FIELDS = [
  'externalId',
  'name',
  'docType',
  'docNumber',
  'sex',
  'birthDate',
  'phone',
  'areaCode',
  'politicalStatus',
  'cadre',
  'education',
  'occupation',
  'schoolName',
  'schoolType',
  'skills',
  'languages',
  'serviceCategories',
  'guardianName',
  'guardianPhone',
  'registeredAt',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Without these a row cannot be anyone: the rest may be missing from a platform's export. */
export const REQUIRED_FIELDS: readonly ImportField[] = ['name', 'phone', 'areaCode'];

type Names = Partial<Record<ImportField, readonly string[]>>;

const GENERIC: Names = {
  externalId: ['external_id', 'id', '编号', '志愿者编号', '平台编号', '用户id', '用户编号'],
  name: ['name', '姓名', '真实姓名'],
  docType: ['doc_type', 'document_type', '证件类型'],
  docNumber: ['doc_number', 'id_number', 'document_number', '证件号码', '证件号', '身份证号', '身份证号码', '公民身份号码'],
  sex: ['sex', 'gender', '性别'],
  birthDate: ['birth_date', 'birthday', 'date_of_birth', '出生日期', '生日'],
  phone: ['phone', 'mobile', '手机', '手机号', '手机号码', '联系电话', '联系方式'],
  areaCode: ['area_code', 'community_code', '社区代码', '社区编码', '所在社区代码', '区划代码', '所在区划代码'],
  politicalStatus: ['political_status', '政治面貌'],
  cadre: ['cadre', 'is_cadre', '是否干部', '干部身份', '干部'],
  education: ['education', '学历', '最高学历', '文化程度'],
  occupation: ['occupation', '职业', '从业状况'],
  schoolName: ['school_name', 'school', '学校', '所在学校', '就读学校'],
  schoolType: ['school_type', '学校类型'],
  skills: ['skills', '技能', '专业技能', '志愿者技能'],
  languages: ['languages', '语言', '外语', '外语能力'],
  serviceCategories: ['service_categories', '服务类别', '服务意向', '意向服务类别'],
  guardianName: ['guardian_name', '监护人', '监护人姓名'],
  guardianPhone: ['guardian_phone', '监护人电话', '监护人手机', '监护人联系电话'],
  registeredAt: ['registered_at', '注册时间', '注册日期'],
};

export interface SourcePreset {
  /** The code kept on every link to the platform (volunteer_sources.source). */
  source: string;
  nameZh: string;
  nameEn: string;
  /** Names this platform's export uses, tried before the generic ones. */
  columns: Names;
}

export const PRESETS: readonly SourcePreset[] = [
  {
    source: 'volunteer_china',
    nameZh: '中国志愿服务网（全国志愿服务信息系统）',
    nameEn: 'China Volunteer Service Network',
    columns: {
      externalId: ['志愿者id', '志愿者标识'],
      docNumber: ['证件号码'],
      phone: ['手机号码'],
      areaCode: ['所在区划代码', '居住地区划代码'],
      registeredAt: ['注册时间'],
    },
  },
  {
    source: 'zyh',
    nameZh: '志愿汇',
    nameEn: 'Zhiyuanhui app',
    columns: {
      externalId: ['用户id', '志愿汇id'],
      docNumber: ['证件号'],
      phone: ['联系方式', '手机'],
      areaCode: ['社区编码'],
      skills: ['个人技能'],
    },
  },
  {
    source: 'zjvolunteer',
    nameZh: '志愿浙江',
    nameEn: 'Zhejiang Volunteer Network',
    columns: {
      externalId: ['志愿者编号'],
      name: ['真实姓名'],
      docNumber: ['身份证号码'],
      phone: ['手机号'],
      areaCode: ['所属社区代码'],
      serviceCategories: ['服务意向'],
    },
  },
  { source: 'generic', nameZh: '通用格式', nameEn: 'Generic', columns: {} },
];

/** How a missing column is named to a person: its usual Chinese header and its plain one. */
export function columnHint(field: ImportField): string {
  const names = GENERIC[field] ?? [];
  const chinese = names.find((n) => /[\u4e00-\u9fff]/.test(n));
  return chinese ? `${chinese}（${names[0]}）` : (names[0] ?? field);
}

export function findPreset(source: string): SourcePreset | undefined {
  return PRESETS.find((p) => p.source === source);
}

/** The header cell as the mapping compares it: trimmed, half-width, lowercased, no inner spaces. */
export function headerKey(cell: string): string {
  return cell
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '')
    .replace(/^\uFEFF/, '')
    .toLowerCase();
}

export interface HeaderMapping {
  /** Column index for each field the file has. */
  columns: Partial<Record<ImportField, number>>;
  /** Header cells that map to no field (kept in the preview so nobody wonders where they went). */
  ignored: string[];
  missing: ImportField[];
}

export function mapHeader(header: readonly string[], preset: SourcePreset): HeaderMapping {
  const keys = header.map(headerKey);
  const columns: Partial<Record<ImportField, number>> = {};
  const used = new Set<number>();
  for (const field of IMPORT_FIELDS) {
    const names = [...(preset.columns[field] ?? []), ...(GENERIC[field] ?? [])].map(headerKey);
    const index = names.map((n) => keys.findIndex((k, i) => k === n && !used.has(i))).find((i) => i >= 0);
    if (index !== undefined) {
      columns[field] = index;
      used.add(index);
    }
  }
  return {
    columns,
    ignored: header.filter((h, i) => !used.has(i) && h.trim() !== ''),
    missing: REQUIRED_FIELDS.filter((f) => columns[f] === undefined),
  };
}
