import { sql } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.ts';
import { countDeadlines } from '../../src/domain/records/record-deadlines.ts';
import { DEMO_ORGANIZATION_ID } from '../../src/modules/demo/index.ts';
import { todayInChina } from '../../src/platform/clock.ts';
import { type Stack, screenshot, signInAs, startStack } from './browser.ts';

let stack: Stack;
let context: BrowserContext;
let page: Page;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(async () => {
  await context?.close();
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  page = await context.newPage();
});

const CITY_MENU_ZH = [
  '首页',
  '志愿者',
  '导入与查重',
  '志愿组织',
  '项目',
  '找活动',
  '培训',
  '证明核验与撤销',
  '服务需求',
  '服务对象',
  '应急动员',
  '服务站点',
  '行政区划',
  '指标看板',
  '防过度服务报表',
  '技能目录',
  '工时与工作日',
  '需求类别与时限',
  '表彰评选',
  '星级标准',
  '积分规则',
  '亲属关系审核',
  '时间银行收支',
  '礼遇审核',
  '时间银行规则',
  '台账核验',
  '审计日志',
  '我的账号',
];
const CITY_MENU_EN = [
  'Home',
  'Volunteers',
  'Import & duplicates',
  'Organizations',
  'Projects',
  'Find activities',
  'Training',
  'Certificates',
  'Service requests',
  'Beneficiaries',
  'Emergency calls',
  'Service stations',
  'Areas',
  'KPI dashboard',
  'Over-service report',
  'Skills',
  'Working time & calendar',
  'Request categories & times',
  'Awards',
  'Star scheme',
  'Points rule',
  'Family relationships',
  'Time bank balance sheet',
  'Benefit review',
  'Time bank rule',
  'Ledger check',
  'Audit log',
  'My account',
];

/** Every tab's label shows whole inside its tab, in at most two lines, on a 390 px phone. */
const tabsFit = () =>
  page.getByTestId('tab-bar').evaluate((bar) =>
    [...bar.querySelectorAll('a')].every((tab) => {
      const label = tab.querySelector('span:last-child') as HTMLElement;
      return label.scrollWidth <= tab.clientWidth && label.offsetHeight <= 34 && tab.scrollHeight <= tab.clientHeight;
    }),
  );

const menuTexts = async () =>
  (await page.getByTestId('main-menu').locator('.ant-menu-title-content').allTextContents()).map((s) => s.trim());

