import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { AreaInput } from '../../domain/areas/area-rows.ts';

export type DemoSize = 'small' | 'city';

/** Place-name stems with their pinyin, so the English UI shows believable names too. */
const STEMS: [string, string][] = [
  ['清波', 'Qingbo'],
  ['湖滨', 'Hubin'],
  ['小营', 'Xiaoying'],
  ['望江', 'Wangjiang'],
  ['南星', 'Nanxing'],
  ['紫阳', 'Ziyang'],
  ['采荷', 'Caihe'],
  ['凯旋', 'Kaixuan'],
  ['闸弄口', 'Zhanongkou'],
  ['四季青', 'Sijiqing'],
  ['彭埠', 'Pengbu'],
  ['笕桥', 'Jianqiao'],
  ['九堡', 'Jiubao'],
  ['丁兰', 'Dinglan'],
  ['米市巷', 'Mishixiang'],
  ['湖墅', 'Hushu'],
  ['小河', 'Xiaohe'],
  ['和睦', 'Hemu'],
  ['拱宸桥', 'Gongchenqiao'],
  ['大关', 'Daguan'],
  ['上塘', 'Shangtang'],
  ['祥符', 'Xiangfu'],
  ['康桥', 'Kangqiao'],
  ['半山', 'Banshan'],
  ['北山', 'Beishan'],
  ['西溪', 'Xixi'],
  ['翠苑', 'Cuiyuan'],
  ['古荡', 'Gudang'],
  ['文新', 'Wenxin'],
  ['留下', 'Liuxia'],
  ['转塘', 'Zhuantang'],
  ['蒋村', 'Jiangcun'],
  ['灵隐', 'Lingyin'],
  ['西兴', 'Xixing'],
  ['长河', 'Changhe'],
  ['浦沿', 'Puyan'],
  ['城厢', 'Chengxiang'],
  ['北干', 'Beigan'],
  ['蜀山', 'Shushan'],
  ['新塘', 'Xintang'],
  ['瓜沥', 'Guali'],
  ['义桥', 'Yiqiao'],
  ['闻堰', 'Wenyan'],
  ['临浦', 'Linpu'],
  ['五常', 'Wuchang'],
  ['仓前', 'Cangqian'],
  ['良渚', 'Liangzhu'],
  ['闲林', 'Xianlin'],
  ['瓶窑', 'Pingyao'],
  ['径山', 'Jingshan'],
  ['富春', 'Fuchun'],
  ['春江', 'Chunjiang'],
  ['东洲', 'Dongzhou'],
  ['银湖', 'Yinhu'],
  ['锦城', 'Jincheng'],
  ['玲珑', 'Linglong'],
  ['青山湖', 'Qingshanhu'],
  ['锦南', 'Jinnan'],
  ['南苑', 'Nanyuan'],
  ['东湖', 'Donghu'],
  ['星桥', 'Xingqiao'],
  ['乔司', 'Qiaosi'],
  ['白杨', 'Baiyang'],
  ['下沙', 'Xiasha'],
  ['河庄', 'Hezhuang'],
  ['义蓬', 'Yipeng'],
  ['桐君', 'Tongjun'],
  ['旧县', 'Jiuxian'],
  ['千岛湖', 'Qiandaohu'],
  ['文昌', 'Wenchang'],
  ['新安江', 'Xin’anjiang'],
  ['洋溪', 'Yangxi'],
  ['梅城', 'Meicheng'],
  ['寿昌', 'Shouchang'],
  ['汀洲', 'Tingzhou'],
  ['桂花', 'Guihua'],
  ['杨柳', 'Yangliu'],
  ['枫林', 'Fenglin'],
  ['荷花', 'Hehua'],
  ['梅园', 'Meiyuan'],
  ['竹苑', 'Zhuyuan'],
  ['兰亭', 'Lanting'],
  ['松木场', 'Songmuchang'],
  ['朝晖', 'Zhaohui'],
  ['潮鸣', 'Chaoming'],
  ['德胜', 'Desheng'],
  ['长庆', 'Changqing'],
  ['天水', 'Tianshui'],
  ['武林', 'Wulin'],
  ['石桥', 'Shiqiao'],
];
const COMMUNITY_SUFFIX: [string, string][] = [
  ['', ''],
  ['东', ' East'],
  ['西', ' West'],
  ['南', ' South'],
  ['北', ' North'],
  ['新', ' New'],
  ['花园', ' Garden'],
];

