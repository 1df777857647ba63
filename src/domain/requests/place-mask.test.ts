import { describe, expect, it } from 'vitest';
import { maskPlace } from './place-mask.ts';

const AREA = '文新街道德加社区';

describe('the place a volunteer sees before assignment', () => {
  it.each([
    // Arabic, full-width and Chinese numerals alike: the road only.
    ['文三路100号3幢301室', '文三路…'],
    ['文三路１００号３幢３０１室', '文三路…'],
    ['文三路一百号三幢三零一室', '文三路…'],
    ['文三路100号 3幢 301室', '文三路…'],
    // What the beneficiary record's masked form keeps (the building) is cut too.
    ['文三路100号3幢 ***', '文三路…'],
    // A lane, a unit, a floor without a number before it.
    ['南山路218弄6号', '南山路…'],
    ['西溪路德加公寓二单元五楼', '西溪路德加公寓…'],
    ['学院路西溪花园甲栋东单元', '学院路西溪花园…'],
    // A numeral that names the road or the compound stays (it is no door).
    ['中山北路二〇三号', '中山北路…'],
    ['朝晖二区15幢2单元', '朝晖二区…'],
    // No number at all: up to the last road or compound word, and never a person's own words.
    ['德加社区张大爷家', '德加社区…'],
    // Nothing of a road or compound left: the area's name.
    ['3幢301室', `${AREA}…`],
    ['张大爷家', `${AREA}…`],
    ['', `${AREA}…`],
  ])('%s → %s', (address, masked) => {
    expect(maskPlace(address, AREA)).toBe(masked);
  });

  it('never lets a digit, a Chinese numeral of a door or a door word through', () => {
    for (const address of ['文三路100号3幢301室', '文三路一百号三幢三零一室', '文三路１００号３幢３０１室', '南山路218弄6号501'])
      expect(maskPlace(address, AREA)).not.toMatch(/[0-9０-９号弄幢栋室单元楼]|[一二三四五六七八九十百千两〇零](?![路])/);
  });
});
