import { generateKeyPairSync, randomBytes } from 'node:crypto';
import dayjs from 'dayjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CertificateFacts, canonicalFacts, certificateCode, parseCertificateCode, parseVerificationCode } from './certificate.ts';
import {
  type ResidencePointsFacts,
  residenceYears,
  schoolYearOf,
  signStatement,
  statementCode,
  statementVerifies,
  termBounds,
  yearsWithHours,
} from './statement.ts';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const facts: ResidencePointsFacts = {
  kind: 'residencePoints',
  code: statementCode(randomBytes(10)),
  volunteerNo: 'V3301000000017',
  name: '张志愿',
  docMasked: '3301**********123X',
  issuedBy: 'volunteer',
  issuingOffice: null,
  issuedOn: '2026-11-23',
  years: [
    { year: 2025, hours: 40 },
    { year: 2026, hours: 12.5 },
  ],
  totalHours: 52.5,
  stars: 0,
  awards: [{ title: '2025年度最美志愿者', year: 2025, grantedOn: '2025-12-20' }],
};

describe('school terms', () => {
  it.each([
    [2025, 'autumn', '2025-09-01', '2026-01-31'],
    [2025, 'spring', '2026-02-01', '2026-08-31'],
    [2027, 'spring', '2028-02-01', '2028-08-31'],
  ] as const)('%i %s runs %s to %s', (year, half, from, to) => expect(termBounds(year, half)).toEqual({ from, to }));

  it('tiles the school years with no day lost or counted twice, and each day falls in its own school year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2100 }), (y) => {
        const autumn = termBounds(y, 'autumn');
        const spring = termBounds(y, 'spring');
        const nextAutumn = termBounds(y + 1, 'autumn');
        expect(dayjs(autumn.to).add(1, 'day').format('YYYY-MM-DD')).toBe(spring.from);
        expect(dayjs(spring.to).add(1, 'day').format('YYYY-MM-DD')).toBe(nextAutumn.from);
        for (const d of [autumn.from, autumn.to, spring.from, spring.to]) expect(schoolYearOf(d)).toBe(y);
      }),
    );
  });
});

describe('household-registration years', () => {
  it('takes the last n years up to the year of issue and states 0 for a year without service', () => {
    expect(residenceYears('2026-11-23', 3)).toEqual([2024, 2025, 2026]);
    expect(yearsWithHours([2024, 2025, 2026], [{ year: 2025, hours: 40.004 }])).toEqual([
      { year: 2024, hours: 0 },
      { year: 2025, hours: 40 },
      { year: 2026, hours: 0 },
    ]);
  });
});

describe('statement codes and signatures', () => {
  it('makes S codes that parse as verification codes but never as certificate codes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 10 }), (bytes) => {
        const code = statementCode(Buffer.from(bytes));
        expect(code).toMatch(/^S/);
        expect(parseVerificationCode(code.toLowerCase())).toBe(code);
        expect(parseCertificateCode(code)).toBeUndefined();
      }),
    );
  });

  it('verifies the facts as signed, whatever order their keys come back in, and refuses any altered fact', () => {
    const signature = signStatement(facts, privateKey);
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(facts).reverse())));
    expect(statementVerifies(reordered, signature, publicKey)).toBe(true);
    for (const altered of [
      { ...facts, totalHours: 152.5 },
      { ...facts, years: [{ year: 2025, hours: 140 }, facts.years[1]] },
      { ...facts, awards: [] },
      { ...facts, kind: 'employerReference' },
    ])
      expect(statementVerifies(altered as ResidencePointsFacts, signature, publicKey)).toBe(false);
    expect(statementVerifies(facts, 'not a signature', publicKey)).toBe(false);
  });
});

describe('awards on certificates', () => {
  it('leaves the signed bytes of a certificate without awards exactly as before', () => {
    const cert: CertificateFacts = {
      code: certificateCode(Buffer.alloc(10, 1)),
      volunteerNo: 'V1',
      name: '张志愿',
      docMasked: null,
      from: '2026-01-01',
      to: '2026-12-31',
      totalHours: 3,
      organizations: [{ name: '西湖义工队', hours: 3, records: 1 }],
      issuedOn: '2026-11-23',
    };
    expect(canonicalFacts(cert).toString()).toBe(
      `{"code":"${cert.code}","volunteerNo":"V1","name":"张志愿","docMasked":null,"from":"2026-01-01","to":"2026-12-31","totalHours":3,"organizations":[{"name":"西湖义工队","hours":3,"records":1}],"issuedOn":"2026-11-23"}`,
    );
    const withAward = { ...cert, awards: [{ title: '最美志愿者', year: 2026, grantedOn: '2026-10-01' }] };
    expect(canonicalFacts(withAward).toString()).toContain(
      '"awards":[{"title":"最美志愿者","year":2026,"grantedOn":"2026-10-01"}],"issuedOn"',
    );
  });
});
