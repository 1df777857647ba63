import { createCipheriv, createDecipheriv, createHmac, randomFillSync } from 'node:crypto';
import type { PiiKeys } from '../config.ts';

/**
 * Personal data at rest (PIPL): AES-256-GCM with a versioned key, so keys can rotate, and an
 * HMAC-SHA256 blind index so equal values can be found without decrypting anything.
 */
export interface Sealed {
  cipher: string;
  keyVersion: number;
}

/**
 * Random IVs drawn from the CSPRNG a pool at a time (as Node does for randomUUID): one system
 * call per 341 seals instead of one each, which a bulk import notices.
 */
const IV_BYTES = 12;
const ivPool = Buffer.alloc(IV_BYTES * 341);
let ivOffset = ivPool.length;

/** A view into the pool: valid until the next call, so only for a seal that uses it at once. */
function nextIv(): Buffer {
  if (ivOffset === ivPool.length) {
    randomFillSync(ivPool);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

export function seal(keys: PiiKeys, plain: string): Sealed {
  const iv = nextIv();
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

/**
 * The keyed hashes a person is found by: ID document, phone, and name + phone (which finds a
 * person whose ID number is not on file, as on some imported rows).
 */
export function personIndexes(keys: PiiKeys, name: string, phone: string, doc?: { type: string; value: string }) {
  return {
    docIndex: doc ? blindIndex(keys, 'document', `${doc.type}:${doc.value}`) : undefined,
    phoneIndex: blindIndex(keys, 'phone', phone),
    namePhoneIndex: blindIndex(keys, 'name-phone', `${name}\u0000${phone}`),
  };
}
