import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { PiiKeys } from '../config.ts';

/**
 * Personal data at rest (PIPL): AES-256-GCM with a versioned key, so keys can rotate, and an
 * HMAC-SHA256 blind index so equal values can be found without decrypting anything.
 */
export interface Sealed {
  cipher: string;
  keyVersion: number;
}

export function seal(keys: PiiKeys, plain: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.encryption[keys.currentVersion], iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const packed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  return { cipher: packed, keyVersion: keys.currentVersion };
}

export function unseal(keys: PiiKeys, sealed: Sealed): string {
  const key = keys.encryption[sealed.keyVersion];
  if (!key) throw new Error(`No PII key of version ${sealed.keyVersion}`);
  const packed = Buffer.from(sealed.cipher, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, packed.subarray(0, 12));
  decipher.setAuthTag(packed.subarray(12, 28));
  return Buffer.concat([decipher.update(packed.subarray(28)), decipher.final()]).toString('utf8');
}

/** Keyed hash of a normalized value; the purpose separates indexes of different kinds. */
export function blindIndex(keys: PiiKeys, purpose: string, value: string): string {
  return createHmac('sha256', keys.blindIndex).update(`${purpose}\u0000${value}`).digest('base64url');
}

/** Mainland mobile numbers, with or without +86, spaces and dashes; undefined when not one. */
export function normalizePhone(input: string): string | undefined {
  const digits = input.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : undefined;
}

/** 138****5678 */
export function maskPhone(phone: string): string {
  return phone.length >= 11 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}
