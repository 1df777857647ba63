import { sql } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.ts';
import { testConfig } from '../helpers/app.ts';
import { insertBeneficiary, insertRequest } from '../helpers/guard-world.ts';
import { type Stack, settledScreenshot, signInAs, startStack } from './browser.ts';

let stack: Stack;
let context: BrowserContext;
let page: Page;
beforeAll(async () => {
  stack = await startStack();
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
});
afterAll(() => stack.close());

const categoryRow = (name: string) => page.getByTestId('categories-table').locator('tbody tr.ant-table-row', { hasText: name });

describe('request categories and response times', () => {
  it('lets the city office tighten a category’s guard rule, a response time and the weekly take cap, and keeps them', async () => {
    await signInAs(page, stack.baseUrl, 'city');
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('main-menu').getByText('需求类别与时限').click();
    await page.waitForURL(/\/settings\/requests$/);
    await categoryRow('cleaning').waitFor();
    await page.getByTestId('category-perWeek-cleaning').fill('2');
    await page.getByTestId('category-mode-cleaning').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '拦截' }).click();
    await page.getByTestId('save-categories').click();
    await page.getByText('需求类别已保存').waitFor();

    const triage = page.getByTestId('sla-urgent-triageMinutes');
    await triage.fill('30');
    await page.getByTestId('save-sla').click();
    await page.getByTestId('sla-saved').waitFor();

    const takeCap = page.getByTestId('caps-weeklyTakeCap');
    expect(await takeCap.inputValue()).toBe('3');
    await takeCap.fill('2');
    await page.getByTestId('save-caps').click();
    await page.getByTestId('caps-saved').waitFor();

    await page.reload();
    await categoryRow('cleaning').waitFor();
    expect(await page.getByTestId('category-perWeek-cleaning').inputValue()).toBe('2');
    expect(await page.getByTestId('category-mode-cleaning').textContent()).toContain('拦截');
    expect(await page.getByTestId('sla-urgent-triageMinutes').inputValue()).toBe('30');
    expect(await page.getByTestId('caps-weeklyTakeCap').inputValue()).toBe('2');
    expect(await page.getByTestId('caps-weeklyInvitationCap').inputValue()).toBe('3');
    await settledScreenshot(page, 'request-settings');
  });

  it('names the row and the rule when a weekly limit is below the daily one', async () => {
    await page.getByTestId('category-perDay-cleaning').fill('3');
    await page.getByTestId('save-categories').click();
    const errors = page.getByTestId('categories-errors');
    await errors.waitFor();
    expect(await errors.textContent()).toContain('cleaning');
    expect(await errors.textContent()).toContain('每周上限不能少于每日上限');
  });
});

describe('the over-service report', () => {
  it('shows a community office who was served too often and who was not served', async () => {
    const db = stack.database.db;
    const [grant] = rowsOf<{ area_code: string }>(
      await db.execute(sql`select rg.area_code from role_grants rg join accounts a on a.id = rg.account_id where a.username = 'community'`),
    );
    const config = testConfig();
    const often = await insertBeneficiary(db, config, { name: '测试老人甲', areaCode: grant.area_code });
    await insertBeneficiary(db, config, { name: '测试老人乙', areaCode: grant.area_code });
    const day = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    for (const hour of ['09', '15'])
      await insertRequest(db, {
        beneficiaryId: often,
        categoryCode: 'foot_wash',
        areaCode: grant.area_code,
        windowStart: `${day}T${hour}:00:00+08:00`,
      });

    const community = await (await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })).newPage();
    await signInAs(community, stack.baseUrl, 'community');
    await community.getByTestId('welcome').waitFor();
    await community.getByTestId('main-menu').getByText('防过度服务报表').click();
    await community.waitForURL(/\/reports\/service-guard/);
    const flagged = community.getByTestId('many-services').locator('tbody tr.ant-table-row', { hasText: '测试老人甲' });
    await flagged.waitFor();
    expect(await flagged.textContent()).toContain('超过规则');
    expect(await flagged.textContent()).toContain('洗脚');
    const never = community.getByTestId('not-served').locator('tbody tr.ant-table-row', { hasText: '测试老人乙' });
    expect(await never.textContent()).toContain('从未受服务');
    await settledScreenshot(community, 'service-guard-report');
  });
});
