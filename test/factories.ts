import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Config } from '../src/config.ts';
import type { Db } from '../src/db/client.ts';
import { levelOfCode, parentCodeOf } from '../src/domain/areas/area-code.ts';
import type { AreaInput } from '../src/domain/areas/area-rows.ts';
import type { Grant } from '../src/domain/auth/roles.ts';
import { createAccount } from '../src/modules/accounts/accounts.service.ts';
import { upsertAreas } from '../src/modules/areas/areas.queries.ts';

export const PASSWORD = 'Factory-pass-2026';

let sequence = 0;
const next = () => ++sequence;

/** Creates the area and any missing ancestors (named after their codes). */
export async function buildArea(db: Db, code: string, extra: Partial<AreaInput> = {}): Promise<AreaInput> {
  const chain: string[] = [];
  for (let c: string | undefined = code; c; c = parentCodeOf(c)) chain.unshift(c);
  const inputs = chain.map((c) => ({
    code: c,
    name: `区划${c}`,
    nameEn: `Area ${c}`,
    level: levelOfCode(c) ?? 'community',
    parentCode: parentCodeOf(c) ?? null,
    population: 1000,
    lat: 30.2,
    lng: 120.1,
    ...(c === code ? extra : {}),
  }));
  // Ancestors are only inserted when absent; the area itself takes the given values.
  await upsertAreas(db, inputs);
  return inputs[inputs.length - 1];
}

export interface BuiltAccount {
  id: string;
  login: string;
  password: string;
}

export async function buildAccount(
  db: Db,
  config: Config,
  grants: Grant[],
  options: { phone?: string; displayName?: string } = {},
): Promise<BuiltAccount> {
  const username = options.phone ? undefined : `user${next()}x${Date.now() % 100000}`;
  for (const g of grants) if (g.areaCode) await buildArea(db, g.areaCode);
  const id = await createAccount(
    db,
    config,
    { actor: null, requestId: 'factory' },
    {
      displayName: options.displayName ?? `测试用户${sequence}`,
      username,
      phone: options.phone,
      password: PASSWORD,
      grants,
    },
  );
  return { id, login: options.phone ?? (username as string), password: PASSWORD };
}

export interface Session {
  cookie: string;
  csrfToken: string;
  /** app.inject with this session's cookie and CSRF token. */
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function signIn(app: FastifyInstance, account: { login: string; password: string }): Promise<Session> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { login: account.login, password: account.password },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'vn_session');
  if (!cookie) throw new Error('no session cookie');
  const csrfToken = response.json().csrfToken as string;
  const header = `vn_session=${cookie.value}`;
  return {
    cookie: header,
    csrfToken,
    request: (options) => app.inject({ ...options, headers: { cookie: header, 'x-csrf-token': csrfToken, ...(options.headers ?? {}) } }),
  };
}
