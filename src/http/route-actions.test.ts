import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccount, signIn } from '../../test/factories.ts';
import { createTestApp, type TestApp, testConfig } from '../../test/helpers/app.ts';
import { createTestDatabase } from '../../test/helpers/db.ts';
import { ACTIONS, type Action } from '../domain/auth/policy.ts';
import { authorize, may, scopeFilter } from '../platform/policy.ts';
import { buildApp } from './app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('every API route declares the policy actions it checks', () => {
  it('each route has an action, or is public (open without signing in)', () => {
    const undeclared = t.app.routeDeclarations.filter((r) => !r.public && r.actions.length === 0).map((r) => r.route);
    expect(t.app.routeDeclarations.length).toBeGreaterThan(100);
    expect(undeclared).toEqual([]);
  });

  it('every action of the policy table is declared by some route', () => {
    const declared = new Set(t.app.routeDeclarations.flatMap((r) => r.actions));
    expect(ACTIONS.filter((action) => !declared.has(action))).toEqual([]);
  });

  it('a route declares an action once', () => {
    const repeated = t.app.routeDeclarations.filter((r) => new Set(r.actions).size !== r.actions.length).map((r) => r.route);
    expect(repeated).toEqual([]);
  });
});

/** An app with probe routes that check what they are told to, beside what they declare. */
async function probeApp(strict: boolean, log: string[]) {
  const database = await createTestDatabase();
  const config = testConfig({ strictRouteActions: strict });
  const stream = new Writable({
    write(chunk, _encoding, done) {
      log.push(String(chunk));
      done();
    },
  });
  const app = await buildApp({ database, config, logger: { level: 'error', stream }, serveWeb: false });
  const checks: Record<string, (actor: Parameters<typeof may>[0]) => void> = {
    authorize: (actor) => authorize(actor, 'skill.manage', {}, 'entity.skill'),
    may: (actor) => void may(actor, 'skill.manage', {}),
    scopeFilter: (actor) => void scopeFilter(actor, 'skill.manage', {}),
  };
  for (const [name, check] of Object.entries(checks)) {
    for (const action of ['skill.manage', 'area.read'] as Action[]) {
      app.get(`/api/probe/${name}/${action}`, { config: { action } }, async (request) => {
        // Past an await, as a service would be: the context follows the request.
        await new Promise((resolve) => setTimeout(resolve, 1));
        check(request.actor);
        return { ok: true };
      });
    }
  }
  await app.ready();
  return { app, close: () => app.close().then(() => database.close()) };
}

describe('a request that checks an action its route does not declare', () => {
  let strict: Awaited<ReturnType<typeof probeApp>>;
  let lenient: Awaited<ReturnType<typeof probeApp>>;
  const strictLog: string[] = [];
  const lenientLog: string[] = [];
  let strictCity: Awaited<ReturnType<typeof signIn>>;
  let lenientCity: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    strict = await probeApp(true, strictLog);
    lenient = await probeApp(false, lenientLog);
    const city = [{ role: 'city_admin' as const, areaCode: '9901' }];
    strictCity = await signIn(strict.app, await buildAccount(strict.app.db, strict.app.config, city));
    lenientCity = await signIn(lenient.app, await buildAccount(lenient.app.db, lenient.app.config, city));
  });
  afterAll(async () => {
    await strict.close();
    await lenient.close();
  });

  it.each(['authorize', 'may', 'scopeFilter'])('fails loudly in tests when %s() checks it', async (check) => {
    expect((await strictCity.request({ url: `/api/probe/${check}/skill.manage` })).statusCode).toBe(200);
    const wrong = await strictCity.request({ url: `/api/probe/${check}/area.read` });
    expect(wrong.statusCode).toBe(500);
    expect(wrong.json().error.details).toEqual({ route: `GET /api/probe/${check}/area.read`, undeclaredActions: ['skill.manage'] });
  });

  it('fails even when the check refused the request (a 404 is still a check)', async () => {
    const volunteer = await signIn(strict.app, await buildAccount(strict.app.db, strict.app.config, [{ role: 'volunteer' }]));
    expect((await volunteer.request({ url: '/api/probe/authorize/skill.manage' })).statusCode).toBe(404);
    const wrong = await volunteer.request({ url: '/api/probe/authorize/area.read' });
    expect(wrong.statusCode).toBe(500);
    expect(wrong.json().error.details.undeclaredActions).toEqual(['skill.manage']);
  });

  it('keeps each request’s checks apart, however they interleave', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        strictCity.request({ url: i % 2 ? '/api/probe/may/skill.manage' : '/api/probe/may/area.read' }).then((r) => [i % 2, r.statusCode]),
      ),
    );
    expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => [i % 2, i % 2 ? 200 : 500]));
  });

  it('in production answers as usual and logs an error naming the route and the action', async () => {
    lenientLog.length = 0;
    expect((await lenientCity.request({ url: '/api/probe/authorize/area.read' })).statusCode).toBe(200);
    const entry = lenientLog.map((line) => JSON.parse(line)).find((e) => e.route === 'GET /api/probe/authorize/area.read');
    expect(entry).toMatchObject({ level: 50, undeclared: ['skill.manage'], declared: ['area.read'] });
  });
});
