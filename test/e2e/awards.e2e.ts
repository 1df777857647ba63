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

  it('lets an office nominate anyone of its area from a searchable list, naming the rule that refuses one', async () => {
    // Still the city office. The demo's open round takes nominations from offices too.
    const [barred] = await rows<{ name: string; volunteer_no: string }>(sql`select v.name, v.volunteer_no from sanctions s
      join volunteers v on v.id = s.volunteer_id where s.revoked_at is null limit 1`);
    const [eligible] = await rows<{ name: string; volunteer_no: string }>(sql`select v.name, v.volunteer_no from volunteers v
      join ledger_entries l on l.volunteer_id = v.id
      where v.status = 'active' and not exists (select 1 from sanctions s where s.volunteer_id = v.id)
        and not exists (select 1 from award_nominees n join award_rounds r on r.id = n.round_id where r.status = 'open' and n.subject_id = v.id)
      group by v.id having sum(l.hours) >= 20 order by sum(l.hours) desc limit 1`);
    await page.getByTestId('main-menu').getByText('表彰评选').click();
    await page.getByTestId('award-rounds').locator('tr', { hasText: '推荐评审中' }).getByRole('link').click();
    const card = page.getByTestId('office-nominate');
    const nominate = async (person: { name: string; volunteer_no: string }) => {
      await card.getByTestId('nominee-select').click();
      await page.keyboard.type(person.name);
      await page.locator('.ant-select-item-option', { hasText: person.volunteer_no }).click();
      await card.getByTestId('nominate-reason').fill('常年参与社区志愿服务，群众评价很高，特此推荐');
      await card.getByTestId('nominate').click();
    };
    // The office may read sanctions: the refusal names the bar and its end, kept on screen.
    await nominate(barred);
    await card
      .getByTestId('nominate-refused')
      .getByText(/受惩戒禁评/)
      .waitFor();
    await settledScreenshot(page, 'awards-office-nominate-refused');
    await nominate(eligible);
    await page.getByTestId('award-nominees').getByText(eligible.name).first().waitFor();
    expect(await card.getByTestId('nominate-refused').count()).toBe(0);
  });

  it('awards the list once the notice is over and its objections are decided: on the roll and on 我的荣誉', async () => {
    const [round] = await rows<{ id: string; title_zh: string; year: number }>(
      sql`select id, title_zh, year from award_rounds where status = 'notice'`,
    );
    await page.goto(`${stack.baseUrl}/awards/${round.id}`);
    const objections = page.getByTestId('award-objections');
    await objections.waitFor();
    while ((await objections.getByTestId('dismiss-objection').count()) > 0) {
      const before = await objections.getByTestId('dismiss-objection').count();
      await objections.getByTestId('dismiss-objection').first().click();
      const resolve = page.locator('.ant-modal', { hasText: '异议不成立' });
      await resolve.getByTestId('resolution').fill('经核查服务记录，异议不成立');
      await clickUntilClosed(resolve, resolve.getByRole('button', { name: /确\s*定|OK/ }));
      await expect.poll(() => objections.getByTestId('dismiss-objection').count()).toBeLessThan(before);
    }
    // Five working days pass the way the module tests let them: the notice's dates move into the past.
    await stack.database.db.execute(sql`update award_rounds set published_on = current_date - 14, notice_ends_on = current_date - 3
      where id = ${round.id}`);
    await page.reload();
    await page.getByTestId('finalize-round').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await page
      .getByText(/已表彰 \d+ 个/)
      .first()
      .waitFor();
    await page.getByTestId('round-title').getByText('已表彰').waitFor();
    await settledScreenshot(page, 'awards-round-finalized');

    // The public roll of this year and the demo volunteer's 我的荣誉 show it.
    await page.goto(`${stack.baseUrl}/honours`);
    await page.getByRole('tab', { name: '表彰名录' }).click();
    await page.locator('.ant-input-number input').fill(String(round.year));
    await page.getByTestId('roll-round').filter({ hasText: round.title_zh }).getByText(DEMO_VOLUNTEER.name).waitFor();
    await context.clearCookies();
    await signInAs(page, stack.baseUrl, DEMO_VOLUNTEER.phone);
    await page.getByTestId('welcome').waitFor();
    await page.goto(`${stack.baseUrl}/my/honours`);
    await page.getByTestId('my-awards').getByText(round.title_zh).waitFor();
    await settledScreenshot(page, 'awards-my-honours');
  });
});
