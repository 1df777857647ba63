import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickUntilClosed, type Stack, screenshot, signInAs, startStack } from './browser.ts';

let stack: Stack;
let context: BrowserContext;
let page: Page;
let projectUrl: string;
beforeAll(async () => {
  stack = await startStack();
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
});
afterAll(() => stack.close());

const TITLE = '清波街道西湖沿岸水域安全巡护';
const REASON = '巡护路线与时间安排未说明，请补充后重新申报';
const modal = () => page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title') });
const status = () => page.getByTestId('project-status').textContent();
const events = () => page.getByTestId('project-event').allTextContents();

async function signIn(login: string, password?: string) {
  await context.clearCookies();
  await signInAs(page, stack.baseUrl, login, password);
  await page.getByTestId('welcome').waitFor();
}

/** Takes a lifecycle step from the project page through its confirmation dialog. */
async function takeStep(label: RegExp, action: string, note?: string) {
  await page.getByTestId(`project-action-${action}`).click();
  const dialog = modal();
  await dialog.getByTestId('project-action-hint').waitFor();
  if (note) await dialog.getByTestId('project-note').fill(note);
  await clickUntilClosed(dialog, dialog.getByRole('button', { name: label }));
}

describe('projects in the browser', () => {
  it('lets the organization admin draft a high-risk project with a rich-text description', async () => {
    await signIn('org');
    await page.getByTestId('main-menu').getByText('项目', { exact: true }).click();
    await page.waitForURL(/\/projects$/);
    await page.getByTestId('create-project').click();
    const form = modal();
    await form.getByLabel('项目名称').fill(TITLE);
    // The admin runs one organization: it is chosen, and its street is the area to start with.
    await expect.poll(() => form.locator('.ant-form-item', { hasText: '实施组织' }).textContent()).toContain('西湖义工队');
    await expect.poll(() => form.getByTestId('area-picker').textContent()).toBe('杭州市 / 上城区 / 清波街道');
    await form.getByTestId('project-category').click();
    await page.locator('.ant-select-item-option', { hasText: '应急救援' }).click();

    const editor = form.getByRole('textbox', { name: '项目介绍' });
    await editor.click();
    await page.keyboard.type('每周六上午沿西湖东岸巡护，劝阻游客下水。');
    await page.keyboard.press('Enter');
    await form.getByRole('button', { name: '无序列表' }).click();
    await page.keyboard.type('两人一组，携带救生圈');
    await page.keyboard.press('Enter');
    await page.keyboard.type('遇险情先报警再施救');
    await expect.poll(() => editor.locator('ul li').count()).toBe(2);
    await form.getByLabel('服务对象').fill('西湖东岸游客与周边居民');
    await form.locator('.ant-radio-button-wrapper', { hasText: '高' }).click();
    await form.getByText('涉及水域').waitFor();
    // Away from the toolbar, whose tooltip would cover the label in the picture.
    await page.mouse.move(0, 0);
    await expect.poll(() => page.locator('.ant-tooltip:not(.ant-tooltip-hidden)').count()).toBe(0);
    await form.locator('.ant-modal-title').scrollIntoViewIfNeeded();
    await screenshot(page, 'projects-create');
    await clickUntilClosed(form, page.locator('#project-save'));

    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    projectUrl = page.url();
    await expect.poll(status).toBe('草稿');
    expect(await page.getByTestId('project-title').textContent()).toBe(TITLE);
    expect(await page.getByTestId('project-description').locator('ul li').allTextContents()).toEqual([
      '两人一组，携带救生圈',
      '遇险情先报警再施救',
    ]);
    // The area's path comes with a request of its own, after the project's.
    await expect.poll(() => page.getByTestId('project-facts').textContent()).toContain('杭州市 / 上城区 / 清波街道');
  });

  it('refuses to submit a high-risk project without insurance or disclosed risks, naming the fields', async () => {
    await takeStep(/提交申报/, 'submit');
    const notReady = page.getByTestId('project-not-ready');
    await expect.poll(() => notReady.textContent()).toContain('意外保险：高风险项目须为参与者购买保险');
    expect(await notReady.textContent()).toContain('风险告知：中高风险项目须向志愿者告知可能的风险');
    expect(await status()).toBe('草稿');
    await page.locator('.ant-message-notice').waitFor({ state: 'detached' });
    await screenshot(page, 'projects-not-ready');

    // The form opens with the objections beside their fields.
    await page.getByTestId('fix-project').click();
    const form = modal();
    const insurance = form.locator('.ant-form-item').filter({ has: page.getByTestId('project-insurance') });
    await expect.poll(() => insurance.locator('.ant-form-item-explain-error').textContent()).toContain('高风险项目须为参与者购买保险');
    await screenshot(page, 'projects-fix-fields');
    await page.getByTestId('project-insurance').check();
    await form.getByLabel('风险告知').fill('水域作业有落水、溺水风险；夏季有中暑风险。已配备救生衣并为全体志愿者投保意外险。');
    await expect.poll(() => form.locator('.ant-form-item-explain-error').count()).toBe(0);
    await clickUntilClosed(form, page.locator('#project-save'));
    await expect.poll(() => page.getByTestId('project-risks').textContent()).toContain('溺水风险');
    expect(await page.getByTestId('project-not-ready').count()).toBe(0);

    await takeStep(/提交申报/, 'submit');
    await expect.poll(status).toBe('已提交');
    expect(await page.getByTestId('edit-project').count()).toBe(0);
  });

  it('lets the street office reject the project only with a reason', async () => {
    await signIn('street');
    await page.goto(projectUrl);
    await expect.poll(status).toBe('已提交');
    await page.getByTestId('project-action-reject').click();
    const dialog = modal();
    await dialog.getByTestId('project-note').waitFor();
    await dialog.getByRole('button', { name: /驳\s*回/ }).click();
    await dialog.getByText('请填写驳回理由').waitFor();
    expect(await dialog.isVisible()).toBe(true);
    await screenshot(page, 'projects-reject-needs-reason');
    await dialog.getByTestId('project-note').fill(REASON);
    await clickUntilClosed(dialog, dialog.getByRole('button', { name: /驳\s*回/ }));
    await expect.poll(status).toBe('已驳回');
    expect(await page.getByTestId('project-status-reason').textContent()).toBe(REASON);
    // The office reviews; it does not edit or resubmit.
    expect(await page.getByTestId('edit-project').count()).toBe(0);
    expect(await page.getByTestId('project-action-submit').count()).toBe(0);
  });

  it('shows the organization the reason; it submits again and the office approves', async () => {
    await signIn('org');
    await page.goto(projectUrl);
    await expect.poll(() => page.getByTestId('project-status-reason').textContent()).toBe(REASON);
    expect(await page.getByTestId('project-rejected').textContent()).toContain('请按驳回理由修改项目后重新提交申报');
    await screenshot(page, 'projects-rejected-org');
    await page.getByTestId('edit-project').click();
    const form = modal();
    const editor = form.getByRole('textbox', { name: '项目介绍' });
    await expect.poll(() => editor.locator('li').count()).toBe(2);
    await editor.locator('p').first().click();
    await page.keyboard.press('End');
    await page.keyboard.type('巡护时间 9:00–11:30，路线：断桥至柳浪闻莺。');
    await clickUntilClosed(form, page.locator('#project-save'));
    await expect.poll(() => page.getByTestId('project-description').textContent()).toContain('断桥至柳浪闻莺');
    await takeStep(/提交申报/, 'submit');
    await expect.poll(status).toBe('已提交');

    await signIn('street');
    await page.goto(projectUrl);
    await takeStep(/立项通过/, 'approve');
    await expect.poll(status).toBe('已立项');
    expect(await page.getByTestId('project-rejected').count()).toBe(0);
  });

  it('opens recruiting; the timeline names every step and who took it', async () => {
    await signIn('org');
    await page.goto(projectUrl);
    await takeStep(/开始招募/, 'recruit');
    await expect.poll(status).toBe('招募中');
    const steps = await events();
    expect(steps.map((e) => e.split(/\s/)[0])).toEqual(['创建项目', '提交申报', '驳回', '提交申报', '立项通过', '开始招募']);
    const org = '西湖义工队管理员';
    const office = '清波街道志愿服务站';
    expect(steps.map((e) => (e.includes(office) ? 'office' : e.includes(org) ? 'org' : '?'))).toEqual([
      'org',
      'org',
      'office',
      'org',
      'office',
      'org',
    ]);
    expect(steps[2]).toContain(REASON);
    expect(steps[2]).toContain('已提交 → 已驳回');
    for (const step of steps) expect(step).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(await page.getByTestId('project-action-start').count()).toBe(1);
    await page.locator('.ant-message-notice').waitFor({ state: 'detached' });
    await screenshot(page, 'projects-recruiting-timeline');
  });

  it('lists the project for volunteers among the recruiting ones, and shows it in English', async () => {
    await signIn('13800000001');
    await page.getByTestId('main-menu').getByText('项目', { exact: true }).click();
    await page.waitForURL(/\/projects/);
    // A volunteer neither runs nor reviews projects: only the public list, and no button to create one.
    expect(await page.getByTestId('create-project').count()).toBe(0);
    const rows = page.getByTestId('project-table-public').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    await page.getByTestId('project-search-public').locator('input').fill('水域安全');
    await page.getByTestId('project-search-public').locator('input').press('Enter');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('招募中');
    expect(await rows.first().textContent()).toContain('西湖义工队');
    await screenshot(page, 'projects-public-list');

    await rows.first().getByRole('link').click();
    await expect.poll(status).toBe('招募中');
    expect(await page.locator('[data-testid^="project-action-"]').count()).toBe(0);
    await page.getByTestId('language-switch').click();
    await expect.poll(status).toBe('Recruiting');
    // The category's name comes from the category catalog, a request of its own.
    await expect.poll(() => page.getByTestId('project-facts').textContent()).toContain('Emergency rescue');
    const facts = await page.getByTestId('project-facts').textContent();
    expect(facts).toContain('High');
    expect(facts).toContain('Required');
    expect(await page.getByText('Risks disclosed', { exact: true }).count()).toBe(1);
    const steps = await events();
    expect(steps[2]).toContain('Submitted → Rejected');
    expect(steps[2]).toContain(REASON);
    expect(steps[5]).toContain('Recruiting opened');
    await screenshot(page, 'projects-detail-en');
  });
});
