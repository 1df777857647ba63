import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, settledScreenshot, signInAs, startStack } from './browser.ts';

let stack: Stack;
let context: BrowserContext;
let page: Page;
const VOLUNTEER = '13800000001';

beforeAll(async () => {
  stack = await startStack();
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
});
afterAll(() => stack.close());

const number = async (p: Page, testId: string) => Number((await p.getByTestId(testId).textContent())?.replace(/[^\d.]/g, ''));

describe('benefits in the browser', () => {
  it('a volunteer redeems a postcard and gets a code; the museum’s staff use it once', async () => {
    await signInAs(page, stack.baseUrl, VOLUNTEER);
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('main-menu').getByText('礼遇兑换').click();
    await page.waitForURL(/\/benefits$/);
    await page.getByTestId('benefits-balance').waitFor();
    const before = await number(page, 'benefits-balance');
    const postcard = page.getByTestId('benefit-offer').filter({ hasText: '馆藏文物明信片' });
    await postcard.getByTestId('redeem').click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText('兑换成功：请到店出示兑换码').waitFor();
    await expect.poll(() => number(page, 'benefits-balance')).toBe(before - 30);
    const fresh = page
      .getByTestId('benefit-code')
      .filter({ hasText: '馆藏文物明信片' })
      .filter({ has: page.getByTestId('code-digits') });
    // The demo volunteer already held one open postcard code; the new one is listed first.
    const code = (await fresh.first().getByTestId('code-digits').getAttribute('data-code')) as string;
    expect(code).toMatch(/^\d{10}$/);
    expect(await fresh.first().locator('img').count()).toBe(1);
    await settledScreenshot(page, 'benefits-volunteer');

    const shop = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const staff = await shop.newPage();
    await signInAs(staff, stack.baseUrl, 'merchant');
    await staff.getByTestId('welcome').waitFor();
    await staff.getByTestId('main-menu').getByText('礼遇核销').click();
    await staff.waitForURL(/\/partner\/scan$/);
    await staff.getByTestId('scan-code').fill(`${code.slice(0, 3)} ${code.slice(3, 6)} ${code.slice(6)}`);
    await staff.getByTestId('scan-check').click();
    await staff.getByTestId('scan-result').waitFor();
    expect(await staff.getByTestId('scan-result').textContent()).toContain('张*');
    await staff.getByTestId('scan-use').click();
    await staff.getByText('核销成功').waitFor();
    expect(await staff.getByTestId('scan-status').textContent()).toBe('已核销');
    await staff.getByTestId('scan-check').click();
    await settledScreenshot(staff, 'benefits-scan');
    await shop.close();
  });
});
