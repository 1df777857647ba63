import type { Rng } from './demo-random.ts';

/**
 * Word lists for believable people and places. Surnames are the common ones of Zhejiang, most
 * frequent first: their weights fall off like the real distribution (a Zipf-like curve).
 */
const SURNAMES = [
  ...'王陈张李徐周吴朱沈钱胡杨金黄林刘赵孙何蒋叶郑方俞潘杜章许洪冯汪姚邵楼蔡陆傅丁应马吕高余程施范项毛童',
  ...'骆袁宋唐韩曹彭曾肖田董魏任姜谢罗郭梁夏邱严虞盛裘鲍屠卢顾贾',
];
const SURNAME_WEIGHTS = SURNAMES.map((s, i) => [s, 1 / (i + 4)] as const);

const MALE_CHARS = [...'伟强磊军勇杰涛斌超明辉鹏飞俊浩宇轩博文晨阳凯建国华峰亮成志刚振海林波东晓睿哲铭泽'];
const FEMALE_CHARS = [...'芳娜敏静丽艳娟霞婷雪琳颖倩洁玲萍红燕慧佳欣怡悦涵梦瑶雅琪晴诗蕾萱彤妍思语楠'];
// Given names that mark a generation, so a 70-year-old is not called 梓涵.
const OLDER_NAMES = {
  male: ['建国', '建华', '国强', '志明', '福根', '金水', '永康'],
  female: ['秀英', '桂英', '玉兰', '凤英', '美华', '彩娣'],
};
const YOUNGER_NAMES = {
  male: ['子轩', '浩然', '宇航', '梓豪', '一鸣', '俊熙', '沐阳'],
  female: ['梓涵', '欣怡', '一诺', '语桐', '可馨', '诗琪'],
};

export function personName(rng: Rng, sex: 'male' | 'female', birthYear: number, surname = rng.weighted(SURNAME_WEIGHTS)): string {
  const era = birthYear < 1965 ? OLDER_NAMES : birthYear > 2005 ? YOUNGER_NAMES : null;
  if (era && rng.chance(0.35)) return surname + rng.pick(era[sex]);
  const chars = sex === 'male' ? MALE_CHARS : FEMALE_CHARS;
  return rng.chance(0.2) ? surname + rng.pick(chars) : surname + rng.pick(chars) + rng.pick(chars);
}

export const surnameOf = (name: string) => name[0];

/** Occupations of working-age volunteers, with the skills they bring often enough. */
export const OCCUPATIONS: readonly (readonly [string, number, string | null])[] = [
  ['企业职员', 22, null],
  ['教师', 8, 'tutoring'],
  ['医生', 3, 'physician'],
  ['护士', 3, 'nursing'],
  ['工程师', 7, 'it_support'],
  ['程序员', 5, 'it_support'],
  ['公务员', 6, null],
  ['社区工作者', 5, 'elderly_care'],
  ['律师', 1.5, 'lawyer'],
  ['个体经营者', 8, null],
  ['销售', 6, null],
  ['会计', 4, null],
  ['司机', 3, 'driving'],
  ['快递员', 3, null],
  ['外卖骑手', 2, null],
  ['自由职业', 4, 'photography'],
  ['消防员', 0.5, 'fire_safety'],
  ['心理咨询师', 0.5, 'counseling'],
];

export const UNIVERSITIES = [
  '浙江大学',
  '浙江工业大学',
  '杭州电子科技大学',
  '浙江理工大学',
  '中国美术学院',
  '浙江工商大学',
  '杭州师范大学',
  '浙江财经大学',
  '浙江中医药大学',
  '中国计量大学',
  '浙江传媒学院',
  '浙江外国语学院',
  '浙江树人学院',
  '杭州职业技术学院',
];

export const COMPANIES = ['海康威视', '阿里巴巴', '网易', '娃哈哈', '吉利汽车', '杭州银行', '浙能集团', '杭钢集团', '老板电器', '大华股份'];
export const GOVERNMENT_UNITS = ['税务局', '市场监管局', '卫健局', '教育局', '交警大队', '消防救援大队', '人社局', '住建局'];
export const TEAM_THEMES = [
  '邻里守望',
  '红色先锋',
  '夕阳红',
  '文明劝导',
  '平安巡防',
  '环保先锋',
  '助老爱老',
  '关爱儿童',
  '法律服务',
  '医疗健康',
  '垃圾分类',
  '文化宣传',
  '应急救援',
  '心理关爱',
  '亲子公益',
  '助残',
];
export const ROADS = [
  '解放路',
  '延安路',
  '体育场路',
  '文三路',
  '凤起路',
  '庆春路',
  '中河路',
  '天目山路',
  '莫干山路',
  '建国路',
  '江南大道',
  '秋涛路',
];

/** Service categories shared by volunteers, organizations and projects, with how descriptions name them. */
export const CATEGORY_NAMES: Record<string, string> = {
  community: '社区服务',
  elderly: '助老',
  children: '关爱儿童',
  disability: '助残',
  environment: '环境保护',
  culture: '文化宣传',
  medical: '医疗健康',
  legal: '法律援助',
  emergency: '应急救援',
  traffic: '文明交通',
  education: '教育辅导',
  event: '大型赛会',
};
export const SERVICE_CATEGORIES = Object.keys(CATEGORY_NAMES);

/** '清波街道' → '清波', '千岛湖镇' → '千岛湖': the stem schools and teams are named after. */
export const stemOf = (areaName: string) => areaName.replace(/(街道|镇|社区|村)$/, '');
