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

/** 2 added hours for the demo volunteer, confirmed by the demo organization (planned ahead, then moved into the past). */
async function twoMoreHours(title: string) {
  const org = await apiAs('org');
  const street = await apiAs('street');
  const volunteer = await apiAs(VOLUNTEER);
  const projectId = await recruitingProject(org, street, {
    title: `社区积分助老服务（${title}）`,
    description: '<p>陪伴独居老人聊天、读报。</p>',
    beneficiaries: '社区独居老人',
    risks: '注意老人情绪与身体状况。',
  });
  const { activityId, positionId } = await activityWithPosition(org, projectId, {
    title,
    address: '杭州市西湖区德加社区',
    inDays: 2,
    hours: 3,
    position: { name: '陪伴员', headcount: 5, reviewMode: 'auto' },
  });
  const enrollmentId = await acceptedOn(volunteer, positionId);
  await moveActivity(stack.database, activityId, '-1 minute', '3 hours');
  await confirmedRecord(org, enrollmentId, 2, '补录');
  await Promise.all([org.dispose(), street.dispose(), volunteer.dispose()]);
}

/** The demo volunteer's confirmed hours in all, as their hours page reads them. */
async function confirmedHours() {
  const volunteer = await apiAs(VOLUNTEER);
  const mine = await volunteer.call<{ hours: { total: number } }>('GET', '/api/records/mine');
  await volunteer.dispose();
  return mine.hours.total;
}

const balanceShown = async (p: Page) => Number((await p.getByTestId('points-balance').textContent())?.replace(/[^\d.]/g, ''));

describe('points in the browser', () => {
  it('posted the demo city’s confirmed hours as points, and the ledger verifies', async () => {
    const auditor = await apiAs('auditor');
    const verdict = await auditor.call<{ ok: boolean; entries: number }>('POST', '/api/points/verify', {});
    await auditor.dispose();
    expect(verdict.ok).toBe(true);
    expect(verdict.entries).toBeGreaterThan(100);
  });

  it('shows a volunteer the points their demo hours earned, then the points of newly confirmed hours', async () => {
    await signInAs(page, stack.baseUrl, VOLUNTEER);
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('main-menu').getByText('我的积分').click();
    await page.waitForURL(/\/my\/points$/);
    await page.getByTestId('points-balance').waitFor();
    // The demo city's hours (the flood call's night) under the default rule: 10 an hour, no multipliers;
    // the balance is what they earned less what the demo's benefits took (and refunded).
    const demo = await balanceShown(page);
    expect(demo).toBeGreaterThan(0);
    const volunteer = await apiAs(VOLUNTEER);
    const mine = await volunteer.call<{ balance: string; statement: { cause: string; amount: string }[] }>(
      'GET',
      '/api/points/me?limit=100',
    );
    await volunteer.dispose();
    expect(demo).toBe(Number(mine.balance));
    const earned = mine.statement.filter((l) => l.cause.startsWith('record')).reduce((n, l) => n + Number(l.amount), 0);
    expect(earned).toBeCloseTo(10 * (await confirmedHours()), 2);
    expect(mine.statement.filter((l) => !l.cause.startsWith('record') && !l.cause.startsWith('redemption'))).toEqual([]);
    expect(await page.getByTestId('points-how').textContent()).toContain('每小时 10 分');
    await settledScreenshot(page, 'points-demo');

    await twoMoreHours('助老陪伴·第一次');
    await page.reload();
    await page.getByTestId('points-balance').waitFor();
    expect(await balanceShown(page)).toBe(demo + 20);
    const first = page.getByTestId('points-statement').locator('tbody tr.ant-table-row').first();
    expect(await first.textContent()).toContain('服务时长确认');
    expect(await first.textContent()).toContain('助老陪伴·第一次');
    expect(await first.textContent()).toContain('+20.00');
    await settledScreenshot(page, 'points-mine');
  });

  it('lets the city office change the rule, and the next confirmed hours earn by it', async () => {
    const office = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const cityPage = await office.newPage();
    await signInAs(cityPage, stack.baseUrl, 'city');
    await cityPage.getByTestId('welcome').waitFor();
    await cityPage.getByTestId('main-menu').getByText('积分规则').click();
    await cityPage.waitForURL(/\/settings\/points$/);
    await cityPage.getByTestId('points-per-hour').fill('12');
    await cityPage.getByTestId('save-points-rule').click();
    await cityPage.getByText('积分规则已保存（第 1 版）').waitFor();
    await cityPage.reload();
    await cityPage.getByTestId('points-per-hour').waitFor();
    expect(await cityPage.getByTestId('points-per-hour').inputValue()).toBe('12.00');
    await settledScreenshot(cityPage, 'points-rule');
    await office.close();

    const before = await balanceShown(page);
    await twoMoreHours('助老陪伴·第二次');
    await page.reload();
    await page.getByTestId('points-balance').waitFor();
    const first = page.getByTestId('points-statement').locator('tbody tr.ant-table-row').first();
    expect(await first.textContent()).toContain('助老陪伴·第二次');
    expect(await first.textContent()).toContain('+24.00');
    expect(await balanceShown(page)).toBe(before + 24);
    expect(await page.getByTestId('points-how').textContent()).toContain('每小时 12 分');
    await settledScreenshot(page, 'points-after-rule');
  });

  it('lets the organizer give a bonus for a confirmed record, and the street office sees it on the volunteer’s points', async () => {
    const before = await balanceShown(page);
    const orgContext = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const orgPage = await orgContext.newPage();
    await signInAs(orgPage, stack.baseUrl, 'org');
    await orgPage.getByTestId('welcome').waitFor();
    await orgPage.getByTestId('main-menu').getByText('服务记录管理').click();
    await orgPage.getByTestId('bonus-tab').click();
    const row = orgPage.getByTestId('bonus-records').locator('tbody tr', { hasText: '助老陪伴·第二次' });
    await row.getByTestId('give-bonus').click();
    await orgPage.getByTestId('bonus-points').fill('15');
    await settledScreenshot(orgPage, 'points-bonus-give');
    await orgPage.getByRole('button', { name: '奖 励' }).click();
    await row.getByText('+15.00').waitFor();
    await settledScreenshot(orgPage, 'points-bonus-given');
    await orgContext.close();

    await page.reload();
    await page.getByTestId('points-balance').waitFor();
    expect(await balanceShown(page)).toBe(before + 15);
    const first = page.getByTestId('points-statement').locator('tbody tr.ant-table-row').first();
    expect(await first.textContent()).toContain('组织奖励');
    expect(await first.textContent()).toContain('+15.00');

    // The street office of the volunteer's area reads the same statement on the volunteer's page.
    const volunteer = await apiAs(VOLUNTEER);
    const me = await volunteer.call<{ id: string }>('GET', '/api/volunteers/me');
    await volunteer.dispose();
    const officeContext = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const officePage = await officeContext.newPage();
    await signInAs(officePage, stack.baseUrl, 'street');
    await officePage.getByTestId('welcome').waitFor();
    await officePage.goto(`${stack.baseUrl}/volunteers/${me.id}`);
    await officePage.getByTestId('volunteer-points-balance').waitFor();
    expect(await officePage.getByTestId('volunteer-points-balance').textContent()).toContain(String(before + 15));
    expect(await officePage.getByTestId('points-statement').locator('tbody tr.ant-table-row').first().textContent()).toContain('组织奖励');
    await settledScreenshot(officePage, 'points-office-view');
    await officeContext.close();
  });
});
