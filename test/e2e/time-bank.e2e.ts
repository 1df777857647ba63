import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs as apiSession } from './api-session.ts';
import { acceptedOn, activityWithPosition, confirmedRecord, moveActivity, recruitingProject } from './api-world.ts';
import { type Stack, settledScreenshot, signInAs, startStack } from './browser.ts';

let stack: Stack;
let context: BrowserContext;
let page: Page;
const VOLUNTEER = '13800000001';
const apiAs = (login: string) => apiSession(stack.baseUrl, login);

beforeAll(async () => {
  stack = await startStack();
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
});
afterAll(() => stack.close());

/** `hours` of elderly care today for the demo volunteer, confirmed by the demo organization. */
async function elderlyCareToday(title: string, hours: number) {
  const org = await apiAs('org');
  const street = await apiAs('street');
  const volunteer = await apiAs(VOLUNTEER);
  const projectId = await recruitingProject(org, street, {
    title: `时间银行助老服务（${title}）`,
    description: '<p>为独居老人助餐、陪伴。</p>',
    beneficiaries: '社区独居老人',
    risks: '注意老人情绪与身体状况。',
  });
  const { activityId, positionId } = await activityWithPosition(org, projectId, {
    title,
    address: '杭州市西湖区德加社区',
    inDays: 2,
    hours: 3,
    position: { name: '助老员', headcount: 5, reviewMode: 'auto' },
  });
  const enrollmentId = await acceptedOn(volunteer, positionId);
  await moveActivity(stack.database, activityId, '-1 minute', '3 hours');
  await confirmedRecord(org, enrollmentId, hours, '补录');
  await Promise.all([org.dispose(), street.dispose(), volunteer.dispose()]);
}

const number = async (p: Page, testId: string) => Number((await p.getByTestId(testId).textContent())?.replace(/[^\d.]/g, ''));
const firstLine = (p: Page) => p.getByTestId('time-bank-statement').locator('tbody tr.ant-table-row').first();

describe('the time bank in the browser', () => {
  it('deposited the demo city’s eligible hours, and the ledger (both currencies) verifies', async () => {
    const auditor = await apiAs('auditor');
    const verdict = await auditor.call<{ ok: boolean }>('POST', '/api/points/verify', {});
    await auditor.dispose();
    expect(verdict.ok).toBe(true);
  });

  it('shows a volunteer the credits of their demo hours, then of new elderly care clipped at the daily cap', async () => {
    await signInAs(page, stack.baseUrl, VOLUNTEER);
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('main-menu').getByText('我的时间银行').click();
    await page.waitForURL(/\/my\/time-bank$/);
    await page.getByTestId('time-bank-balance').waitFor();
    const demo = await number(page, 'time-bank-balance');
    expect(demo).toBeGreaterThan(0);
    // The demo's own lines: deposits of its hours, then what the volunteer gave their parent and the pool.
    expect(await page.getByTestId('time-bank-statement').textContent()).toContain('服务时长确认');
    expect(await firstLine(page).textContent()).toContain('捐入社区互助池');
    expect(await page.getByTestId('time-bank-how').textContent()).toContain('每个服务日至多 2 个');
    // The demo's service paid in credits: held at raising, the confirmed record paid out of the hold.
    const hold = page.getByTestId('time-bank-holds').locator('tbody tr.ant-table-row').first();
    const [requestNo, , amount, paid] = await hold.locator('td').allTextContents();
    expect(requestNo).toMatch(/^XQ\d+$/);
    expect(Number(paid)).toBeGreaterThan(0);
    expect(Number(paid)).toBeLessThanOrEqual(Number(amount));
    const holdLine = page.getByTestId('time-bank-statement').locator('tbody tr.ant-table-row', { hasText: requestNo });
    expect(await holdLine.textContent()).toContain(`-${amount}`);
    await settledScreenshot(page, 'time-bank-demo');

    // 3 h today: 2 deposited (Changning's 2 a day), 1 clipped.
    await elderlyCareToday('助老助餐·第一次', 3);
    await page.reload();
    await page.getByTestId('time-bank-balance').waitFor();
    expect(await number(page, 'time-bank-balance')).toBeCloseTo(demo + 2, 2);
    expect(await firstLine(page).textContent()).toContain('助老助餐·第一次');
    expect(await firstLine(page).textContent()).toContain('+2.00');
    expect(await page.getByTestId('time-bank-today').textContent()).toContain('2.00 / 2.00');
    await settledScreenshot(page, 'time-bank-mine');
  });

  it('lets the city office raise the daily cap, and the next hours that day deposit up to it', async () => {
    const office = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const cityPage = await office.newPage();
    await signInAs(cityPage, stack.baseUrl, 'city');
    await cityPage.getByTestId('welcome').waitFor();
    await cityPage.getByTestId('main-menu').getByText('时间银行规则').click();
    await cityPage.waitForURL(/\/settings\/time-bank$/);
    await cityPage.getByTestId('daily-cap').fill('3');
    await cityPage.getByTestId('save-time-bank-rule').click();
    await cityPage.getByText('时间银行规则已保存（第 1 版）').waitFor();
    await cityPage.reload();
    await cityPage.getByTestId('daily-cap').waitFor();
    expect(await cityPage.getByTestId('daily-cap').inputValue()).toBe('3.00');
    await settledScreenshot(cityPage, 'time-bank-rule');
    await office.close();

    const before = await number(page, 'time-bank-balance');
    await elderlyCareToday('助老助餐·第二次', 2);
    await page.reload();
    await page.getByTestId('time-bank-balance').waitFor();
    expect(await firstLine(page).textContent()).toContain('助老助餐·第二次');
    expect(await firstLine(page).textContent()).toContain('+1.00');
    expect(await number(page, 'time-bank-balance')).toBeCloseTo(before + 1, 2);
    expect(await page.getByTestId('time-bank-today').textContent()).toContain('3.00 / 3.00');
    await settledScreenshot(page, 'time-bank-after-rule');
  });
});
