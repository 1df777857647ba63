import { makeResidentId } from '../src/domain/identity/index.ts';

/**
 * Export files of three platforms about one population, for import tests and the benchmark.
 * Person i is listed by platform i % 3; a share of people is listed by a second platform too,
 * with that platform's own id, column names and habits. Each platform's id ends in the
 * person's index, so a test can tell a false merge (two people in one record) from a missed
 * one (one person in two records).
 */
export const SOURCES = ['volunteer_china', 'zyh', 'zjvolunteer'] as const;
type Source = (typeof SOURCES)[number];

const HEADERS: Record<Source, string> = {
  volunteer_china: '志愿者ID,姓名,证件类型,证件号码,性别,出生日期,手机号码,所在区划代码,政治面貌,技能',
  zyh: '用户ID,姓名,证件号,联系方式,社区编码,政治面貌,个人技能,外语能力',
  zjvolunteer: '志愿者编号,真实姓名,身份证号码,手机号,所属社区代码,服务意向',
};

const FAMILY =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力云飞鹏宇浩然欣怡子涵梓轩思雨雪梅国庆志海春晓东';
const POLITICAL = ['群众', '共青团员', '中共党员', '群众', '群众'];
const SKILLS = ['急救', '外语翻译', '心理咨询', '驾驶', '', '', ''];

export interface Person {
  index: number;
  name: string;
  docNumber: string;
  birthDate: string;
  phone: string;
  areaCode: string;
}

export function personOf(index: number, communities: readonly string[]): Person {
  const day = index % 18_000;
  const birth = new Date(Date.UTC(1950, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  const seq = String(Math.floor(index / 18_000) % 1000).padStart(3, '0');
  const name =
    FAMILY[index % FAMILY.length] + GIVEN[Math.floor(index / 7) % GIVEN.length] + (index % 3 ? GIVEN[(index * 13) % GIVEN.length] : '');
  return {
    index,
    name,
    docNumber: makeResidentId('330106', birth, seq),
    birthDate: birth,
    phone: `13${String(100_000_000 + index).slice(-9)}`,
    areaCode: communities[index % communities.length],
  };
}

export const externalIdOf = (source: Source, index: number) =>
  source === 'zyh' ? String(3_300_000_000 + index) : source === 'zjvolunteer' ? `ZJ${index}` : `CN-${index}`;
export const personOfExternalId = (externalId: string) => Number(/(\d+)$/.exec(externalId)?.[1] ?? -1) % 3_300_000_000;

export interface SyntheticOptions {
  /** People in all; rows are people × (1 + second listings). */
  persons: number;
  /** Share of all rows that list someone another platform lists too (0.3 → 30 %). */
  overlap: number;
  communities: readonly string[];
  /** Every n-th row carries a broken ID number (rejected). 0 for none. */
  invalidEvery?: number;
  /** Every n-th row of zjvolunteer lacks the ID number (name + phone only). 0 for none. */
  withoutIdEvery?: number;
}

/** Does person i appear on a second platform? Chosen so second listings are `overlap` of all rows. */
export function secondSourceOf(index: number, overlap: number): number | undefined {
  const q = overlap / (1 - overlap);
  return ((index * 2_654_435_761) >>> 0) / 2 ** 32 < q ? (index + 1) % 3 : undefined;
}

const FULL_WIDTH = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/** One platform's file as CSV lines, header first; messy in the ways real exports are. */
export function* syntheticCsv(source: Source, options: SyntheticOptions): Generator<string> {
  const s = SOURCES.indexOf(source);
  yield HEADERS[source];
  let row = 0;
  for (let i = 0; i < options.persons; i++) {
    if (i % 3 !== s && secondSourceOf(i, options.overlap) !== s) continue;
    row++;
    const p = personOf(i, options.communities);
    let doc = p.docNumber;
    if (options.invalidEvery && row % options.invalidEvery === 0) doc = `${doc.slice(0, 17)}${doc[17] === '0' ? '1' : '0'}`;
    else if (row % 7 === 0) doc = doc.toLowerCase();
    else if (row % 11 === 0) doc = FULL_WIDTH(doc);
    const political = POLITICAL[i % POLITICAL.length];
    const skill = SKILLS[i % SKILLS.length];
    const id = externalIdOf(source, i);
    if (source === 'volunteer_china') {
      const birth = row % 5 === 0 ? p.birthDate.replace(/-0?/g, '/') : row % 5 === 1 ? p.birthDate.replace(/-/g, '') : p.birthDate;
      yield `${id},${p.name},居民身份证,${doc},${Number(p.docNumber[16]) % 2 ? '男' : '女'},${birth},${p.phone},${p.areaCode},${political},${skill}`;
    } else if (source === 'zyh') {
      const phone = row % 4 === 0 ? `${p.phone.slice(0, 3)} ${p.phone.slice(3, 7)} ${p.phone.slice(7)}` : p.phone;
      yield `${id}, ${p.name} ,${doc},${phone},${p.areaCode},${political},${skill},${i % 9 === 0 ? '英语(熟练)' : ''}`;
    } else {
      const withoutId = options.withoutIdEvery && row % options.withoutIdEvery === 0;
      yield `${id},${p.name},${withoutId ? '' : doc},+86${p.phone},${p.areaCode},${i % 4 === 0 ? '助老' : ''}`;
    }
  }
}
