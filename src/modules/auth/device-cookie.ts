import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.ts';

/**
 * A browser that signed in to an account before is a known device of it (OWASP's "device
 * cookies", Authentication Cheat Sheet): its sign-ins are counted apart from everyone else's, so
 * failures made elsewhere (an attacker, or a shared office address) never slow its owner down.
 * The cookie is `<account id>.<nonce>.<HMAC>` under a key derived from the blind-index secret:
 * it cannot be forged, and it vouches for its own account only.
 */
export const DEVICE_COOKIE = 'vn_device';

const keys = new WeakMap<Config['piiKeys'], Buffer>();
function deviceKey(config: Config): Buffer {
  let key = keys.get(config.piiKeys);
  if (!key) {
    key = createHmac('sha256', config.piiKeys.blindIndex).update('sign-in-device-cookie').digest();
    keys.set(config.piiKeys, key);
  }
  return key;
}

const sign = (config: Config, accountId: string, nonce: string) =>
  createHmac('sha256', deviceKey(config)).update(`${accountId}.${nonce}`).digest('base64url');

/** A new device cookie value for an account that just signed in. */
export function issueDeviceCookie(config: Config, accountId: string): string {
  const nonce = randomBytes(16).toString('base64url');
  return `${accountId}.${nonce}.${sign(config, accountId, nonce)}`;
}

/** The device's nonce when the cookie is genuine and was issued to this account, else undefined. */
export function knownDevice(config: Config, cookie: string | undefined, accountId: string): string | undefined {
  const [owner, nonce, signature, ...rest] = cookie?.split('.') ?? [];
  if (rest.length || owner !== accountId || !nonce || !signature) return undefined;
  const expected = Buffer.from(sign(config, accountId, nonce));
  const sent = Buffer.from(signature);
  return sent.length === expected.length && timingSafeEqual(sent, expected) ? nonce : undefined;
}
