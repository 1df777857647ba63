import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Config } from '../src/config.ts';
import type { Db } from '../src/db/client.ts';
import { organizations } from '../src/db/schema.ts';
import { levelOfCode, parentCodeOf } from '../src/domain/areas/area-code.ts';
import type { AreaInput } from '../src/domain/areas/area-rows.ts';
import type { Grant } from '../src/domain/auth/roles.ts';
import { makeResidentId } from '../src/domain/identity/index.ts';
import { checkRegistration } from '../src/domain/volunteers/registration.ts';
import { createAccount } from '../src/modules/accounts/index.ts';
import { upsertAreas } from '../src/modules/areas/index.ts';
import { addActiveMember, insertRegistration, type Profile } from '../src/modules/volunteers/index.ts';
import { todayInChina } from '../src/platform/clock.ts';
import { seal } from '../src/platform/pii.ts';

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

/** A valid resident ID number for a birth date, unique within the run. */
export function residentIdFor(birthDate: string, areaCode6 = '330102'): string {
  return makeResidentId(areaCode6, birthDate, String(next() % 1000).padStart(3, '0'));
}

/** A mobile number unique within the run. */
export const phoneNumber = () => `139${String(Date.now() % 10000).padStart(4, '0')}${String(next() % 10000).padStart(4, '0')}`;

/** A date `years` years before today (China time), for ages. */
export function yearsAgo(years: number, days = 0): string {
  const d = new Date(`${todayInChina()}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** An organization straight into the table (its workflow is tested through the API). */
export async function buildOrganization(
  db: Db,
  config: Config,
  values: Partial<typeof organizations.$inferInsert> & { areaCode: string },
): Promise<string> {
  await buildArea(db, values.areaCode);
  const phone = seal(config.piiKeys, '13900000000');
  const [row] = await db
    .insert(organizations)
    .values({
      name: `测试志愿服务队${next()}`,
      kind: 'filed',
      status: 'active',
      contactName: '联系人',
      contactPhoneCipher: phone.cipher,
      contactPhoneKeyVersion: phone.keyVersion,
      contactPhoneMasked: '139****0000',
      ...values,
    })
    .returning({ id: organizations.id });
  return row.id;
}

/** A volunteer registered through the service (sealed, indexed, numbered), with no account. */
export async function buildVolunteer(
  db: Db,
  config: Config,
  options: { areaCode: string; birthDate?: string; name?: string; profile?: Profile; organizationId?: string },
): Promise<{ id: string; volunteerNo: string; docNumber: string; phone: string }> {
  await buildArea(db, options.areaCode);
  const birthDate = options.birthDate ?? yearsAgo(30);
  const docNumber = residentIdFor(birthDate);
  const phone = phoneNumber();
  const { value } = checkRegistration(
    {
      name: options.name ?? `志愿者${next()}`,
      docType: 'resident_id',
      docNumber,
      phone,
      areaCode: options.areaCode,
      consent: true,
      guardian: { name: '监护人', phone: '13700000000', consent: true },
    },
    todayInChina(),
  );
  if (!value) throw new Error('buildVolunteer: invalid registration');
  const row = await insertRegistration(db, config, value, options.profile ?? {}, { registeredVia: 'office' });
  if (options.organizationId) await addActiveMember(db, options.organizationId, row.id);
  return { id: row.id, volunteerNo: row.volunteerNo, docNumber, phone };
}
