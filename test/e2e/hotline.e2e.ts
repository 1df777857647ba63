import { sql } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.ts';
import { type Stack, screenshot, settle, signInAs, startStack } from './browser.ts';

let stack: Stack;
let context: BrowserContext;
let page: Page;
let community: { code: string; name: string };
let volunteerNo: string;

/** A number no demo person has: the caller is new the first time. */
const CALLER = '13912345671';

beforeAll(async () => {
  stack = await startStack();
  [community] = rowsOf<{ code: string; name: string }>(
    await stack.database.db.execute(sql`select code, name from areas where level = 'community' order by code limit 1`),
  );
  [{ volunteerNo }] = rowsOf<{ volunteerNo: string }>(
    await stack.database.db.execute(
      sql`select volunteer_no as "volunteerNo" from volunteers where status = 'active' order by volunteer_no limit 1`,
    ),
  );
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
  // The categories' own route (GET /api/request-categories) comes with another part of the work; until it
  // answers, the page gets the catalog as the database holds it.
  await page.route('**/api/request-categories', async (route) => {
    const response = await route.fetch();
    if (response.status() !== 404) return route.fulfill({ response });
    const rows = rowsOf(
      await stack.database.db.execute(
        sql`select code, name_zh as "nameZh", name_en as "nameEn", active from request_categories order by sort`,
      ),
    );
    return route.fulfill({ json: rows });
  });
  await signInAs(page, stack.baseUrl, 'operator');
  await page.getByTestId('welcome').waitFor();
});
afterAll(() => stack.close());

const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.id ?? '');

/** Types into the focused Ant Design select and takes the option the typing leaves first. */
async function choose(text: string) {
  await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().waitFor();
  await page.keyboard.press('Enter');
}

describe('the hotline console, by keyboard', () => {
  it('answers a new caller, registers them with the short form, and logs the call', async () => {
    await page.getByTestId('main-menu').getByText('热线坐席').click();
    await page.waitForURL(/\/hotline$/);
    // Focus starts in the caller's number; the shortcuts are on screen.
    await expect.poll(focused).toBe('caller-phone');
    expect(await page.getByTestId('shortcuts').textContent()).toContain('Alt+N');
    await page.keyboard.type(CALLER);
    await page.keyboard.press('Enter');
    await page.getByTestId('new-person').waitFor();
    // The short form starts at the name, the caller's number already in.
    expect(await page.getByTestId('new-person').getByLabel('本人电话').inputValue()).toBe(CALLER);
    await expect.poll(focused).toBe('name');
    await page.keyboard.type('钱阿婆');
    await page.keyboard.press('Tab'); // kind: 独居老人 by default
    await page.keyboard.press('Tab');
    await choose(community.name);
    await page.getByTestId('new-person').getByLabel('住址').focus();
    await page.keyboard.type('德加社区 3 幢 2 单元 501 室');
    await page.getByTestId('beneficiary-consent').focus();
    await page.keyboard.press('Space');
    await page.getByTestId('new-person').getByLabel('住址').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('caller-card').waitFor();
    expect(await page.getByTestId('caller-name').textContent()).toContain('钱阿婆');
    expect(await page.getByTestId('caller-card').textContent()).toContain('德加社区 3 幢 ***');
    await screenshot(page, 'hotline-new-person');

    await page.keyboard.press('Alt+E');
    await expect.poll(focused).toBe('outcome');
    await page.keyboard.press('Tab');
    await page.keyboard.type('登记新服务对象');
    await page.getByTestId('end-submit').focus();
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('caller-phone');
    await expect.poll(() => page.getByTestId('end-call').count()).toBe(0);
  });

  it('finds the known caller, takes their request by keyboard, and looks a volunteer up for them', async () => {
    await page.keyboard.type(CALLER);
    await page.keyboard.press('Enter');
    await page.getByTestId('caller-card').waitFor();
    expect(await page.getByTestId('caller-name').textContent()).toContain('本人来电');
    expect(await page.getByTestId('new-person').count()).toBe(0);
    await page.getByTestId('request-form').waitFor();
    // The request, by keyboard: category, the first time slot offered, Ctrl+Enter.
    await page.keyboard.press('Alt+N');
    await expect.poll(focused).toBe('categoryCode');
    await choose('助老');
    await page.getByTestId('request-notes').focus();
    await page.keyboard.type('买菜、量血压');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('request-saved').waitFor();
    expect(await page.getByTestId('request-saved').textContent()).toMatch(/需求已受理：XQ\d+/);
    await settle(page);
    await screenshot(page, 'hotline-known-caller');

    await page.keyboard.press('Alt+V');
    await expect.poll(focused).toBe('volunteer-lookup');
    await page.keyboard.type(volunteerNo);
    await page.keyboard.press('Enter');
    await page.getByTestId('volunteer-status').waitFor();
    const status = await page.getByTestId('volunteer-status').textContent();
    expect(status).toContain(volunteerNo);
    expect(status).toContain('正常');
    expect(status).toMatch(/\*/);
    await screenshot(page, 'hotline-lookup');

    await page.keyboard.press('Alt+E');
    await expect.poll(focused).toBe('outcome');
    // A request was taken on this call: that is the suggested outcome.
    expect(await page.getByTestId('end-call').textContent()).toContain('受理需求');
    await page.getByTestId('end-submit').focus();
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('caller-phone');
  });

  it('lists both calls in the log, the caller masked, with their outcomes', async () => {
    await page.getByTestId('calls-link').click();
    await page.waitForURL(/\/hotline\/calls/);
    const rows = page.getByTestId('calls-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    const text = await page.getByTestId('calls-table').textContent();
    expect(text).toContain('139****5671');
    expect(text).not.toContain(CALLER);
    expect(await rows.nth(0).textContent()).toContain('受理需求');
    expect(await rows.nth(0).textContent()).toMatch(/XQ\d+/);
    expect(await rows.nth(1).textContent()).toContain('咨询');
    expect(await rows.nth(0).textContent()).toContain('钱阿婆');
    await screenshot(page, 'hotline-calls');
  });

  it('opens the person from the log: masked until "show", which reveals the full record', async () => {
    await page.getByTestId('calls-table').getByRole('link', { name: '钱阿婆' }).first().click();
    await page.waitForURL(/\/beneficiaries\/[0-9a-f-]{36}$/);
    const details = page.getByTestId('beneficiary-details');
    await expect.poll(() => details.textContent()).toContain('德加社区 3 幢 ***');
    expect(await details.textContent()).toContain('139****5671');
    await page.getByTestId('reveal-pii').click();
    await page.getByTestId('pii-revealed').waitFor();
    expect(await details.textContent()).toContain('德加社区 3 幢 2 单元 501 室');
    expect(await details.textContent()).toContain(CALLER);
    await screenshot(page, 'beneficiary-detail-revealed');
  });
});
