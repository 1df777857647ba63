import { sql } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.ts';
import { clickUntilClosed, dialogShot, type Stack, settledScreenshot, signInAs, startStack } from './browser.ts';

let stack: Stack;
let context: BrowserContext;
let page: Page;
beforeAll(async () => {
  stack = await startStack();
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
});
afterAll(() => stack.close());

const one = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await stack.database.db.execute(query))[0];

describe('honours: the star scheme and sanctions', () => {
  it('lets the city office set its own star scheme, see whom it moves, and save it', async () => {
    await signInAs(page, stack.baseUrl, 'city');
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('main-menu').getByText('星级标准').click();
    await page.waitForURL(/\/settings\/stars$/);
    expect(await page.getByTestId('star-scheme-current').textContent()).toContain('全国通行标准');
    expect(await page.getByTestId('save-stars').isDisabled()).toBe(true);

    await page.getByTestId('star-scheme-kind').getByText('本市标准').click();
    for (const [i, hours] of [100, 200, 500, 800, 1000].entries()) await page.getByTestId(`threshold-${i}`).fill(String(hours));
    // A threshold below the one before is named with its rule before anything is shown or saved.
    await page.getByTestId('threshold-1').fill('50');
    await page.getByTestId('preview-stars').click();
    await page.getByText('每一档须高于上一档（100 小时）').waitFor();
    await page.getByTestId('threshold-1').fill('200');
    await page.getByTestId('preview-stars').click();
    const summary = page.getByTestId('star-preview-summary');
    await summary.waitFor();
    const { n } = await one<{ n: number }>(sql`select count(*)::int as n from volunteers where status in ('active', 'suspended')`);
    expect(await summary.textContent()).toContain(`共 ${n} 名在册志愿者`);
    await settledScreenshot(page, 'honours-star-preview');

    await page.getByTestId('save-stars').click();
    await page.getByText('星级标准已保存').first().waitFor();
    await page.reload();
    await page.getByTestId('star-scheme-current').waitFor();
    expect(await page.getByTestId('star-scheme-current').textContent()).toContain('本市标准');
    expect(await page.getByTestId('threshold-1').inputValue()).toBe('200');
  });

  it('shows the office the demo’s sanctioned volunteer and lets it record a sanction on another', async () => {
    const sanctioned = await one<{ volunteer_id: string }>(sql`select volunteer_id from sanctions limit 1`);
    expect(sanctioned).toBeDefined();
    await context.clearCookies();
    await signInAs(page, stack.baseUrl, 'community');
    await page.getByTestId('welcome').waitFor();
    await page.goto(`${stack.baseUrl}/volunteers/${sanctioned.volunteer_id}`);
    const card = page.getByTestId('sanctions-card');
    await card.getByTestId('sanction-item').first().waitFor();
    expect(await page.getByTestId('sanction-bar').textContent()).toContain('禁评中');
    expect(await card.textContent()).toContain('虚假记录服务时长');

    const other = await one<{ id: string }>(sql`select v.id from volunteers v
      where v.area_code = (select area_code from volunteers where id = ${sanctioned.volunteer_id}) and v.status = 'active'
        and v.id <> ${sanctioned.volunteer_id}
        and exists (select 1 from service_records r where r.volunteer_id = v.id)
      order by v.volunteer_no limit 1`);
    await page.goto(`${stack.baseUrl}/volunteers/${other.id}`);
    await page.getByTestId('sanctions-card').getByText('当前不在禁评期').waitFor();
    await page.getByTestId('add-sanction').click();
    const dialog = page.locator('.ant-modal', { hasText: '记录惩戒' });
    await dialog.getByTestId('sanction-reason').fill('冒用他人签到码，虚报服务时长 3 小时');
    await dialog.getByTestId('sanction-records').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    // The record list stays open over the form (a multiple select) until the person clicks elsewhere.
    await dialog.locator('.ant-modal-title').click();
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
    await dialog.getByText('2 年').click();
    await dialogShot(page, 'honours-sanction-new');
    await clickUntilClosed(dialog, dialog.getByTestId('save-sanction'));
    const item = page.getByTestId('sanctions-card').getByTestId('sanction-item');
    await item.waitFor();
    expect(await item.textContent()).toContain('冒用他人签到码');
    expect(await item.textContent()).toContain('2 年');
    expect(await page.getByTestId('sanction-bar').textContent()).toContain('禁评中');
    await settledScreenshot(page, 'honours-sanctions');
  });
});
