import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildAccount, PASSWORD, signIn } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { signInMaxFailures: 3 } });
});
afterAll(() => t.close());

const signInRaw = (login: string, password: string, lang = 'zh-CN') =>
  t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { login, password }, headers: { 'accept-language': lang } });

describe('sign-in', () => {
  it('signs in by username and by phone number, setting an HttpOnly SameSite cookie', async () => {
    const byName = await buildAccount(t.database.db, t.config, [{ role: 'city_admin', areaCode: '9901' }]);
    await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }], { phone: '13912345678' });
    const first = await signInRaw(byName.login.toUpperCase(), PASSWORD);
    expect(first.statusCode).toBe(200);
    const cookie = [first.headers['set-cookie']].flat().find((c) => c?.startsWith('vn_session=')) as string;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(first.json()).toMatchObject({
      grants: [{ role: 'city_admin', areaCode: '9901' }],
      permissions: expect.arrayContaining(['audit.read']),
    });

    const second = await signInRaw('+86 139-1234-5678', PASSWORD);
    expect(second.statusCode).toBe(200);
    expect(second.json().phoneMasked).toBe('139****5678');
    expect(second.json().permissions).not.toContain('audit.read');
  });

  it('answers a wrong password and an unknown account alike, in the caller’s language', async () => {
    const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
    const wrong = await signInRaw(account.login, 'not-the-password');
    const unknown = await signInRaw('nobody-here', 'not-the-password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: '账号或密码错误' } });
    expect(unknown.json()).toEqual(wrong.json());
    const english = await signInRaw(account.login, 'not-the-password', 'en-US,en;q=0.9');
    expect(english.json().error.message).toBe('Wrong account or password');
  });

  it('slows an identifier down after repeated failures from an address, whether or not the account exists', async () => {
    const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
    for (const login of [account.login, 'ghost-account']) {
      for (let i = 0; i < 3; i++) expect((await signInRaw(login, 'bad-password-1')).statusCode).toBe(401);
      const locked = await signInRaw(login, 'bad-password-1');
      expect(locked.statusCode).toBe(429);
      expect(locked.json().error.message).toMatch(/此处登录失败次数过多，请 \d+ 秒后再试/);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    }
    // Even the right password waits it out; the wait itself reveals nothing.
    expect((await signInRaw(account.login, PASSWORD)).statusCode).toBe(429);
    // Other identifiers are unaffected.
    const other = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
    expect((await signInRaw(other.login, PASSWORD)).statusCode).toBe(200);
  });

  it('rate-limits sign-in attempts from one address across identifiers', async () => {
    const limitedApp = await createTestApp({ config: { signInPerMinute: 30 } });
    onTestFinished(() => limitedApp.close());
    const attempt = (i: number) =>
      limitedApp.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { login: `spray-${i}`, password: 'guess-password-1' },
        remoteAddress: '203.0.113.9',
      });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await attempt(i)).statusCode);
    expect(statuses.every((s) => s === 401)).toBe(true);
    const limited = await attempt(99);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/请求过于频繁/) });
    // A forged X-Forwarded-For does not buy a fresh allowance: no proxy is trusted by default.
    const spoofed = await limitedApp.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { login: 'spray-x', password: 'guess-password-1' },
      remoteAddress: '203.0.113.9',
      headers: { 'x-forwarded-for': '198.51.100.77' },
    });
    expect(spoofed.statusCode).toBe(429);
  });

  it('counts parallel guesses before checking them, so a burst cannot outrun the lockout', async () => {
    const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
    const burst = await Promise.all(Array.from({ length: 10 }, () => signInRaw(account.login, 'parallel-guess-1')));
    const statuses = burst.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(7);
  });

  it('rejects unknown fields and over-long input with the field named', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { login: 'x'.repeat(65), password: 'p', remember: true },
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['login', 'remember']));
  });
});

