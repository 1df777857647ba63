import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { ACTIONS, type Action, canAtAll } from '../../domain/auth/policy.ts';
import type { Actor, Grant } from '../../domain/auth/roles.ts';
import { normalizeMobile } from '../../domain/identity/index.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { AppError, fieldError } from '../../platform/errors.ts';
import { maskMobile } from '../../platform/masking.ts';
import { decoyHash, hashPassword, isStrongEnough, verifyPassword } from '../../platform/passwords.ts';
import { blindIndex, unseal } from '../../platform/pii.ts';
import * as q from './auth.queries.ts';
import { issueDeviceCookie, knownDevice } from './device-cookie.ts';

export const SESSION_COOKIE = 'vn_session';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** A phone number is looked up through its blind index, a username case-insensitively. */
function loginKey(config: Config, login: string) {
  const phone = normalizeMobile(login);
  const normalized = phone ?? login.trim().toLowerCase();
  return { lookup: phone ? { phoneIndex: blindIndex(config.piiKeys, 'phone', phone) } : { username: normalized }, normalized };
}

/**
 * Failures are counted per identifier and client address, or per identifier and known device:
 * whoever fails from one address slows down that address only, never the account's owner
 * elsewhere nor on a device the account signed in on before. Identifiers are counted whether or
 * not an account has them, so the slow-down tells nothing.
 */
const throttleKeyOf = (config: Config, normalized: string, where: { device?: string; address: string }) =>
  blindIndex(
    config.piiKeys,
    'sign-in',
    `${normalized}\n${where.device ? `device:${where.device}` : `address:${networkOf(where.address)}`}`,
  );

/**
 * An IPv6 client is counted by its /64, the block one subscriber is given (RFC 6177): one host
 * can take any address in it. IPv4 (also written ::ffff:a.b.c.d) is counted by its address.
 */
export function networkOf(address: string): string {
  if (!address.includes(':') || /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address)) return address.replace(/^::ffff:/i, '');
  const [head, tail = ''] = address.split('%')[0].toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export interface SignInResult {
  token: string;
  csrfToken: string;
  maxAgeSeconds: number;
  /** A fresh device cookie: this browser is now a known device of the account. */
  deviceCookie: string;
  account: q.AccountRow;
  actor: Actor;
}

export async function signIn(
  db: Db,
  config: Config,
  ctx: AuditContext,
  input: { login: string; password: string; userAgent?: string; address: string; deviceCookie?: string },
): Promise<SignInResult> {
  const { lookup, normalized } = loginKey(config, input.login);
  const account = await q.findAccountByLogin(db, lookup);
  const device = account ? knownDevice(config, input.deviceCookie, account.id) : undefined;
  const throttleKey = throttleKeyOf(config, normalized, { device, address: input.address });
  // Count first, check the password after: a burst of parallel guesses cannot outrun the count.
  const { waitSeconds } = await q.countAttempt(db, throttleKey, config.signInMaxFailures, config.signInWindowMinutes);
  if (waitSeconds > 0) {
    throw new AppError('RATE_LIMITED', 'auth.slowDown', { seconds: waitSeconds }, undefined, { 'retry-after': String(waitSeconds) });
  }
  const ok = account
    ? await verifyPassword(account.passwordHash, input.password)
    : await verifyPassword(await decoyHash(), input.password).then(() => false);
  if (!account || !ok || account.status !== 'active') throw new AppError('UNAUTHENTICATED', 'auth.badCredentials');
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const maxAgeSeconds = config.sessionDays * 86400;
  const grants = await q.grantsOf(db, account.id);
  await db.transaction(async (tx) => {
    await q.clearFailures(tx, throttleKey);
    await q.insertSession(tx, {
      tokenHash: hashToken(token),
      accountId: account.id,
      csrfToken,
      // Headers are not checked at the edge; text cannot hold U+0000.
      userAgent: input.userAgent?.replaceAll('\u0000', '').slice(0, 300),
      expiresAt: new Date(Date.now() + maxAgeSeconds * 1000),
    });
    await recordAudit(tx, ctx, {
      action: 'auth.signIn',
      entityType: 'account',
      entityId: account.id,
      areaCode: grants.find((g) => g.areaCode)?.areaCode,
      actorId: account.id,
      actorLabel: account.displayName,
    });
  });
  const actor = { accountId: account.id, displayName: account.displayName, grants };
  return { token, csrfToken, maxAgeSeconds, deviceCookie: issueDeviceCookie(config, account.id), account, actor };
}

export async function signOut(db: Db, ctx: AuditContext, tokenHash: string) {
  await db.transaction(async (tx) => {
    await q.deleteSession(tx, tokenHash);
    await recordAudit(tx, ctx, { action: 'auth.signOut', entityType: 'account', entityId: ctx.actor?.accountId });
  });
}

/** Ends every session of the actor, this one included. */
export async function signOutEverywhere(db: Db, ctx: AuditContext & { actor: Actor }) {
  return db.transaction(async (tx) => {
    const ended = await q.deleteSessionsOf(tx, ctx.actor.accountId);
    await recordAudit(tx, ctx, {
      action: 'session.revokeAll',
      entityType: 'account',
      entityId: ctx.actor.accountId,
      summary: { ended },
    });
    return ended;
  });
}

/** Changing the password ends every other session of the account. */
export async function changePassword(
  db: Db,
  ctx: AuditContext & { actor: Actor },
  currentTokenHash: string,
  input: { currentPassword: string; newPassword: string },
) {
  const account = await q.findAccount(db, ctx.actor.accountId);
  if (!account || !(await verifyPassword(account.passwordHash, input.currentPassword))) {
    throw fieldError('currentPassword', 'matches', 'auth.wrongCurrentPassword');
  }
  if (!isStrongEnough(input.newPassword)) throw fieldError('newPassword', 'strength', 'auth.weakPassword');
  if (input.newPassword === input.currentPassword) throw fieldError('newPassword', 'differs', 'auth.samePassword');
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await q.updatePassword(tx, account.id, passwordHash);
    const ended = await q.deleteSessionsOf(tx, account.id, currentTokenHash);
    await recordAudit(tx, ctx, {
      action: 'account.changePassword',
      entityType: 'account',
      entityId: account.id,
      summary: { otherSessionsEnded: ended },
    });
  });
}

export async function setLocale(db: Db, ctx: AuditContext & { actor: Actor }, locale: 'zh-CN' | 'en-US') {
  await db.transaction(async (tx) => {
    await q.updateLocale(tx, ctx.actor.accountId, locale);
    await recordAudit(tx, ctx, {
      action: 'account.setLocale',
      entityType: 'account',
      entityId: ctx.actor.accountId,
      summary: { locale },
    });
  });
}

export interface Me {
  id: string;
  displayName: string;
  username: string | null;
  phoneMasked: string | null;
  locale: 'zh-CN' | 'en-US';
  grants: Grant[];
  permissions: Action[];
}

export function describeMe(config: Config, account: q.AccountRow, actor: Actor): Me {
  const phone =
    account.phoneCipher && account.phoneKeyVersion != null
      ? unseal(config.piiKeys, { cipher: account.phoneCipher, keyVersion: account.phoneKeyVersion })
      : null;
  return {
    id: account.id,
    displayName: account.displayName,
    username: account.username,
    phoneMasked: phone ? maskMobile(phone) : null,
    locale: account.locale,
    grants: actor.grants,
    // What the menus may offer, not a check on this request: the domain's canAtAll, unrecorded.
    permissions: ACTIONS.filter((action) => canAtAll(actor, action)),
  };
}