/** mulberry32: a tiny seeded generator, so the demo city is the same on every machine. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dataFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data/hangzhou-districts.csv');

/** Splits a total into `parts` random shares that add up to it exactly. */
function split(total: number, parts: number, random: () => number): number[] {
  const weights = Array.from({ length: parts }, () => 0.5 + random());
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => Math.floor((total * w) / sum));
  shares[0] += total - shares.reduce((a, b) => a + b, 0);
  return shares;
}

const round = (x: number) => Math.round(x * 10000) / 10000;

/**
 * Hangzhou with its real districts (codes, names, 2020 populations, centres) and generated
 * streets and communities: small ≈ 120 communities, city ≈ 1 000.
 */
export function generateDemoCity(size: DemoSize): AreaInput[] {
  const random = seededRandom(20230923); // the Asian Games opening day
  const rows = parse(readFileSync(dataFile, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const areas: AreaInput[] = [];
  const [streetsMin, streetsMax, commMin, commMax] = size === 'small' ? [3, 3, 3, 3] : [7, 9, 8, 12];
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  let stem = 0;
  for (const r of rows) {
    const base = {
      code: r.code,
      name: r.name,
      nameEn: r.name_en,
      population: Number(r.population_approx),
      lat: Number(r.lat),
      lng: Number(r.lng),
    };
    if (r.kind === 'city') {
      areas.push({ ...base, level: 'city', parentCode: null });
      continue;
    }
    areas.push({ ...base, level: 'district', parentCode: r.code.slice(0, 4) });
    const rural = r.kind !== 'district';
    const streetCount = between(streetsMin, streetsMax);
    const streetPops = split(base.population, streetCount, random);
    for (let s = 0; s < streetCount; s++) {
      const [zh, en] = STEMS[stem++ % STEMS.length];
      const isTown = rural && s > 0;
      const streetCode = `${r.code}${String(isTown ? 100 + s : s + 1).padStart(3, '0')}`;
      const sLat = base.lat + (random() - 0.5) * 0.12;
      const sLng = base.lng + (random() - 0.5) * 0.12;
      areas.push({
        code: streetCode,
        name: `${zh}${isTown ? '镇' : '街道'}`,
        nameEn: `${en} ${isTown ? 'Town' : 'Subdistrict'}`,
        level: 'street',
        parentCode: r.code,
        population: streetPops[s],
        lat: round(sLat),
        lng: round(sLng),
      });
      const communityCount = between(commMin, commMax);
      const commPops = split(streetPops[s], communityCount, random);
      for (let c = 0; c < communityCount; c++) {
        const [czh, cen] = STEMS[(stem + c * 7) % STEMS.length];
        const [sfx, sfxEn] = COMMUNITY_SUFFIX[c % COMMUNITY_SUFFIX.length];
        const village = isTown && c >= communityCount / 2;
        areas.push({
          code: `${streetCode}${String(village ? 200 + c : c + 1).padStart(3, '0')}`,
          name: `${czh}${sfx}${village ? '村' : '社区'}`,
          nameEn: `${cen}${sfxEn} ${village ? 'Village' : 'Community'}`,
          level: 'community',
          parentCode: streetCode,
          population: commPops[c],
          lat: round(sLat + (random() - 0.5) * 0.03),
          lng: round(sLng + (random() - 0.5) * 0.03),
        });
      }
    }
  }
  return areas;
}