describe('the web shell', () => {
  it('says clearly when the password is wrong', async () => {
    await signInAs(page, stack.baseUrl, 'city', 'wrong-password');
    await expect.poll(() => page.getByTestId('sign-in-error').textContent()).toContain('账号或密码错误');
    await screenshot(page, 'sign-in-wrong-password');
  });

  it('signs a city admin in to a Chinese shell, switches to English and back, and signs out', async () => {
    await signInAs(page, stack.baseUrl, 'city');
    await page.getByTestId('welcome').waitFor();
    expect(await page.getByTestId('welcome').textContent()).toBe('您好，杭州市志愿服务工作委员会');
    expect(await menuTexts()).toEqual(CITY_MENU_ZH);
    await expect.poll(() => page.getByTestId('role-tag').first().textContent()).toBe('市级管理员');
    await expect.poll(() => page.locator('.ant-list-item').first().textContent()).toContain('杭州市');
    await screenshot(page, 'home-city-admin-zh');

    await page.getByTestId('language-switch').click();
    await expect.poll(menuTexts).toEqual(CITY_MENU_EN);
    await expect.poll(() => page.locator('.ant-list-item').first().textContent()).toContain('Hangzhou');
    await screenshot(page, 'home-city-admin-en');
    // The choice is the account's setting: it survives a reload.
    await page.reload();
    await expect.poll(menuTexts).toEqual(CITY_MENU_EN);
    await page.getByTestId('language-switch').click();
    await expect.poll(menuTexts).toEqual(CITY_MENU_ZH);

    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(`${stack.baseUrl}/audit`);
    await page.waitForURL(/\/sign-in\?next=%2Faudit/);
  });

  it('keeps English chosen on the sign-in page once signed in, as the account’s setting', async () => {
    await page.goto(`${stack.baseUrl}/sign-in`);
    await page.getByTestId('language-switch').click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await signInAs(page, stack.baseUrl, 'city');
    await expect.poll(menuTexts).toEqual(CITY_MENU_EN);
    await page.reload();
    await expect.poll(menuTexts).toEqual(CITY_MENU_EN);
    // Back to Chinese for the journeys after this one, then out.
    await page.getByTestId('language-switch').click();
    await expect.poll(menuTexts).toEqual(CITY_MENU_ZH);
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/sign-in/);
  });

  it('gives each role its own menu', async () => {
    await signInAs(page, stack.baseUrl, 'district');
    await page.getByTestId('welcome').waitFor();
    // The home page shows the requests waiting for the office, one click from the list (issue 18).
    const escalated = page.getByTestId('demand-escalated');
    await expect.poll(async () => Number((await escalated.locator('.ant-statistic-content-value').textContent()) ?? 0)).toBeGreaterThan(0);
    expect(await menuTexts()).toEqual([
      '首页',
      '志愿者',
      '导入与查重',
      '志愿组织',
      '项目',
      '找活动',
      '培训',
      '证明核验与撤销',
      '服务需求',
      '服务对象',
      '应急动员',
      '服务站点',
      '行政区划',
      '指标看板',
      '防过度服务报表',
      '表彰评选',
      '亲属关系审核',
      '时间银行收支',
      '礼遇审核',
      '我的账号',
    ]);
    await context.clearCookies();
    await signInAs(page, stack.baseUrl, 'auditor');
    await page.getByTestId('welcome').waitFor();
    expect(await menuTexts()).toEqual([
      '首页',
      '志愿组织',
      '项目',
      '找活动',
      '服务需求',
      '应急动员',
      '服务站点',
      '行政区划',
      '指标看板',
      '防过度服务报表',
      '时间银行收支',
      '台账核验',
      '审计日志',
      '我的账号',
    ]);
  });

  it('reminds the organization admin on the home page of records to confirm, the overdue ones first (Art 11)', async () => {
    const byDate = rowsOf<{ serviceDate: string; n: number }>(
      await stack.database.db.execute(sql`select service_date::text as "serviceDate", count(*)::int as n from service_records
        where organization_id = ${DEMO_ORGANIZATION_ID} and status = 'pending' group by 1`),
    );
    const pending = byDate.reduce((n, r) => n + r.n, 0);
    const { overdue } = countDeadlines(byDate, todayInChina());
    expect(pending).toBeGreaterThan(0); // the demo city has recent activities waiting for their organizer
    await signInAs(page, stack.baseUrl, 'org');
    const card = page.getByTestId('organizer-todo');
    await expect.poll(() => card.textContent()).toContain('待办：西湖义工队');
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(`待确认的服务记录${pending}`);
    if (overdue > 0) expect(text).toContain(`已超过 10 个工作日未确认（办法第十一条）：${overdue}`);
    expect(await card.getByRole('link', { name: '去确认' }).getAttribute('href')).toBe('/records');
    await screenshot(page, 'home-organizer-todo');
  });

  it('lets an auditor browse and filter the audit log', async () => {
    await signInAs(page, stack.baseUrl, 'auditor');
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('main-menu').getByText('审计日志').click();
    await page.getByTestId('audit-table').locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByTestId('filter-action').fill('auth.');
    await page.getByTestId('audit-search').click();
    const actions = () => page.getByTestId('audit-table').locator('tbody tr.ant-table-row code').allTextContents();
    await expect.poll(async () => (await actions()).every((a) => a.startsWith('auth.'))).toBe(true);
    expect(await actions()).toContain('auth.signIn');
    await screenshot(page, 'audit-log');
  });

  it('shows a 404 page for an unknown address', async () => {
    await signInAs(page, stack.baseUrl, 'city');
    await page.getByTestId('welcome').waitFor();
    await page.goto(`${stack.baseUrl}/no-such-page`);
    await page.getByText('页面不存在', { exact: true }).waitFor();
    await screenshot(page, 'not-found');
  });

  it('shows a volunteer a phone layout with a tab bar and no office menus', async () => {
    await context.close();
    context = await stack.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    page = await context.newPage();
    await signInAs(page, stack.baseUrl, '13800000001');
    await page.getByTestId('welcome').waitFor();
    const tabs = (await page.getByTestId('tab-bar').locator('a').allTextContents()).map((s) => s.trim());
    // The pages a volunteer opens every day; organizations, projects and stations sit under 我的账号.
    expect(tabs).toEqual(['首页', '我的档案', '我的报名', '找活动', '我的账号']);
    expect(await page.getByTestId('menu-button').count()).toBe(0);
    await expect.poll(tabsFit).toBe(true);
    await page.getByTestId('tab-bar').getByText('我的账号').click();
    await page.getByText('138****0001').waitFor();
    expect(await page.getByTestId('more-links').textContent()).toContain('志愿组织');
    await screenshot(page, 'volunteer-mobile-account');
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('tab-bar').textContent()).toContain('My applications');
    await expect.poll(tabsFit).toBe(true);
    await screenshot(page, 'volunteer-mobile-account-en');
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('tab-bar').textContent()).toContain('我的报名');
  });

  it('gives an office admin on a phone a drawer menu', async () => {
    await context.close();
    context = await stack.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    page = await context.newPage();
    await signInAs(page, stack.baseUrl, 'district');
    await page.getByTestId('welcome').waitFor();
    expect(await page.getByTestId('tab-bar').count()).toBe(0);
    await page.getByTestId('menu-button').click();
    await page.locator('.ant-drawer').getByText('行政区划').click();
    await page.waitForURL(/\/areas$/);
    await expect.poll(() => page.getByTestId('area-details').textContent()).toContain('330102');
    await screenshot(page, 'district-admin-mobile-areas');
  });
});
