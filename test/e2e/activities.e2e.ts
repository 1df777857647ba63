import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate, chinaWeekday } from '../../src/domain/activities/schedule.ts';
import { makeResidentId } from '../../src/domain/identity/index.ts';
import { apiAs as apiSession } from './api-session.ts';
import { recruitingProject, registeredVolunteer } from './api-world.ts';
import { clickUntilClosed, SCREENSHOT_DIR, type Stack, screenshot, signInAs, startStack } from './browser.ts';

let stack: Stack;
let context: BrowserContext;
let page: Page;
let projectUrl: string;
let activityUrl: string;

const PROJECT = '湖滨社区银发陪伴计划';
const ACTIVITY = '周六上午陪伴独居长者';
const OPEN = '陪伴员';
const SKILLED = '陪同就医司机';
const SECOND = { phone: '13912345678', password: 'Volunteer-2026', name: '李晓青' };

/** The first Saturday at least three days ahead (China): applications and cancelling are still open on it. */
function firstSaturday(): string {
  for (let day = 3; ; day++) {
    const at = new Date(Date.now() + day * 86_400_000);
    if (chinaWeekday(at) === 6) return chinaDate(at);
  }
}
const FROM = firstSaturday();

const apiAs = (login: string) => apiSession(stack.baseUrl, login);

/** An approved project that recruits, as projects.e2e.ts takes it there through the pages. */
async function recruitingProjectOfOurs(): Promise<string> {
  const org = await apiAs('org');
  const street = await apiAs('street');
  const projectId = await recruitingProject(org, street, {
    title: PROJECT,
    riskLevel: 'medium',
    description: '<p>每周六上午到湖滨社区独居长者家中陪伴聊天、读报，协助就医出行。</p>',
    beneficiaries: '湖滨社区 75 岁以上独居长者',
    risks: '入户服务须两人同行；陪同就医途中注意交通安全；夏季户外注意防暑。',
  });
  await Promise.all([org.dispose(), street.dispose()]);
  return projectId;
}

/** A second volunteer, registered as a person does on /register (that page has its own journey). */
const registerSecondVolunteer = () =>
  registeredVolunteer(stack.baseUrl, {
    name: SECOND.name,
    phone: SECOND.phone,
    docNumber: makeResidentId('330102', '1991-04-12', '026'),
    password: SECOND.password,
  });

async function freshPage(viewport: { width: number; height: number }, mobile = false) {
  await context?.close();
  context = await stack.browser.newContext({ viewport, locale: 'zh-CN', isMobile: mobile, hasTouch: mobile, acceptDownloads: true });
  page = await context.newPage();
}

async function signIn(login: string, password?: string) {
  await context.clearCookies();
  await signInAs(page, stack.baseUrl, login, password);
  await page.getByTestId('welcome').waitFor();
}

/** Types into an antd date or time picker and confirms, as a person with a keyboard does. */
async function pick(input: Locator, text: string) {
  await input.click();
  await input.fill(text);
  await input.press('Enter');
  await expect.poll(() => input.inputValue()).toBe(text);
}

