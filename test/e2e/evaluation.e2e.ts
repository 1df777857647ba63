import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../src/domain/activities/schedule.ts';
import { DEMO_VOLUNTEER } from '../../src/modules/demo/index.ts';
import { apiAs as apiSession } from './api-session.ts';
import { acceptedOn, activityWithPosition, moveActivity, recruitingProject } from './api-world.ts';
import { SCREENSHOT_DIR, type Stack, screenshot, signInAs, startStack } from './browser.ts';

let stack: Stack;
let context: BrowserContext;
let page: Page;
let projectUrl: string;

const PROJECT = '西湖边垃圾分类宣传';
const ACTIVITY = '周末湖滨垃圾分类引导';

const apiAs = (login: string) => apiSession(stack.baseUrl, login);

/**
 * A running project the demo volunteer served on: planned and applied for through the API (the
 * activities journey covers those pages), then its one activity moved into the past, since the API
 * rightly plans only future activities and ratings open to those who served once it has started.
 */
async function servedProject(): Promise<string> {
  const org = await apiAs('org');
  const street = await apiAs('street');
  const volunteer = await apiAs(DEMO_VOLUNTEER.phone);
  const projectId = await recruitingProject(org, street, {
    title: PROJECT,
    categoryCode: 'environment',
    description: '<p>周末在湖滨步行街垃圾投放点引导游客和居民分类投放。</p>',
    beneficiaries: '湖滨街道居民和游客',
    risks: '户外站立时间长，注意防暑和补水。',
  });
  const { activityId, positionId } = await activityWithPosition(org, projectId, {
    title: ACTIVITY,
    address: '湖滨步行街东坡路口',
    inDays: 5,
    hours: 3,
    position: { name: '分类引导员', headcount: 5 },
  });
  await acceptedOn(volunteer, positionId);
  await org.call('POST', `/api/projects/${projectId}/transitions`, { action: 'start' });
  await moveActivity(stack.database, activityId, '-4 hours', '-1 hour');
  await Promise.all([org.dispose(), street.dispose(), volunteer.dispose()]);
  return projectId;
}

async function freshPage(viewport: { width: number; height: number }, mobile = false) {
  await context?.close();
  context = await stack.browser.newContext({ viewport, locale: 'zh-CN', isMobile: mobile, hasTouch: mobile });
  page = await context.newPage();
}

async function signIn(login: string) {
  await context.clearCookies();
  await signInAs(page, stack.baseUrl, login);
  await page.getByTestId('welcome').waitFor();
}

