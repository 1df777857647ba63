import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PiiKeys } from '../config.ts';
import { blindIndex, seal, unseal } from './pii.ts';

const keys = (versions: Record<number, Buffer>): PiiKeys => ({
  encryption: versions,
  currentVersion: Math.max(...Object.keys(versions).map(Number)),
  blindIndex: randomBytes(32),
});

describe('personal data at rest', () => {
  it('round-trips through AES-256-GCM and never stores the plain text', () => {
    const k = keys({ 1: randomBytes(32) });
    fc.assert(
      fc.property(fc.string(), (plain) => {
        const sealed = seal(k, plain);
        expect(unseal(k, sealed)).toBe(plain);
        if (plain.length > 3) expect(Buffer.from(sealed.cipher, 'base64').toString('utf8')).not.toContain(plain);
      }),
    );
  });

  it('never reuses an IV, across refills of the random pool', () => {
    const k = keys({ 1: randomBytes(32) });
    const ivs = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const sealed = seal(k, '13800138000');
      ivs.add(Buffer.from(sealed.cipher, 'base64').subarray(0, 12).toString('hex'));
      expect(unseal(k, sealed)).toBe('13800138000');
    }
    expect(ivs.size).toBe(2000);
  });

  it('decrypts old versions after a key rotation and refuses tampering', () => {
    const v1 = randomBytes(32);
    const old = seal(keys({ 1: v1 }), '13800001111');
    const rotated = keys({ 1: v1, 2: randomBytes(32) });
    expect(seal(rotated, 'x').keyVersion).toBe(2);
    expect(unseal(rotated, old)).toBe('13800001111');
    const bytes = Buffer.from(old.cipher, 'base64');
    bytes[bytes.length - 1] ^= 1;
    expect(() => unseal(rotated, { ...old, cipher: bytes.toString('base64') })).toThrow();
  });

  it('finds equal values through a keyed hash that depends on key and purpose', () => {
    const k = keys({ 1: randomBytes(32) });
    expect(blindIndex(k, 'phone', '13800001111')).toBe(blindIndex(k, 'phone', '13800001111'));
    expect(blindIndex(k, 'phone', '13800001111')).not.toBe(blindIndex(k, 'id', '13800001111'));
    expect(blindIndex(keys({ 1: randomBytes(32) }), 'phone', '13800001111')).not.toBe(blindIndex(k, 'phone', '13800001111'));
  });
});
