import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, PASSWORD } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { loadConfig } from '../../config.ts';
import { buildApp } from '../../http/app.ts';
import { networkOf } from './auth.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { signInMaxFailures: 5 } });
});
afterAll(() => t.close());

const ATTACKER = '203.0.113.66';
const OWNER = '198.51.100.5';

const attempt = (login: string, password: string, from: string, cookie?: string, app = t.app) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { login, password },
    remoteAddress: from,
    headers: { 'accept-language': 'en-US', ...(cookie ? { cookie } : {}) },
  });

const deviceCookieOf = (response: Awaited<ReturnType<typeof attempt>>) => {
  const device = response.cookies.find((c) => c.name === 'vn_device');
  return device ? `vn_device=${device.value}` : undefined;
};

describe('sign-in failures', () => {
  it('slow down the address that makes them, with a growing wait, and never lock the owner out', async () => {
    const admin = await buildAccount(t.database.db, t.config, [{ role: 'city_admin', areaCode: '9901' }]);
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await attempt(admin.login, `wrong-guess-${i}`, ATTACKER));
    const statuses = answers.map((r) => r.statusCode);
    // The first few are checked; then the attacker waits, longer each time.
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    const waits = answers.slice(5).map((r) => Number(r.headers['retry-after']));
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits).toEqual([...waits].sort((x, y) => x - y));
    expect(waits[5]).toBeGreaterThan(waits[0]);
    expect(answers[19].json().error).toMatchObject({
      code: 'RATE_LIMITED',
      message: `Too many failed sign-ins from here; try again in ${waits[14]} s`,
    });
    // Even the right password waits at the attacker's address…
    expect((await attempt(admin.login, PASSWORD, ATTACKER)).statusCode).toBe(429);
    // …while the owner, elsewhere, signs in at once.
    expect((await attempt(admin.login, PASSWORD, OWNER)).statusCode).toBe(200);
  });

  it('let a known device through, even from the attacker’s address', async () => {
    const admin = await buildAccount(t.database.db, t.config, [{ role: 'city_admin', areaCode: '9901' }]);
    const first = await attempt(admin.login, PASSWORD, OWNER);
    const device = deviceCookieOf(first);
    expect(device).toBeDefined();
    expect(first.headers['set-cookie']).toEqual(expect.arrayContaining([expect.stringMatching(/^vn_device=.*HttpOnly/i)]));
    for (let i = 0; i < 10; i++) await attempt(admin.login, `wrong-guess-${i}`, ATTACKER);
    expect((await attempt(admin.login, PASSWORD, ATTACKER)).statusCode).toBe(429);
    expect((await attempt(admin.login, PASSWORD, ATTACKER, device)).statusCode).toBe(200);

    // The cookie is bound to its account, and a forged one is worth nothing.
    const other = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
    for (let i = 0; i < 6; i++) await attempt(other.login, `wrong-guess-${i}`, ATTACKER);
    expect((await attempt(other.login, PASSWORD, ATTACKER, device)).statusCode).toBe(429);
    const forged = device?.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await attempt(admin.login, PASSWORD, ATTACKER, forged)).statusCode).toBe(429);
  });

  it('are counted in the database, so every server sees them', async () => {
    const second = await buildApp({ database: t.database, config: t.config, logger: false, serveWeb: false });
    try {
      const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
      for (let i = 0; i < 5; i++) expect((await attempt(account.login, `wrong-guess-${i}`, ATTACKER)).statusCode).toBe(401);
      expect((await attempt(account.login, PASSWORD, ATTACKER, undefined, second)).statusCode).toBe(429);
      expect((await attempt(account.login, PASSWORD, OWNER, undefined, second)).statusCode).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('are tuned with the VOLUNET_SIGNIN_* variables', () => {
    const config = loadConfig({
      VOLUNET_DATA_DIR: t.config.dataDir,
      VOLUNET_SIGNIN_MAX_FAILURES: '7',
      VOLUNET_SIGNIN_WINDOW_MINUTES: '30',
      VOLUNET_SIGNIN_PER_MINUTE: '12',
      VOLUNET_SIGNIN_DEVICE_DAYS: '90',
    });
    expect(config).toMatchObject({ signInMaxFailures: 7, signInWindowMinutes: 30, signInPerMinute: 12, signInDeviceDays: 90 });
  });
});

describe('the network an address is counted by', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['2001:db8:1:2:aaaa::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('%s → %s', (address, network) => expect(networkOf(address)).toBe(network));

  it('is one for the addresses of one IPv6 subscriber', async () => {
    const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
    for (let i = 0; i < 5; i++) await attempt(account.login, `wrong-guess-${i}`, `2001:db8:5:6::${i + 1}`);
    expect((await attempt(account.login, PASSWORD, '2001:db8:5:6:ffff::9')).statusCode).toBe(429);
    expect((await attempt(account.login, PASSWORD, '2001:db8:5:7::1')).statusCode).toBe(200);
  });
});
