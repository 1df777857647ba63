import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickUntilClosed, type Stack, screenshot, signInAs, startStack } from './browser.ts';

let stack: Stack;
let context: BrowserContext;
let page: Page;
let volunteerNo: string;
beforeAll(async () => {
  stack = await startStack();
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
});
afterAll(() => stack.close());

const COURSE = '水域救援与心肺复苏基础培训';
const GROUP_POLICY = 'XH-GROUP-2026-0001';
const PERSONAL_POLICY = 'PA-8866-0001';

/** A date `days` from today, as the city keeps dates (China time). */
const chinaDate = (days = 0) => new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

const modal = () => page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title') });
const fieldError = (scope: Locator, label: string) =>
  scope.locator('.ant-form-item', { hasText: label }).locator('.ant-form-item-explain-error').textContent();

async function signIn(login: string) {
  await context.clearCookies();
  await signInAs(page, stack.baseUrl, login);
  await page.getByTestId('welcome').waitFor();
}

/** Types a date into an Ant Design date picker and confirms it. */
async function pickDate(input: Locator, date: string) {
  await input.click();
  await input.fill(date);
  await input.press('Enter');
  await expect.poll(() => input.inputValue()).toBe(date);
  // The calendar would cover the fields below it (and their errors) while it closes.
  await expect.poll(() => page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').count()).toBe(0);
}

/** Lets Ant Design's motions (drawers sliding in, errors fading in) finish, so a picture shows what a person sees. */
async function settle() {
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY),
  );
}

/** Fills and saves the policy dialog; the dates go in as given, reversed or not. */
async function fillPolicy(insurer: string, policyNo: string, startsOn: string, endsOn: string, coverage: string) {
  const form = modal();
  await form.getByLabel('保险公司').fill(insurer);
  await form.getByLabel('保单号').fill(policyNo);
  await pickDate(form.getByLabel('起保日期'), startsOn);
  await pickDate(form.getByLabel('终止日期'), endsOn);
  await form.getByLabel('保障内容').fill(coverage);
  await page.locator('#policy-save').click();
}

/** A picture for review, once the page has come to rest. */
async function shot(name: string) {
  await settle();
  await screenshot(page, name);
}

const policyRows = () => page.getByTestId('policy-table').locator('tbody tr.ant-table-row');

