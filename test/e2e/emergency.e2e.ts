import { sql } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.ts';
import { DEMO_VOLUNTEER } from '../../src/modules/demo/index.ts';
import { answerCall } from '../../src/modules/emergency/index.ts';
import { type Stack, screenshot, settledScreenshot, signInAs, startStack } from './browser.ts';

let stack: Stack;
let office: BrowserContext;
let phone: BrowserContext;
let officePage: Page;
let volunteerPage: Page;
/** Another volunteer of the same community, who answers through the API. */
let neighbour: { volunteerId: string; accountId: string };

beforeAll(async () => {
  stack = await startStackWithReach();
  // The office works from abroad: the form still speaks China time.
  office = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'America/New_York' });
  officePage = await office.newPage();
  await signInAs(officePage, stack.baseUrl, 'district');
  await officePage.getByTestId('welcome').waitFor();
  phone = await stack.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
  volunteerPage = await phone.newPage();
  await signInAs(volunteerPage, stack.baseUrl, DEMO_VOLUNTEER.phone);
  await volunteerPage.getByTestId('welcome').waitFor();
  // The demo city is built first: on a busy machine that takes longer than a test.
}, 120_000);
afterAll(() => stack.close());

/** The demo city, with 张志愿 and a neighbour of theirs (who has an account) opted in to emergency calls. */
async function startStackWithReach() {
  const s = await startStack();
  const db = s.database.db;
  const [me] = rowsOf<{ id: string; area_code: string }>(
    await db.execute(sql`select v.id, v.area_code from volunteers v join accounts a on a.id = v.account_id
      where a.display_name = ${DEMO_VOLUNTEER.name} and v.status = 'active'`),
  );
  const [other] = rowsOf<{ id: string; account_id: string }>(
    await db.execute(sql`insert into accounts (username, display_name, password_hash) values ('e2e-neighbour', '邻居志愿者', 'x')
      returning id as account_id, (select id from volunteers where area_code = ${me.area_code} and id <> ${me.id}
        and account_id is null and status = 'active' limit 1) as id`),
  );
  await db.execute(sql`update volunteers set account_id = ${other.account_id} where id = ${other.id}`);
  await db.execute(sql`insert into volunteer_reach (volunteer_id, emergency_opt_in) values (${me.id}, true), (${other.id}, true)
    on conflict (volunteer_id) do update set emergency_opt_in = true`);
  // Everyone else of the demo city opts out, so the call reaches exactly these two.
  await db.execute(sql`update volunteer_reach set emergency_opt_in = false where volunteer_id not in (${me.id}, ${other.id})`);
  neighbour = { volunteerId: other.id, accountId: other.account_id };
  return s;
}

const modal = () => officePage.locator('.ant-modal');

describe('emergency calls', () => {
  it('a district office issues a call from the emergency page', async () => {
    await officePage.getByTestId('main-menu').getByText('应急动员').click();
    await officePage.waitForURL(/\/emergency$/);
    await officePage.getByTestId('create-call').click();
    await modal().getByTestId('call-title').fill('防汛转移群众');
    await modal().getByLabel('集合说明').fill('带雨具，到社区服务中心集合');
    await modal().getByLabel('所需人数').fill('2');
    await modal().getByLabel('候补人数').fill('0');
    // The nearest organization covering the district is chosen for the office; it may pick another.
    const picked = () => modal().getByTestId('call-organization').textContent();
    await expect.poll(picked, { timeout: 10_000 }).toMatch(/志愿|协会|服务/);
    const organization = (await picked()) ?? '';
    const shownStart = await modal().locator('.ant-picker-input input').first().inputValue();
    await officePage.waitForTimeout(300);
    await screenshot(officePage, 'emergency-create');
    await officePage.locator('#submit-call').click();
    await officePage.waitForURL(/\/emergency\/[0-9a-f-]{36}$/);
    await expect.poll(() => officePage.getByTestId('call-status').textContent()).toBe('动员中');
    expect(await officePage.getByTestId('call-counts').textContent()).toContain('已通知2');
    // Stored as the China time shown in the picker, though the browser runs on New York time.
    const callId = officePage.url().split('/').at(-1) as string;
    const [stored] = rowsOf<{ starts_at: Date; organization: string }>(
      await stack.database.db.execute(sql`select c.starts_at, o.name as organization from emergency_calls c
        join organizations o on o.id = c.organization_id where c.id = ${callId}`),
    );
    expect(new Date(stored.starts_at).toISOString()).toBe(new Date(`${shownStart.replace(' ', 'T')}:00+08:00`).toISOString());
    expect(organization).toContain(stored.organization);
    expect(await officePage.locator('.ant-card').first().textContent()).toContain(`由${stored.organization}组织实施`);
  });

  it('the volunteer answers from the notice on their phone, and the live page shows it', async () => {
    await volunteerPage.goto(`${stack.baseUrl}/my/enrollments`);
    await volunteerPage
      .getByTestId('notices')
      .getByText(/【应急动员】防汛转移群众/)
      .click();
    await volunteerPage.waitForURL(/\/emergency\/[0-9a-f-]{36}\/respond$/);
    await volunteerPage.getByTestId('accept').waitFor();
    await settledScreenshot(volunteerPage, 'emergency-respond');
    await volunteerPage.getByTestId('accept').click();
    await expect.poll(() => volunteerPage.getByTestId('my-answer').textContent()).toContain('您已接受');
    await settledScreenshot(volunteerPage, 'emergency-respond-accepted');

    await expect.poll(() => officePage.getByTestId('responses-table').textContent(), { timeout: 10_000 }).toContain(DEMO_VOLUNTEER.name);
    expect(await officePage.getByTestId('count-accepted').textContent()).toContain('1/ 2');
    // Accepting placed them on the call's shift: they check in there and their hours are recorded.
    const callId = officePage.url().split('/').at(-1) as string;
    const enrolled = rowsOf<{ status: string; name: string }>(
      await stack.database.db.execute(sql`select e.status, v.name from emergency_calls c join enrollments e on e.activity_id = c.activity_id
        join volunteers v on v.id = e.volunteer_id where c.id = ${callId}`),
    );
    expect(enrolled).toEqual([{ status: 'accepted', name: DEMO_VOLUNTEER.name }]);
  });

  it('fills and closes itself when the last place is taken', async () => {
    const callId = officePage.url().split('/').at(-1) as string;
    const actor = { accountId: neighbour.accountId, displayName: '邻居志愿者', grants: [{ role: 'volunteer' as const }] };
    await answerCall(stack.database.db, { actor, requestId: 'e2e', locale: 'zh-CN' }, stack.baseUrl, callId, 'accept');
    await expect.poll(() => officePage.getByTestId('call-status').textContent(), { timeout: 10_000 }).toBe('已满员');
    await officePage.getByTestId('full-banner').waitFor();
    await settledScreenshot(officePage, 'emergency-live-full');
    await officePage.getByTestId('close-call').click();
    await officePage.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => officePage.getByTestId('call-status').textContent()).toBe('已结束');
  });
});
