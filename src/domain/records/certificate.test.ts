import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CertificateFacts, certificateCode, factsVerify, parseCertificateCode, signFacts } from './certificate.ts';

const facts: CertificateFacts = {
  code: certificateCode(randomBytes(10)),
  volunteerNo: 'V3301000000017',
  name: '张志愿',
  docMasked: '3301**********123X',
  from: '2026-01-01',
  to: '2026-12-31',
  totalHours: 52.5,
  organizations: [{ name: '西湖义工队', hours: 52.5, records: 21 }],
  issuedOn: '2026-11-23',
};

describe('certificate codes', () => {
  it('accepts what it makes, however it is typed, and refuses a truncated or mistyped code', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 10 }), (bytes) => {
        const code = certificateCode(Buffer.from(bytes));
        expect(code).toMatch(/^C.{17}$/);
        expect(parseCertificateCode(code)).toBe(code);
        expect(parseCertificateCode(`${code.slice(0, 6).toLowerCase()}-${code.slice(6)}`)).toBe(code);
        expect(parseCertificateCode(code.slice(0, 17))).toBeUndefined();
      }),
    );
    const code = facts.code;
    const swapped = code.slice(0, 5) + (code[5] === '7' ? '8' : '7') + code.slice(6);
    expect(parseCertificateCode(swapped)).toBeUndefined();
  });
});

describe('signed facts', () => {
  it('verify with the platform key, and not once any fact or the key changes', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signature = signFacts(facts, privateKey);
    expect(factsVerify(facts, signature, publicKey)).toBe(true);
    expect(factsVerify({ ...facts, totalHours: 152.5 }, signature, publicKey)).toBe(false);
    expect(factsVerify({ ...facts, name: '李志愿' }, signature, publicKey)).toBe(false);
    expect(factsVerify(facts, signature, generateKeyPairSync('ed25519').publicKey)).toBe(false);
  });
});
