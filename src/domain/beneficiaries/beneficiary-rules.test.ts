import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BeneficiaryFacts, beneficiaryIssues, maskAddress } from './beneficiary-rules.ts';

describe('maskAddress', () => {
  it.each([
    ['文新街道德加社区 3 幢 2 单元 501 室', '文新街道德加社区 3 幢 ***'],
    ['德加公寓12号楼1201', '德加公寓12号楼 ***'],
    ['南山路 1 号 301 室', '南山路 1 号 *** 室'],
    ['南山路1号', '南山路***号'],
    ['古荡湾新村 5 栋', '古荡湾新村 5 栋'],
    ['翠苑一区１８幢３０２', '翠苑一区18幢 ***'],
    ['德加社区活动室', '德加社区活动室'],
    // Chinese numerals are numbers too; one in the road's or compound's name is not a door.
    ['文三路一百号三幢三零一室', '文三路一百号三幢 ***'],
    ['南山路一号三零一室', '南山路一号***室'],
    ['文三路１００号３幢３０１室', '文三路100号3幢 ***'],
    ['文三路', '文三路'],
  ])('%s → %s', (address, masked) => {
    expect(maskAddress(address)).toBe(masked);
  });

  it('never keeps the last number of an address without a building', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), fc.integer({ min: 1, max: 99999 }), (street, door) => {
        const cleanStreet = street.replace(/[\d０-９]/g, '');
        const masked = maskAddress(`${cleanStreet}路${door}室`);
        expect(masked).not.toContain(String(door));
      }),
    );
  });
});

describe('beneficiaryIssues', () => {
  const base: BeneficiaryFacts = { kind: 'elderly_alone', consentBy: 'self', hasPhone: true, hasContactPhone: false, hasAddress: false };
  it.each<[string, Partial<BeneficiaryFacts>, string[]]>([
    ['a phone is enough', {}, []],
    ['a contact phone is enough', { hasPhone: false, hasContactPhone: true }, []],
    ['an address is enough', { hasPhone: false, hasAddress: true }, []],
    ['no way to reach them', { hasPhone: false }, ['phone:reachable']],
    ['a child in care on their own consent', { kind: 'child_in_care' }, ['consentBy:guardian']],
    ['a child in care on an office’s consent', { kind: 'child_in_care', consentBy: 'office' }, ['consentBy:guardian']],
    ['a child in care on a guardian’s consent', { kind: 'child_in_care', consentBy: 'guardian' }, []],
    ['born this year', { birthYear: 2026 }, []],
    ['born next year', { birthYear: 2027 }, ['birthYear:range']],
    ['born 120 years ago', { birthYear: 1906 }, []],
    ['born 121 years ago', { birthYear: 1905 }, ['birthYear:range']],
  ])('%s', (_, facts, expected) => {
    expect(beneficiaryIssues({ ...base, ...facts }, 2026).map((i) => `${i.field}:${i.rule}`)).toEqual(expected);
  });
});
