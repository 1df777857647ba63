import type { Config } from '../../config.ts';
import type { Executor } from '../../db/client.ts';
import { levelOfCode } from '../../domain/areas/area-code.ts';
import { GRANT_SCOPE_OF_ROLE, type Grant, OFFICE_LEVEL_OF_ROLE } from '../../domain/auth/roles.ts';
import { normalizeMobile } from '../../domain/identity/index.ts';
import { type AuditContext, recordAudit } from '../../platform/audit.ts';
import { fieldError } from '../../platform/errors.ts';
import { hashPassword, isStrongEnough } from '../../platform/passwords.ts';
import { blindIndex, seal } from '../../platform/pii.ts';
import { existingCodes } from '../areas/index.ts';
import { insertAccount, insertGrants } from './accounts.queries.ts';

export interface NewAccount {
  displayName: string;
  username?: string;
  phone?: string;
  password: string;
  grants: Grant[];
}

/**
 * The checks of a new account that need no database: sign-in names, password strength, and each
 * office grant's area at its role's level. The CLI runs them before it opens a database.
 * Returns the normalized mobile number.
 */
export function checkNewAccount(input: NewAccount): { phone: string | undefined } {
  if (!input.username && !input.phone) throw fieldError('username', 'required', 'area.required');
  const phone = input.phone ? normalizeMobile(input.phone) : undefined;
  if (input.phone && !phone) throw fieldError('phone', 'format', 'account.badPhone');
  if (input.username && !/^[A-Za-z][\w.-]{2,31}$/.test(input.username)) {
    throw fieldError('username', 'format', 'account.badUsername');
  }
  if (!isStrongEnough(input.password)) throw fieldError('password', 'strength', 'auth.weakPassword');
  input.grants.forEach((grant, i) => {
    const level = OFFICE_LEVEL_OF_ROLE[grant.role];
    if (GRANT_SCOPE_OF_ROLE[grant.role] === 'area' && level && grant.areaCode && levelOfCode(grant.areaCode) !== level) {
      throw fieldError(`grants.${i}.areaCode`, 'level', 'area.levelMismatch', {
        level: levelOfCode(grant.areaCode) ?? '',
        expected: level,
      });
    }
  });
  return { phone };
}

/** A grant must carry the scope its role is defined over: an area grant names an area that exists. */
async function checkGrantAreas(db: Executor, grants: Grant[]) {
  const areaCodes = grants.flatMap((g) => (g.areaCode ? [g.areaCode] : []));
  const known = await existingCodes(db, areaCodes);
  grants.forEach((grant, i) => {
    if (GRANT_SCOPE_OF_ROLE[grant.role] === 'area' && (!grant.areaCode || !known.has(grant.areaCode))) {
      throw fieldError(`grants.${i}.areaCode`, 'exists', 'area.parentMissing', { parent: grant.areaCode ?? '' });
    }
  });
}

/** Creates an account with its grants in one transaction and audits it. Returns the new id. */
export async function createAccount(db: Executor, config: Config, ctx: AuditContext, input: NewAccount): Promise<string> {
  const { phone } = checkNewAccount(input);
  const passwordHash = await hashPassword(input.password);
  const sealed = phone ? seal(config.piiKeys, phone) : undefined;
  return db.transaction(async (tx) => {
    await checkGrantAreas(tx, input.grants);
    const row = await insertAccount(tx, {
      displayName: input.displayName,
      username: input.username ?? null,
      phoneCipher: sealed?.cipher ?? null,
      phoneKeyVersion: sealed?.keyVersion ?? null,
      phoneIndex: phone ? blindIndex(config.piiKeys, 'phone', phone) : null,
      passwordHash,
    });
    if (input.grants.length) {
      await insertGrants(
        tx,
        input.grants.map((g) => ({ ...g, accountId: row.id })),
      );
    }
    await recordAudit(tx, ctx, {
      action: 'account.create',
      entityType: 'account',
      entityId: row.id,
      areaCode: input.grants.find((g) => g.areaCode)?.areaCode,
      summary: { roles: input.grants.map((g) => g.role), hasPhone: !!phone, hasUsername: !!input.username },
    });
    return row.id;
  });
}
