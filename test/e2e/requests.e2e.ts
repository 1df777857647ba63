import { sql } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.ts';
import { buildBeneficiary } from '../demand-factories.ts';
import { buildAccount, buildOrganization, buildVolunteer, PASSWORD } from '../factories.ts';
import { testConfig } from '../helpers/app.ts';
import { type Stack, screenshot, settle, signInAs, startStack } from './browser.ts';

let stack: Stack;
let community: string;
let volunteerLogin: string;
const ADDRESS = '南山路 218 号 3 幢 502 室';

beforeAll(async () => {
  stack = await startStack();
  const db = stack.database.db;
  const config = testConfig();
  [{ community }] = rowsOf<{ community: string }>(
    await db.execute(
      sql`select g.area_code as community from role_grants g join accounts a on a.id = g.account_id where a.username = 'community'`,
    ),
  );
  // The factories below name the areas they touch after their codes: the demo city keeps its own names.
  const names = rowsOf<{ code: string; name: string; name_en: string | null }>(
    await db.execute(sql`select code, name, name_en from areas where ${community} like code || '%'`),
  );
  const [{ id: residentId }] = rowsOf<{ id: string }>(await db.execute(sql`select id from accounts where username = 'resident'`));
  // The resident's own record, at a known address (the demo's record of theirs is set aside for this journey).
  await db.execute(sql`update beneficiaries set account_id = null where account_id = ${residentId}`);
  await buildBeneficiary(db, { areaCode: community, name: '李居民', accountId: residentId, address: ADDRESS });
  await buildOrganization(db, config, { areaCode: community.slice(0, 9), name: '清波助老服务队' });
  const v = await buildVolunteer(db, config, { areaCode: community, name: '陈志愿' });
  const account = await buildAccount(db, config, [{ role: 'volunteer' }], { phone: v.phone, displayName: '陈志愿' });
  await db.execute(sql`update volunteers set account_id = ${account.id} where id = ${v.id}`);
  volunteerLogin = v.phone;
  for (const a of names) await db.execute(sql`update areas set name = ${a.name}, name_en = ${a.name_en} where code = ${a.code}`);
}, 180_000);
afterAll(() => stack.close());

async function session(
  browser: Browser,
  login: string,
  phone: boolean,
  password?: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(
    phone
      ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' }
      : { viewport: { width: 1280, height: 900 }, locale: 'zh-CN' },
  );
  const page = await context.newPage();
  await signInAs(page, stack.baseUrl, login, password);
  await page.getByTestId('welcome').waitFor();
  return { context, page };
}

const pick = async (page: Page, testId: string, text: string) => {
  await page.getByTestId(testId).click();
  await page.getByTestId(testId).locator('input').fill(text);
  await page.locator('.ant-select-item-option', { hasText: text }).first().click();
};

describe('a resident’s request, from the phone to the rating', () => {
  let requestUrl = '';

  it('the resident asks for help on the phone page', async () => {
    const { page, context } = await session(stack.browser, 'resident', true);
    // Home offers help at once, beside the count of the resident's own requests.
    await expect.poll(() => page.getByTestId('resident-todo').textContent()).toContain('我要求助');
    await page.getByTestId('tab-bar').getByText('我的求助').click();
    await page.waitForURL(/\/my\/requests$/);
    await page.getByTestId('raise-request').click();
    await page.getByTestId('request-category').click();
    await page.locator('.ant-select-item-option', { hasText: '陪伴聊天' }).click();
    const day = new Date(Date.now() + 8 * 3600_000 + 6 * 86_400_000).toISOString().slice(0, 10);
    // The date picker's own input carries the test id (or wraps it, depending on the picker's build).
    const date = page.locator('input[data-testid="request-date"], [data-testid="request-date"] input').first();
    await date.fill(day);
    await page.getByTestId('request-notes').fill('想找人聊聊天，上午在家');
    await screenshot(page, 'requests-resident-form');
    await page.getByTestId('submit-request').click();
    await expect.poll(() => page.getByTestId('my-request').count()).toBe(1);
    expect(await page.getByTestId('my-request').textContent()).toContain('待分派');
    await settle(page);
    await screenshot(page, 'requests-resident-list');
    await context.close();
  });

  it('the community office triages it, assigns a volunteer, and sees it in its list', async () => {
    const { page, context } = await session(stack.browser, 'community', false);
    await page.getByTestId('main-menu').getByText('服务需求').click();
    await page.waitForURL(/\/requests$/);
    const rows = page.getByTestId('requests-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    expect(await rows.first().textContent()).toContain('李居民');
    await rows.first().getByRole('link').click();
    await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
    requestUrl = page.url();
    // The office sees the street and compound only.
    expect(await page.getByTestId('request-place').textContent()).toBe('南山路…');

    await page.getByTestId('action-triage').click();
    await pick(page, 'pick-organization', '清波助老服务队');
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await expect.poll(() => page.getByTestId('request-status').first().textContent()).toBe('已分派');

    await page.getByTestId('action-assign').click();
    await pick(page, 'pick-volunteers', '陈志愿');
    await page.locator('.ant-modal-title').click();
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await expect.poll(() => page.getByTestId('request-status').first().textContent()).toBe('已派单');
    expect(await page.getByTestId('assignments-table').textContent()).toContain('陈志愿');
    expect(await page.getByTestId('request-timeline').textContent()).toContain('分派');
    await settle(page);
    await screenshot(page, 'requests-office-detail');
    await context.close();
  });

  it('the volunteer assigned sees the full address while serving', async () => {
    const { page, context } = await session(stack.browser, volunteerLogin, true, PASSWORD);
    await page.goto(requestUrl);
    await expect.poll(() => page.getByTestId('request-place').textContent()).toBe(ADDRESS);
    expect(await page.getByTestId('request-details').textContent()).toContain('李居民');
    await settle(page);
    await screenshot(page, 'requests-volunteer-serving');
    await context.close();
  });

  it('the office marks it done; the resident rates it 5; the office list shows it rated', async () => {
    const office = await session(stack.browser, 'community', false);
    await office.page.goto(requestUrl);
    await office.page.getByTestId('action-start').click();
    await expect.poll(() => office.page.getByTestId('request-status').first().textContent()).toBe('服务中');
    await office.page.getByTestId('action-done').click();
    await expect.poll(() => office.page.getByTestId('request-status').first().textContent()).toBe('待评价');

    const resident = await session(stack.browser, 'resident', true);
    await resident.page.goto(`${stack.baseUrl}/my/requests`);
    await resident.page.getByTestId('rate-request').click();
    await resident.page.getByTestId('rating-stars').locator('li').nth(4).click();
    await resident.page.getByTestId('submit-rating').click();
    await expect.poll(() => resident.page.getByTestId('my-request').textContent()).toContain('已评价');
    await settle(resident.page);
    await screenshot(resident.page, 'requests-resident-rated');
    await resident.context.close();

    await office.page.goto(`${stack.baseUrl}/requests?status=rated`);
    // The resident's request among the rated ones (the demo city has others waiting for the office).
    const rows = office.page.getByTestId('requests-table').locator('tbody tr.ant-table-row');
    const mine = rows.filter({ hasText: '李居民' });
    await expect.poll(() => mine.count()).toBe(1);
    expect(await mine.first().textContent()).toContain('已评价');
    expect(await rows.count()).toBe(await rows.filter({ hasText: '已评价' }).count());
    await screenshot(office.page, 'requests-office-list');
    await office.context.close();
  });
});