/** A dialog as a person sees it: the viewport (a full-page capture would stretch the page behind its mask). */
async function dialogShot(name: string) {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

const modal = () => page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title') });
const position = (name: string) => page.getByTestId('position').and(page.locator(`[data-position="${name}"]`));
const fieldOf = (scope: Locator, label: string) => scope.locator('.ant-form-item').filter({ has: page.getByText(label, { exact: true }) });

beforeAll(async () => {
  stack = await startStack();
  projectUrl = `${stack.baseUrl}/projects/${await recruitingProjectOfOurs()}`;
  await registerSecondVolunteer();
});
afterAll(() => stack.close());

describe('activities and enrollment in the browser', () => {
  it('lets the organization admin plan a weekly series with two positions, with objections on the fields they name', async () => {
    await freshPage({ width: 1280, height: 900 });
    await signIn('org');
    await page.goto(projectUrl);
    await page.getByTestId('project-activities').getByText('项目已立项，可以安排活动').waitFor();
    await page.getByTestId('create-activity').click();
    const form = modal();
    await form.getByLabel('活动名称').fill(ACTIVITY);
    await form.getByLabel('活动说明').fill('9:00 在湖滨志愿服务U站集合，分组入户。');
    await form.getByTestId('activity-repeat').getByText('每周重复').click();
    await form.getByTestId('series-weekdays').getByText('周六').click();
    await pick(form.getByLabel('首次日期（不早于）'), FROM);
    await pick(form.getByLabel('开始时间'), '09:00');
    await pick(form.getByLabel('结束时间'), '11:30');
    await expect.poll(() => form.getByTestId('series-summary').textContent()).toContain('共 4 场');
    await form.getByTestId('station-select').click();
    await page.keyboard.type('湖滨志愿');
    await page.locator('.ant-select-item-option', { hasText: '湖滨志愿服务U站' }).click();

    const first = form.getByTestId('position-card').nth(0);
    await first.getByLabel('岗位名称').fill(OPEN);
    await form.getByTestId('add-position').click();
    const second = form.getByTestId('position-card').nth(1);
    await second.getByLabel('岗位名称').fill(SKILLED);
    await second.getByLabel('招募人数').fill('2');
    await second.getByTestId('position-skills').click();
    await page.keyboard.type('驾驶');
    await page.locator('.ant-select-item-option', { hasText: /^驾驶$/ }).click();
    await page.keyboard.press('Escape');
    // Reversed on purpose: the server's objection must land on this position's field.
    await second.getByLabel('最小年龄').fill('60');
    await second.getByLabel('最大年龄').fill('25');
    await form.locator('#activity-save').click();
    await expect
      .poll(() => fieldOf(second, '最大年龄').locator('.ant-form-item-explain-error').textContent())
      .toBe('最小年龄不能大于最大年龄');
    expect(await fieldOf(first, '最大年龄').locator('.ant-form-item-explain-error').count()).toBe(0);
    await fieldOf(second, '最大年龄').scrollIntoViewIfNeeded();
    await dialogShot('activities-create-objection');

    await second.getByLabel('最小年龄').fill('25');
    await second.getByLabel('最大年龄').fill('65');
    await expect.poll(() => form.locator('.ant-form-item-explain-error').count()).toBe(0);
    await clickUntilClosed(form, page.locator('#activity-save'));
    const rows = page.getByTestId('activity-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(4);
    expect(await rows.first().textContent()).toContain(`${FROM} 周六 09:00–11:30`);
    expect(await rows.first().textContent()).toContain('已录用 0 / 3');
    await page.locator('.ant-message-notice').waitFor({ state: 'detached' });
    await screenshot(page, 'activities-project-schedule');
    await rows.first().getByRole('link').first().click();
    await page.waitForURL(/\/activities\/[0-9a-f-]{36}$/);
    activityUrl = page.url();
    await expect.poll(() => page.getByTestId('activity-when').textContent()).toBe(`${FROM} 周六 09:00–11:30`);
  });

  it('lets a volunteer on a phone find it near home, see why one position is closed to them and be accepted on the other', async () => {
    await freshPage({ width: 390, height: 844 }, true);
    await signIn('13800000001');
    const tabs = (await page.getByTestId('tab-bar').locator('a').allTextContents()).map((s) => s.trim());
    expect(tabs).toEqual(['首页', '我的档案', '我的报名', '找活动', '我的账号']);
    await page.getByTestId('tab-bar').getByText('找活动').click();
    await page.waitForURL(/\/activities$/);
    await page.getByTestId('find-keyword').locator('input').fill('陪伴独居长者');
    await page.getByTestId('find-keyword').locator('input').press('Enter');
    await page.getByTestId('find-near').click();
    await page.locator('.ant-select-item-option', { hasText: '离家' }).click();
    // Picked at once after the keyword, the distance keeps it (a busy CI machine once dropped it).
    await expect.poll(() => new URL(page.url()).searchParams.get('near')).toBe('home');
    expect(new URL(page.url()).searchParams.get('q')).toBe('陪伴独居长者');
    const cards = page.getByTestId('opportunity');
    await expect.poll(() => cards.count()).toBe(4);
    // Nearest first, with the distance from home once the filter applies.
    await expect.poll(() => cards.first().textContent()).toMatch(/\d+\.\d 公里/);
    const card = await cards.first().textContent();
    expect(card).toContain(ACTIVITY);
    expect(card).toContain(`${FROM} 周六 09:00–11:30`);
    expect(card).toContain('余 3 个名额');
    await page.getByTestId('find-eligible').click();
    await expect.poll(() => page.url()).toContain('eligible=true');
    await expect.poll(() => cards.count()).toBe(4);
    await screenshot(page, 'activities-find-phone');

    await cards.first().getByTestId('opportunity-title').click();
    await page.waitForURL(activityUrl);
    const skilled = position(SKILLED);
    await expect.poll(() => skilled.getByTestId('reasons').textContent()).toContain('需要技能“驾驶”');
    expect(await skilled.getByTestId('apply').isDisabled()).toBe(true);
    const open = position(OPEN);
    await open.getByTestId('eligible').waitFor();
    expect(await page.getByTestId('activity-risks').textContent()).toContain('入户服务须两人同行');
    expect(await page.getByTestId('activity-ics').getAttribute('href')).toMatch(/^\/api\/calendar\/activity\/[0-9a-f-]{36}$/);
    await skilled.scrollIntoViewIfNeeded();
    await screenshot(page, 'activities-detail-volunteer-phone');

    await open.getByTestId('apply').click();
    await expect.poll(() => open.getByTestId('apply-outcome').textContent()).toContain('已录用');
    await expect.poll(() => open.getByTestId('position-places').textContent()).toContain('已满');
    await open.scrollIntoViewIfNeeded();
    await screenshot(page, 'activities-accepted-phone');
  });

  it('puts a second volunteer on the waitlist once the place is taken', async () => {
    await freshPage({ width: 1280, height: 900 });
    await signIn(SECOND.phone, SECOND.password);
    await page.goto(activityUrl);
    const open = position(OPEN);
    await expect.poll(() => open.getByTestId('position-places').textContent()).toContain('已满');
    expect(await open.textContent()).toContain('名额已满，报名将进入候补');
    await open.getByTestId('apply').click();
    await expect.poll(() => open.getByTestId('apply-outcome').textContent()).toContain('候补第 1 位');
    await screenshot(page, 'activities-waitlisted');
  });

  it('lets the first volunteer cancel from 我的报名 until the deadline, and keep a private calendar address', async () => {
    await freshPage({ width: 390, height: 844 }, true);
    await signIn('13800000001');
    await page.getByTestId('tab-bar').getByText('我的报名').click();
    await page.waitForURL(/\/my\/enrollments$/);
    const item = page.getByTestId('my-enrollment-item').first();
    await expect.poll(() => item.getByTestId('enrollment-status').textContent()).toBe('已录用');
    expect(await item.textContent()).toContain(`${FROM} 周六 09:00–11:30`);
    // The inbox loads on its own, after the enrollments.
    await expect.poll(() => page.getByTestId('notices').textContent()).toContain(`您已被录用：${ACTIVITY}`);
    const url = page.getByTestId('calendar-url');
    await expect.poll(() => url.textContent()).toMatch(/\/api\/calendar\/feed\/[\w-]{20,64}\.ics$/);
    const before = await url.textContent();
    await screenshot(page, 'activities-my-enrollments-phone');

    await page.getByTestId('regenerate-calendar').click();
    await page.getByText('旧地址将立即失效').waitFor();
    await page.locator('#confirm-regenerate').click();
    await expect.poll(() => url.textContent()).not.toBe(before);

    await item.getByTestId('cancel-enrollment').click();
    await page.locator('#confirm-cancel-enrollment').click();
    await expect.poll(() => item.getByTestId('enrollment-status').textContent()).toBe('已取消');
    expect(await item.getByTestId('cancel-enrollment').count()).toBe(0);
  });

  it('promotes the waitlisted volunteer and tells them in their inbox', async () => {
    await freshPage({ width: 1280, height: 900 });
    await signIn(SECOND.phone, SECOND.password);
    await page.getByTestId('main-menu').getByText('我的报名').click();
    const item = page.getByTestId('my-enrollment-item').first();
    await expect.poll(() => item.getByTestId('enrollment-status').textContent()).toBe('已录用');
    const notices = page.getByTestId('notice');
    await expect.poll(() => notices.first().textContent()).toContain(`候补递补成功（已录用）：${ACTIVITY}`);
    expect(await notices.first().getAttribute('data-unread')).toBe('true');
    await screenshot(page, 'activities-promoted-inbox');
    await page.getByTestId('mark-all-read').click();
    await expect.poll(() => page.locator('[data-testid="notice"][data-unread="true"]').count()).toBe(0);
    expect(await page.getByTestId('notices-unread').count()).toBe(0);
  });

  it('shows the organizer the roster with masked phones, a reason-checked decision and the XLSX export', async () => {
    await freshPage({ width: 1280, height: 900 });
    await signIn('org');
    await page.goto(activityUrl);
    const roster = page.getByTestId('roster-position').and(page.locator(`[data-position="${OPEN}"]`));
    const rows = roster.locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(2);
    const texts = await rows.allTextContents();
    const promoted = texts.find((t) => t.includes(SECOND.name));
    expect(promoted).toContain('已录用');
    expect(promoted).toContain('139****5678');
    expect(promoted).not.toContain(SECOND.phone);
    expect(texts.find((t) => t.includes('张志愿'))).toContain('已取消');

    // Cancelling someone's place needs a reason they will read.
    await rows.filter({ hasText: SECOND.name }).getByTestId('decide-cancel').click();
    const dialog = modal();
    await dialog.getByTestId('decision-reason').waitFor();
    await dialog.locator('#decision-ok').click();
    await dialog.getByText('请填写原因').waitFor();
    await dialog.getByRole('button', { name: /^取\s*消$/ }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await screenshot(page, 'activities-roster');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-roster').click()]);
    expect(download.suggestedFilename()).toMatch(/^roster-[0-9a-f-]{36}\.xlsx$/);
    const file = readFileSync(await download.path());
    expect(file.subarray(0, 2).toString()).toBe('PK');
  });

  it('moves this and all later occurrences to the afternoon, after asking which', async () => {
    await page.getByTestId('cancel-activity').click();
    const cancel = modal();
    expect(await cancel.getByTestId('activity-scope').textContent()).toContain('本次及以后各次');
    await cancel.getByRole('button', { name: '不取消' }).click();
    await expect.poll(() => cancel.isVisible()).toBe(false);

    await page.getByTestId('edit-activity').click();
    const form = modal();
    await form.getByTestId('activity-scope').getByText('本次及以后各次').click();
    await pick(form.getByLabel('开始时间'), '14:00');
    await pick(form.getByLabel('结束时间'), '16:30');
    await form.locator('.ant-modal-title').click();
    await expect.poll(() => page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').count()).toBe(0);
    await dialogShot('activities-change-scope');
    await clickUntilClosed(form, page.locator('#activity-change-save'));
    await expect.poll(() => page.getByTestId('activity-when').textContent()).toBe(`${FROM} 周六 14:00–16:30`);
    await page.goto(projectUrl);
    const rows = page.getByTestId('activity-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(4);
    for (const row of await rows.allTextContents()) expect(row).toContain('周六 14:00–16:30');
  });

  it('tells the accepted volunteer of the change, and shows the activity in English', async () => {
    await freshPage({ width: 1280, height: 900 });
    await signIn(SECOND.phone, SECOND.password);
    await page.getByTestId('main-menu').getByText('我的报名').click();
    await expect.poll(() => page.getByTestId('notice').first().textContent()).toContain(`活动有变动，请查看最新时间地点：${ACTIVITY}`);
    await page.goto(activityUrl);
    await page.getByTestId('my-enrollment').waitFor();
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('activity-when').textContent()).toBe(`${FROM} Sat 14:00–16:30`);
    expect(await page.getByTestId('my-enrollment').textContent()).toContain('Accepted');
    await expect.poll(() => position(SKILLED).getByTestId('reasons').textContent()).toContain('Needs the skill “Driving”');
    // The category's name comes from the category catalog, a request of its own.
    await expect.poll(() => page.getByTestId('activity-facts').textContent()).toContain('Elderly care');
    const facts = await page.getByTestId('activity-facts').textContent();
    expect(facts).toContain('Applications close');
    expect(await page.getByTestId('activity-risks').textContent()).toContain('Medium');
    await screenshot(page, 'activities-detail-en');
    // The language is the account's setting: back to Chinese for whoever signs in next.
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('activity-when').textContent()).toContain('周六');
  });
});
