import { sql } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORGANIZATION_ID, DEMO_VOLUNTEER } from '../../src/modules/demo/index.ts';
import { apiAs as apiSession } from './api-session.ts';
import { recruitingProject } from './api-world.ts';
import { dialogShot, type Stack, settledScreenshot, signInAs, startStack } from './browser.ts';

let stack: Stack;
let context: BrowserContext;
let page: Page;
let activityId: string;

const ACTIVITY = '手语陪同就医';
const POSITION = '手语陪同员';
const apiAs = (login: string) => apiSession(stack.baseUrl, login);

beforeAll(async () => {
  stack = await startStack();
  const [org, street] = [await apiAs('org'), await apiAs('street')];
  const projectId = await recruitingProject(org, street, {
    title: '听障长者就医陪伴',
    description: '<p>为听障长者提供手语陪同就医。</p>',
    beneficiaries: '听障长者',
    risks: '注意交通安全。',
  });
  const start = Date.now() + 5 * 86_400_000;
  const { ids } = await org.call<{ ids: string[] }>('POST', '/api/activities', {
    projectId,
    title: ACTIVITY,
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 3 * 3_600_000).toISOString(),
    address: '浙江省人民医院',
    positions: [{ name: POSITION, headcount: 3, skills: ['sign_language'] }],
  });
  activityId = ids[0];
  await Promise.all([org.dispose(), street.dispose()]);
  // The demo volunteer signs and lives where the activity is measured from (its organization's area, having no point of its own).
  await stack.database.db.execute(sql`
    update volunteers set skills = skills || '[{"code":"sign_language"}]'::jsonb
    where name = ${DEMO_VOLUNTEER.name} and not skills @> '[{"code":"sign_language"}]'::jsonb`);
  await stack.database.db.execute(sql`
    update volunteer_reach r set lat = a.lat, lng = a.lng
    from volunteers v, organizations o, areas a
    where v.id = r.volunteer_id and v.name = ${DEMO_VOLUNTEER.name} and o.id = ${DEMO_ORGANIZATION_ID} and a.code = o.area_code`);
  // Three members of the demo organization sign too, live there, and are in their quiet hours now (an
  // hour either side of this China minute): their invitations are held until the quiet hours end. No one
  // else keeps quiet hours here, so the count does not depend on the time of day the journey runs.
  await stack.database.db.execute(sql`update volunteer_reach set quiet_from = null, quiet_to = null where quiet_from is not null`);
  await stack.database.db.execute(sql`
    with three as (select m.volunteer_id as id from organization_members m join volunteers v on v.id = m.volunteer_id
      where m.organization_id = ${DEMO_ORGANIZATION_ID} and m.status = 'active' and v.status = 'active' and v.account_id is null
      order by m.volunteer_id limit 3),
    signed as (update volunteers set skills = skills || '[{"code":"sign_language"}]'::jsonb where id in (select id from three))
    update volunteer_reach r set lat = a.lat, lng = a.lng, invitations_opt_in = true, weekly_invitation_cap = 5,
      quiet_from = (extract(hour from now() at time zone 'Asia/Shanghai')::int * 60 + 1380) % 1440,
      quiet_to = (extract(hour from now() at time zone 'Asia/Shanghai')::int * 60 + 120) % 1440
    from organizations o, areas a
    where r.volunteer_id in (select id from three) and o.id = ${DEMO_ORGANIZATION_ID} and a.code = o.area_code`);
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
}, 120_000);
afterAll(() => stack.close());

describe('targeted recruitment', () => {
  it('an organizer opens a position and invites the volunteers the matcher suggests', async () => {
    await signInAs(page, stack.baseUrl, 'org');
    await page.getByTestId('welcome').waitFor();
    await page.goto(`${stack.baseUrl}/activities/${activityId}`);
    await page.getByTestId('invite-matching').click();
    const modal = page.locator('.ant-modal');
    await modal.getByText(DEMO_VOLUNTEER.name).waitFor();
    const first = modal.getByTestId('invite-candidate').first();
    expect(await first.getByTestId('match-reasons').textContent()).toMatch(/距离约 [\d.]+ 公里/);
    await dialogShot(page, 'matching-invite-candidates');
    await modal.getByTestId('invite-send').click();
    await modal.getByTestId('invite-result').waitFor();
    expect(await modal.getByTestId('invite-result').textContent()).toMatch(/已发送 \d+ 份邀请/);
    expect(await modal.getByTestId('invite-held-count').textContent()).toMatch(/^[1-3] 人处于免打扰时段/);
    expect(await modal.getByTestId('invite-held').textContent()).toMatch(/将于 \d{4}-\d{2}-\d{2} \d{2}:00 送达/);
    await modal.getByText('已邀请').first().waitFor();
    await dialogShot(page, 'matching-invite-sent');
  });

  it('the volunteer accepts from the inbox and is enrolled', async () => {
    await context.clearCookies();
    await signInAs(page, stack.baseUrl, DEMO_VOLUNTEER.phone);
    await page.getByTestId('welcome').waitFor();
    await page.goto(`${stack.baseUrl}/my/enrollments`);
    const notice = page.getByTestId('notice').filter({ hasText: ACTIVITY });
    await notice.getByTestId('invitation-accept').click();
    await notice.getByTestId('invitation-status').waitFor();
    expect(await notice.getByTestId('invitation-status').textContent()).toBe('已接受');
    await expect.poll(() => page.getByText(ACTIVITY).count()).toBeGreaterThan(1);
    await settledScreenshot(page, 'matching-invitation-accepted');
  });

  it('the volunteer saves their reach: own position and a weekly invitation cap below the city’s', async () => {
    await page.goto(`${stack.baseUrl}/me`);
    const card = page.getByTestId('reach-card');
    await card.getByTestId('reach-own').click();
    await card.getByTestId('reach-lat').fill('30.25');
    await card.getByTestId('reach-lng').fill('120.16');
    // Above the city's limit (3 by default, shown beside each cap) is refused under the field; lower is kept.
    await card.getByText('全市上限 3，只可调低').first().waitFor();
    await card.getByTestId('reach-invitation-cap').fill('5');
    await card.getByTestId('reach-save').click();
    await card.getByText('不能超过全市上限 3（可以设得更低）').waitFor();
    await card.getByTestId('reach-invitation-cap').fill('2');
    await card.getByTestId('reach-save').click();
    await page.getByText('设置已保存').waitFor();
    // The refused attempt's objection goes once a save succeeds.
    expect(await card.getByText('不能超过全市上限 3（可以设得更低）').count()).toBe(0);
    await card.scrollIntoViewIfNeeded();
    // The card in view (a full-page capture of the volunteer's long page timed out on a busy machine).
    await dialogShot(page, 'matching-reach-card');
    await page.reload();
    await expect.poll(() => page.getByTestId('reach-lat').inputValue()).toBe('30.250');
    expect(await page.getByTestId('reach-invitation-cap').inputValue()).toBe('2');
  });
});