/** The viewport as a person sees it, for a message that fades before a full-page capture. */
async function viewShot(name: string) {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

const fieldOf = (scope: Locator, label: string) => scope.locator('.ant-form-item').filter({ has: page.getByText(label, { exact: true }) });
const errorOf = (field: Locator) => field.locator('.ant-form-item-explain-error');

/** Clears an antd number or text input and types, as a person does. */
async function retype(input: Locator, text: string) {
  await input.fill('');
  await input.fill(text);
  await expect.poll(() => input.inputValue()).toBe(text);
}

beforeAll(async () => {
  stack = await startStack();
  projectUrl = `${stack.baseUrl}/projects/${await servedProject()}`;
});
afterAll(() => stack.close());

describe('project evaluation, working-time limits and notice preferences in the browser', () => {
  it('lets the city admin set working-time limits, refusing a minor’s limit looser than an adult’s on its field', async () => {
    await freshPage({ width: 1280, height: 900 });
    await signIn('city');
    await page.getByTestId('main-menu').getByText('工时与工作日').click();
    await page.waitForURL(/\/settings\/workload$/);
    await expect.poll(() => page.getByTestId('workload-help').innerText()).toContain('每日 10 小时、两日间休息 11 小时、每周 48 小时');
    const form = page.getByTestId('workload-form');
    const daily = fieldOf(form, '每日最多服务');
    const minorDaily = fieldOf(form, '每日最多服务（未成年人）');
    expect(await daily.innerText()).toContain('默认 10 小时');
    expect(await page.getByTestId('limit-dailyHours').inputValue()).toBe('10.0');

    await retype(page.getByTestId('limit-minorDailyHours'), '12');
    await page.getByTestId('save-workload').click();
    await expect.poll(() => errorOf(minorDaily).innerText()).toContain('未成年人的时长上限不能宽于成年人');
    await page.waitForTimeout(1000); // the message slides in: let it finish for the screenshot
    await screenshot(page, 'workload-minor-looser');

    await retype(page.getByTestId('limit-dailyHours'), '9');
    await retype(page.getByTestId('limit-minorDailyHours'), '6');
    await retype(page.getByTestId('limit-weeklyHours'), '40');
    await page.getByTestId('save-workload').click();
    await page.getByText('工时上限已保存').waitFor();
    await expect.poll(() => errorOf(minorDaily).count()).toBe(0);

    await page.reload();
    await expect.poll(() => page.getByTestId('limit-dailyHours').inputValue()).toBe('9.0');
    expect(await page.getByTestId('limit-minorDailyHours').inputValue()).toBe('6.0');
    expect(await page.getByTestId('limit-weeklyHours').inputValue()).toBe('40.0');
    await screenshot(page, 'workload-saved');
  });

  it('lets the city admin enter public holidays and make-up working days, refusing a weekday as a make-up day on its field', async () => {
    // The page stays where the last test left it: the city admin on 工时与工作日. A window tall enough
    // for the calendar to open below its field (near the window's edge it keeps re-placing itself).
    await page.setViewportSize({ width: 1280, height: 1400 });
    const card = page.getByTestId('work-calendar');
    await card.scrollIntoViewIfNeeded();
    // This month's first Monday as a holiday, its first Tuesday wrongly as a make-up day, then its first Saturday.
    const month = chinaDate(new Date()).slice(0, 7);
    const firstOf = (weekday: number) => {
      for (let d = 1; ; d++) {
        const day = `${month}-${String(d).padStart(2, '0')}`;
        if (new Date(`${day}T00:00:00Z`).getUTCDay() === weekday) return day;
      }
    };
    const [monday, tuesday, saturday] = [firstOf(1), firstOf(2), firstOf(6)];
    const holidays = fieldOf(card, '法定节假日（工作日放假）');
    const workdays = fieldOf(card, '调休上班日');
    const type = async (field: Locator, text: string) => {
      await field.locator('input').fill(text);
      await field.locator('input').press('Enter');
    };
    const unpick = (field: Locator, day: string) =>
      field.locator('.ant-select-selection-item', { hasText: day }).locator('.ant-select-selection-item-remove').click();
    await type(holidays, `${monday}, ${tuesday}`);
    await unpick(holidays, tuesday);
    await type(workdays, tuesday);
    await page.getByTestId('save-work-calendar').click();
    await expect.poll(() => errorOf(workdays).innerText()).toContain('调休工作日须为周六或周日');
    await page.waitForTimeout(1000); // the message slides in: let it finish for the screenshot
    await screenshot(page, 'work-calendar-weekday-refused');

    await unpick(workdays, tuesday);
    await type(workdays, saturday);
    await page.getByTestId('save-work-calendar').click();
    await page.getByText('工作日历已保存').waitFor();
    await expect.poll(() => errorOf(workdays).count()).toBe(0);

    await page.reload();
    await card.waitFor();
    await expect.poll(() => holidays.innerText()).toContain(monday);
    expect(await workdays.innerText()).toContain(saturday);
    expect(await workdays.innerText()).not.toContain(tuesday);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'work-calendar-saved');
  });

  it('lets a volunteer choose when to be reminded and an e-mail for notices on 我的报名, refusing a bad address', async () => {
    await freshPage({ width: 390, height: 844 }, true);
    await signIn(DEMO_VOLUNTEER.phone);
    await page.goto(`${stack.baseUrl}/my/enrollments`);
    const card = page.getByTestId('notice-preferences');
    await card.scrollIntoViewIfNeeded();
    const hours = page.getByTestId('reminder-hours');
    await expect.poll(() => hours.inputValue()).toMatch(/^\d+$/);
    expect(await card.innerText()).toContain('只有本市开通邮件通知后才会发送邮件');

    await retype(hours, '36');
    await retype(page.getByTestId('notice-email'), 'zhang.at.example');
    await page.getByTestId('save-notice-preferences').click();
    await expect.poll(() => errorOf(fieldOf(card, '通知邮箱')).count()).toBe(1);
    await card.screenshot({ path: path.join(SCREENSHOT_DIR, 'notice-preferences-bad-email.png') });

    await retype(page.getByTestId('notice-email'), 'zhang@example.com');
    await page.getByTestId('save-notice-preferences').click();
    await page.getByText('提醒设置已保存').waitFor();
    await expect.poll(() => errorOf(fieldOf(card, '通知邮箱')).count()).toBe(0);

    await page.reload();
    await expect.poll(() => page.getByTestId('reminder-hours').inputValue()).toBe('36');
    expect(await page.getByTestId('notice-email').inputValue()).toBe('zhang@example.com');
    await page.getByTestId('notice-preferences').scrollIntoViewIfNeeded();
    await viewShot('notice-preferences-saved');
  });

  it('lets a volunteer who served and a resident served rate a running project, and shows both averages', async () => {
    await freshPage({ width: 1280, height: 900 });
    await signIn(DEMO_VOLUNTEER.phone);
    await page.goto(projectUrl);
    const evaluation = page.getByTestId('project-evaluation');
    await evaluation.waitFor();
    await expect.poll(() => page.getByTestId('figure-volunteers').innerText()).toContain('1');
    expect(await page.getByTestId('figure-plannedHours').innerText()).toContain('3');
    expect(await page.getByTestId('rating-volunteer').innerText()).toContain('暂无评价');

    const form = page.getByTestId('rate-form');
    expect(await form.innerText()).toContain('您参加过本项目的活动');
    await page.getByTestId('submit-rating').click();
    await expect.poll(() => errorOf(fieldOf(form, '评分')).innerText()).toContain('请选择 1–5 星');
    await form.locator('.ant-rate-star').nth(4).click();
    await form.getByRole('textbox').fill('引导点分工清楚，物资齐全；希望增加遮阳伞。');
    await page.getByTestId('submit-rating').click();
    await page.getByText('感谢您的评价').waitFor();
    const volunteers = page.getByTestId('rating-volunteer');
    await expect.poll(() => volunteers.innerText()).toContain('5.0');
    expect(await volunteers.innerText()).toContain('1 人评价');
    await screenshot(page, 'project-evaluation-volunteer');

    await signIn('resident');
    await page.goto(projectUrl);
    await evaluation.waitFor();
    await expect.poll(() => page.getByTestId('rate-form').innerText()).toContain('您是本项目的服务对象');
    await page.getByTestId('rate-form').locator('.ant-rate-star').nth(3).click();
    await page.getByTestId('submit-rating').click();
    const beneficiaries = page.getByTestId('rating-beneficiary');
    await expect.poll(() => beneficiaries.innerText()).toContain('4.0');
    expect(await beneficiaries.innerText()).toContain('1 人评价');
    expect(await volunteers.innerText()).toContain('5.0');

    await signIn('street');
    await page.goto(projectUrl);
    await evaluation.waitFor();
    await expect.poll(() => page.getByTestId('rating-beneficiary').innerText()).toContain('4.0');
    expect(await page.getByTestId('rate-form').count()).toBe(0);
    await evaluation.screenshot({ path: path.join(SCREENSHOT_DIR, 'project-evaluation-office.png') });
  });
});
