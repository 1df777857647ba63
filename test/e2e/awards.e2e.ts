import { sql } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.ts';
import { DEMO_VOLUNTEER } from '../../src/modules/demo/index.ts';
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

const rows = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await stack.database.db.execute(query));

describe('awards: the public notice and its objections', () => {
  it('lets anyone object to a name on the notice, and the city office resolve it', async () => {
    // The demo: last year's award is on the demo volunteer's record (their certificate states it).
    const onRecord = await rows<{ title: string }>(sql`select a.title from record_awards a join volunteers v on v.id = a.volunteer_id
      join accounts c on c.id = v.account_id where c.display_name = ${DEMO_VOLUNTEER.name} and a.year = extract(year from now())::int - 1`);
    expect(onRecord.length).toBeGreaterThan(0);

    // Not signed in: the notice shows names and organizations only, and takes an objection.
    await page.goto(`${stack.baseUrl}/honours`);
    const notice = page.getByTestId('notice-round').first();
    await notice.getByTestId('object').first().waitFor();
    expect(await page.locator('body').textContent()).not.toMatch(/1[3-9]\d{9}/);
    await notice.getByTestId('object').first().click();
    const dialog = page.locator('.ant-modal', { hasText: '提出异议' });
    await dialog.getByTestId('objection-reason').fill('该志愿者上月的两次活动我在现场没有见到本人');
    await dialog.getByTestId('objection-contact').fill('13912345678');
    await dialogShot(page, 'awards-objection');
    await clickUntilClosed(dialog, dialog.getByRole('button', { name: /提交异议/ }));
    await page
      .getByText(/异议已提交/)
      .first()
      .waitFor();
    await settledScreenshot(page, 'awards-public-notice');

    // The city office: the round on notice lists both objections, the contact masked; it dismisses one.
    await signInAs(page, stack.baseUrl, 'city');
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('main-menu').getByText('表彰评选').click();
    await page.getByTestId('award-rounds').getByText('公示中').first().waitFor();
    await page.getByTestId('award-rounds').locator('tr', { hasText: '公示中' }).getByRole('link').click();
    const objections = page.getByTestId('award-objections');
    await objections.getByText('139****5678').waitFor();
    expect(await objections.textContent()).not.toContain('13912345678');
    await objections.getByTestId('dismiss-objection').first().click();
    const resolve = page.locator('.ant-modal', { hasText: '异议不成立' });
    await resolve.getByTestId('resolution').fill('经核查签到记录与现场照片，异议不成立');
    await clickUntilClosed(resolve, resolve.getByRole('button', { name: /确\s*定|OK/ }));
    await objections.getByText('经核查签到记录与现场照片，异议不成立').waitFor();
    await settledScreenshot(page, 'awards-round-notice');
  });
});