describe('sessions', () => {
  it('needs a session for API routes and ends it on sign-out', async () => {
    expect((await t.app.inject({ url: '/api/auth/me' })).statusCode).toBe(401);
    const account = await buildAccount(t.database.db, t.config, [{ role: 'resident' }]);
    const session = await signIn(t.app, account);
    expect((await session.request({ url: '/api/auth/me' })).statusCode).toBe(200);
    expect((await session.request({ method: 'POST', url: '/api/auth/sign-out' })).statusCode).toBe(204);
    expect((await session.request({ url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('refuses a cookie-authenticated write without the session’s CSRF token', async () => {
    const account = await buildAccount(t.database.db, t.config, [{ role: 'resident' }]);
    const session = await signIn(t.app, account);
    for (const token of [undefined, 'forged-token']) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/auth/sign-out',
        headers: { cookie: session.cookie, ...(token ? { 'x-csrf-token': token } : {}) },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN');
    }
    expect((await session.request({ url: '/api/auth/me' })).statusCode).toBe(200);
  });

  it('signs out everywhere', async () => {
    const account = await buildAccount(t.database.db, t.config, [{ role: 'resident' }]);
    const phone = await signIn(t.app, account);
    const laptop = await signIn(t.app, account);
    // Both sessions are now in this server's session cache; revoking must evict them.
    expect((await phone.request({ url: '/api/auth/me' })).statusCode).toBe(200);
    expect((await laptop.request({ url: '/api/auth/me' })).statusCode).toBe(200);
    const response = await laptop.request({ method: 'POST', url: '/api/auth/sign-out-everywhere' });
    expect(response.json()).toEqual({ ended: 2 });
    expect((await phone.request({ url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await laptop.request({ url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('keeps the language setting and answers errors in it', async () => {
    const account = await buildAccount(t.database.db, t.config, [{ role: 'resident' }]);
    const session = await signIn(t.app, account);
    expect((await session.request({ method: 'PATCH', url: '/api/auth/me', payload: { locale: 'en-US' } })).statusCode).toBe(204);
    const me = await session.request({ url: '/api/auth/me', headers: { 'accept-language': 'zh-CN' } });
    expect(me.json().locale).toBe('en-US');
    const bad = await session.request({
      method: 'PATCH',
      url: '/api/auth/me',
      payload: { locale: 'fr-FR' },
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toMatchObject({ field: 'locale', rule: 'invalid_value' });
    expect(bad.json().error.message).toMatch(/^Invalid request/);
    // The web app's screen language wins over the saved one while the switch is being saved.
    const fromScreen = await session.request({
      method: 'PATCH',
      url: '/api/auth/me',
      payload: { locale: 'fr-FR' },
      headers: { 'x-volunet-language': 'zh-CN' },
    });
    expect(fromScreen.json().error.message).toMatch(/^请求/);
  });
});

describe('password change', () => {
  it('checks the current password and strength, then ends the other sessions', async () => {
    const account = await buildAccount(t.database.db, t.config, [{ role: 'volunteer' }]);
    const here = await signIn(t.app, account);
    const elsewhere = await signIn(t.app, account);
    expect((await elsewhere.request({ url: '/api/auth/me' })).statusCode).toBe(200);
    const change = (currentPassword: string, newPassword: string) =>
      here.request({ method: 'POST', url: '/api/auth/password', payload: { currentPassword, newPassword } });

    const wrong = await change('wrong-one-123', 'Another-pass-2027');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0]).toMatchObject({ field: 'currentPassword', message: '当前密码不正确' });
    const weak = await change(PASSWORD, 'short');
    expect(weak.json().error.details[0]).toMatchObject({ field: 'newPassword', rule: 'strength' });

    expect((await change(PASSWORD, 'Another-pass-2027')).statusCode).toBe(204);
    expect((await here.request({ url: '/api/auth/me' })).statusCode).toBe(200);
    expect((await elsewhere.request({ url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await signInRaw(account.login, PASSWORD)).statusCode).toBe(401);
    expect((await signInRaw(account.login, 'Another-pass-2027')).statusCode).toBe(200);
  });
});