describe('training and insurance in the browser', () => {
  it('shows the volunteer their number on their e-volunteer card', async () => {
    await signIn('13800000001');
    await page.getByTestId('main-menu').getByText('我的档案').click();
    await page.getByTestId('ecard').waitFor();
    volunteerNo = (await page.locator('.vn-ecard-no').textContent())?.trim() ?? '';
    expect(volunteerNo).toMatch(/^V\d{13}$/);
  });

  it('lets the organization admin add a course for their organization', async () => {
    await signIn('org');
    await page.getByTestId('main-menu').getByText('培训', { exact: true }).click();
    await page.waitForURL(/\/training$/);
    expect(await page.getByTestId('training-help').textContent()).toContain('第十六条');
    await page.getByTestId('create-course').click();
    const form = modal();
    await form.getByLabel('课程名称').fill(COURSE);
    // The admin runs one organization: the course is its.
    await expect.poll(() => form.locator('.ant-form-item', { hasText: '主办组织' }).textContent()).toContain('西湖义工队');
    expect(await form.getByLabel('主办单位名称').count()).toBe(0);
    await form.getByLabel('学时').fill('4');
    await form.getByLabel('课程内容').fill('水域安全常识、落水自救与施救、心肺复苏（CPR）与 AED 使用；现场实操考核。');
    await shot('training-course-create');
    await clickUntilClosed(form, page.locator('#course-save'));

    // The new course opens, with its (empty) completion list and the form to record one.
    const drawer = page.getByTestId('course-drawer');
    await expect.poll(() => drawer.locator('.ant-drawer-title').textContent()).toBe(COURSE);
    expect(await drawer.getByTestId('course-facts').textContent()).toContain('西湖义工队');
    expect(await drawer.getByTestId('course-facts').textContent()).toContain('4 学时');
    await drawer.getByText('还没有人结业').waitFor();
    expect(page.url()).toMatch(/\?course=[0-9a-f-]{36}$/);
  });

  it('records a completion by volunteer number, naming an unknown number on its field', async () => {
    const drawer = page.getByTestId('course-drawer');
    const form = drawer.getByTestId('record-completion');
    await form.getByLabel('志愿者编号').fill('V3301999999990');
    await form.getByLabel('结业证书编号').fill('XHYG-2026-017');
    await form.getByTestId('record-save').click();
    await expect.poll(() => fieldError(form, '志愿者编号')).toBe('找不到该志愿者编号');
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    await shot('training-unknown-volunteer');

    await form.getByLabel('志愿者编号').fill(volunteerNo.toLowerCase());
    await expect.poll(() => form.locator('.ant-form-item-explain-error').count()).toBe(0);
    // Today (China time) is the date to start with.
    expect(await form.locator('.ant-picker input').inputValue()).toBe(chinaDate());
    await form.getByTestId('record-save').click();
    await page.locator('.ant-message-notice', { hasText: '已登记：张志愿 结业' }).waitFor();
    const rows = drawer.getByTestId('completion-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(1);
    const row = await rows.first().textContent();
    expect(row).toContain('张志愿');
    expect(row).toContain(volunteerNo);
    expect(row).toContain(chinaDate());
    expect(row).toContain('XHYG-2026-017');
    expect(await form.getByLabel('志愿者编号').inputValue()).toBe('');

    // Recording again keeps the first completion, and says so.
    await form.getByLabel('志愿者编号').fill(volunteerNo);
    await form.getByTestId('record-save').click();
    await page.locator('.ant-message-notice', { hasText: '此前已登记结业' }).waitFor();
    expect(await rows.count()).toBe(1);
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    await shot('training-course-completions');

    await drawer.locator('.ant-drawer-close').click();
    await page.waitForURL(/\/training$/);
    const course = page.getByTestId('course-table').locator('tbody tr', { hasText: COURSE });
    await expect.poll(() => course.locator('td').last().textContent()).toBe('1');
  });

  it('lets an office add a course under its own name and record who completed it', async () => {
    await signIn('street');
    await page.getByTestId('main-menu').getByText('培训', { exact: true }).click();
    await page.getByTestId('create-course').click();
    const form = modal();
    await form.getByLabel('课程名称').fill('社区志愿服务通识培训');
    // An office runs courses under a name; its own is the one to start with.
    expect(await form.getByLabel('主办单位名称').inputValue()).toBe('清波街道志愿服务站');
    await form.getByLabel('学时').fill('2');
    await clickUntilClosed(form, page.locator('#course-save'));
    const drawer = page.getByTestId('course-drawer');
    await expect.poll(() => drawer.locator('.ant-drawer-title').textContent()).toBe('社区志愿服务通识培训');
    expect(await drawer.getByTestId('course-facts').textContent()).toContain('清波街道志愿服务站');
    const record = drawer.getByTestId('record-completion');
    await record.getByLabel('志愿者编号').fill(volunteerNo);
    await record.getByTestId('record-save').click();
    await page.locator('.ant-message-notice', { hasText: '已登记：张志愿 结业' }).waitFor();
    await expect.poll(() => drawer.getByTestId('completion-table').locator('tbody tr.ant-table-row').count()).toBe(1);
    // The organization's course is listed for the office too, but its completions are the organization's.
    await drawer.locator('.ant-drawer-close').click();
    await page.getByTestId('course-table').getByText(COURSE).click();
    await page.getByTestId('course-drawer').getByText('结业名单仅课程主办单位可见').waitFor();
    expect(await page.getByTestId('record-completion').count()).toBe(0);
  });

  it('lets the organization file a group policy, refusing a reversed period on the end date', async () => {
    await signIn('org');
    await page.getByTestId('main-menu').getByText('保险', { exact: true }).click();
    await page.waitForURL(/\/insurance$/);
    const card = page.getByTestId('organization-policies');
    await expect.poll(() => card.locator('.ant-card-head-title').textContent()).toBe('西湖义工队的团体保单');
    expect(await page.getByTestId('my-policies').count()).toBe(0);
    await card.getByTestId('add-group-policy').click();
    const form = modal();
    await fillPolicy('中国人保财险', GROUP_POLICY, chinaDate(400), chinaDate(335), '意外身故伤残 50 万元，意外医疗 5 万元');
    await expect.poll(() => fieldError(form, '终止日期')).toBe('保险止期须不早于起期');
    expect(await form.isVisible()).toBe(true);
    await shot('insurance-period-reversed');

    await pickDate(form.getByLabel('起保日期'), chinaDate(-30));
    await expect.poll(() => form.locator('.ant-form-item-explain-error').count()).toBe(0);
    await clickUntilClosed(form, page.locator('#policy-save'));
    await expect.poll(() => policyRows().count()).toBe(1);
    const row = await policyRows().first().textContent();
    expect(row).toContain(GROUP_POLICY);
    expect(row).toContain(chinaDate(-30));
    expect(row).toContain(chinaDate(335));
    expect(row).toContain('有效');
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    await shot('insurance-group-policies');
  });

  it('lets the volunteer on a phone reach insurance from the account tab and file a personal policy', async () => {
    await context.close();
    context = await stack.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
    page = await context.newPage();
    await signIn('13800000001');
    // The tab bar keeps the pages a volunteer opens every day; training and insurance sit under 我的账号.
    const tabs = page.getByTestId('tab-bar').locator('a');
    expect((await tabs.allTextContents()).map((s) => s.trim())).not.toContain('保险');
    await page.getByTestId('tab-bar').getByText('我的账号').click();
    await page.getByTestId('more-links').waitFor();
    await shot('account-more-links-mobile');
    await page.getByTestId('more-links').getByText('保险').click();
    await page.waitForURL(/\/insurance$/);
    expect(await page.getByTestId('tab-bar').locator('a.active').textContent()).toBe('我的账号');

    // The organization's group policy covers its members already.
    const mine = page.getByTestId('my-policies');
    await expect.poll(() => policyRows().count()).toBe(1);
    // The holder's name comes with the volunteer's memberships, which may arrive after the policies.
    await expect.poll(() => mine.getByTestId('policy-holder').first().textContent()).toBe('团体西湖义工队');
    await mine.getByTestId('add-personal-policy').click();
    await fillPolicy('中国平安财险', PERSONAL_POLICY, chinaDate(10), chinaDate(375), '意外医疗 2 万元');
    await modal().waitFor({ state: 'hidden' });
    await expect.poll(() => policyRows().count()).toBe(2);
    const rows = await policyRows().allTextContents();
    const personal = rows.find((r) => r.includes(PERSONAL_POLICY));
    const group = rows.find((r) => r.includes(GROUP_POLICY));
    expect(personal).toContain('个人本人');
    expect(personal).toContain('未生效');
    expect(group).toContain('团体西湖义工队');
    expect(group).toContain('有效');
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    await shot('insurance-volunteer-mobile');

    // The courses are open to volunteers; the organizer records who completed them.
    await page.getByTestId('tab-bar').getByText('我的账号').click();
    await page.getByTestId('more-links').getByText('培训').click();
    await page.getByTestId('course-table').getByText(COURSE).click();
    await page.getByTestId('course-drawer').getByText('由主办单位凭您的志愿者编号登记结业').waitFor();
    expect(await page.getByTestId('record-completion').count()).toBe(0);
    expect(await page.getByTestId('create-course').count()).toBe(0);
    await shot('training-volunteer-mobile');
  });

  it('shows insurance and training in English', async () => {
    await page.goto(`${stack.baseUrl}/insurance`);
    await policyRows().first().waitFor();
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.locator('h3').first().textContent()).toBe('Volunteer insurance (accident)');
    const rows = await policyRows().allTextContents();
    expect(rows.find((r) => r.includes(PERSONAL_POLICY))).toContain('Not yet in force');
    expect(rows.find((r) => r.includes(GROUP_POLICY))).toContain('In force');
    expect(await page.getByTestId('insurance-help').textContent()).toContain('Art 17');
    await shot('insurance-volunteer-mobile-en');
    await page.goto(`${stack.baseUrl}/training`);
    await expect.poll(() => page.getByTestId('course-table').locator('thead').textContent()).toContain('Hours');
    await page.getByTestId('language-switch').click();
  });
});
