import { sql } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.ts';
import { DEMO_VOLUNTEER } from '../../src/modules/demo/index.ts';
import { type Stack, settledScreenshot, signInAs, startStack } from './browser.ts';

let stack: Stack;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  stack = await startStack();
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
  // Alone (not in the suite, where the seeded demo is shared) this file seeds the demo city itself.
}, 240_000);
afterAll(() => stack.close());

const number = async (p: Page, testId: string) => Number((await p.getByTestId(testId).textContent())?.replace(/[^\d.]/g, ''));

describe('the time bank’s family in the browser', () => {
  it('a volunteer gives credits to their confirmed parent and sees the line; the community office confirms the spouse', async () => {
    await signInAs(page, stack.baseUrl, '13800000001');
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('main-menu').getByText('我的时间银行').click();
    await page.getByTestId('time-bank-family').waitFor();
    const family = page.getByTestId('time-bank-family');
    await family.getByText('已确认').waitFor();
    expect(await family.textContent()).toContain('待核验');
    const before = await number(page, 'time-bank-balance');
    const parentName = (await family.locator('tbody tr', { hasText: '已确认' }).first().locator('td').nth(1).textContent()) ?? '';
    await family.locator('[data-testid^="transfer-"]').first().click();
    await page.getByTestId('give-amount').fill('0.5');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await page.getByText('已转赠').waitFor();
    const line = page.getByTestId('time-bank-statement').locator('tbody tr.ant-table-row').first();
    await line.getByText('-0.50').waitFor();
    expect(await line.textContent()).toContain('转赠家人');
    expect(await line.textContent()).toContain(parentName);
    expect(await number(page, 'time-bank-balance')).toBeCloseTo(before - 0.5, 2);
    await settledScreenshot(page, 'time-bank-family');

    const office = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const officePage = await office.newPage();
    await signInAs(officePage, stack.baseUrl, 'community');
    await officePage.getByTestId('welcome').waitFor();
    await officePage.getByTestId('main-menu').getByText('亲属关系审核').click();
    await officePage.getByTestId('family-confirm').first().click();
    await officePage.getByTestId('family-remark').fill('查验结婚证原件');
    await officePage
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await officePage.getByText('没有需要处理的亲属关系').waitFor();
    // The confirmed ones: the relative's age (never the birth date) and the office's revoke.
    await officePage.locator('.ant-radio-button-wrapper', { hasText: '已确认' }).click();
    await officePage.getByTestId('family-revoke').first().waitFor();
    await settledScreenshot(officePage, 'family-review');
    await officePage.getByTestId('main-menu').getByText('时间银行收支').click();
    await officePage.getByTestId('balance-sheet').waitFor();
    await officePage.getByTestId('time-bank-pools').locator('tbody tr.ant-table-row').first().waitFor();
    await settledScreenshot(officePage, 'time-bank-balance-sheet');

    // The volunteer's page shows the office their credits beside their points: the same balance,
    // the transfer on the statement, the relatives recorded (masked).
    const [self] = rowsOf<{ id: string }>(
      await stack.database.db.execute(
        sql`select v.id from volunteers v join accounts a on a.id = v.account_id where a.display_name = ${DEMO_VOLUNTEER.name}`,
      ),
    );
    await officePage.goto(`${stack.baseUrl}/volunteers/${self.id}`);
    const card = officePage.getByTestId('volunteer-time-bank');
    await card.getByTestId('volunteer-time-bank-balance').waitFor();
    expect(await number(officePage, 'volunteer-time-bank-balance')).toBeCloseTo(before - 0.5, 2);
    const first = card.getByTestId('volunteer-time-bank-statement').locator('tbody tr.ant-table-row').first();
    expect(await first.textContent()).toContain('转赠家人');
    expect(await first.textContent()).toContain('-0.50');
    expect(await card.getByTestId('volunteer-time-bank-family').textContent()).toContain('已确认');
    expect(await card.getByTestId('volunteer-time-bank-family').textContent()).not.toContain(parentName);
    await card.scrollIntoViewIfNeeded();
    await settledScreenshot(officePage, 'time-bank-office-view');
    await office.close();
  });
});
