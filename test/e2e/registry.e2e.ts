import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeResidentId } from '../../src/domain/identity/index.ts';
import { pickFirstArea } from './area-picker.ts';
import { type Stack, screenshot, signInAs, startStack } from './browser.ts';

let stack: Stack;
let context: BrowserContext;
let page: Page;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

async function freshPage(viewport: { width: number; height: number }, mobile = false) {
  await context?.close();
  context = await stack.browser.newContext({ viewport, locale: 'zh-CN', isMobile: mobile, hasTouch: mobile });
  page = await context.newPage();
}

const PHONE = '13912340001';
const PASSWORD = 'Volunteer-2026';
const ID_NUMBER = makeResidentId('330102', '1992-06-18', '035');

describe('the registry in the browser', () => {
  it('lets a person register on a phone, shows what the ID number says, and puts server errors on their fields', async () => {
    await freshPage({ width: 390, height: 844 }, true);
    await page.goto(`${stack.baseUrl}/sign-in`);
    await page.getByTestId('register-link').click();
    await page.waitForURL(/\/register$/);
    await page.getByLabel('姓名').fill('赵志远');
    await page.getByLabel('证件号码').fill(makeResidentId('330102', '2011-01-05', '041'));
    await page.getByTestId('minor-hint').waitFor();
    await page.getByLabel('证件号码').fill(ID_NUMBER.toLowerCase());
    await expect.poll(() => page.getByText('由身份证号码自动识别').textContent()).toContain('1992-06-18，男');
    expect(await page.getByTestId('minor-hint').count()).toBe(0);

    // A phone that already has an account: the server's message lands beside the phone field.
    await page.getByLabel('手机号').fill('13800000001');
    await page.getByLabel('登录密码').fill(PASSWORD);
    await pickFirstArea(page, page, 4);
    await page.getByTestId('skills-select').click();
    await page.keyboard.type('急救');
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: /^急救$/ })
      .click();
    await page.keyboard.press('Escape');
    await page.getByTestId('consent').check();
    await page.getByTestId('register-submit').click();
    await page.getByText('该手机号已被其他账号使用，请直接登录').waitFor();
    await screenshot(page, 'register-phone-taken');

    await page.getByLabel('手机号').fill(PHONE);
    await page.getByTestId('register-submit').click();
    await expect.poll(() => page.getByTestId('register-done').textContent()).toMatch(/志愿者编号是 V3301\d{9}/);
    await page.getByTestId('go-profile').click();
    await page.getByTestId('ecard').waitFor();
    expect(await page.getByTestId('ecard').textContent()).toContain('赵志远');
    expect(await page.getByTestId('doc-masked').textContent()).toMatch(/^3301\*{10}035\d$/);
    expect(await page.getByTestId('tab-bar').textContent()).toContain('我的档案');
    await screenshot(page, 'register-my-profile-phone');
  });

  it('lets a volunteer complete the profile', async () => {
    await page.getByTestId('edit-profile').click();
    await page.getByTestId('add-language').click();
    const language = page.locator('.ant-form-item').filter({ hasText: '语言能力' }).locator('.ant-select').first();
    await language.click();
    await page.locator('.ant-select-item-option', { hasText: '英语' }).click();
    await expect.poll(() => language.textContent()).toContain('英语');
    await page.getByLabel('周六 上午').check();
    await page.getByTestId('cadre-checkbox').check();
    // The saved profile, not the toast that says so: a busy machine may take longer than the toast stays.
    const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/api/volunteers/'));
    await page.getByTestId('save-profile').click();
    expect((await saved).status()).toBe(200);
    await expect.poll(() => page.getByTestId('volunteer-facts').textContent()).toContain('英语 · 工作');
    expect(await page.getByTestId('volunteer-facts').textContent()).toContain('党政机关、事业单位干部');
  });

  it('finds the volunteer for the district office by skill, masked, without the unmasked view', async () => {
    await freshPage({ width: 1280, height: 900 });
    await signInAs(page, stack.baseUrl, 'district');
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('main-menu').getByText('志愿者', { exact: true }).click();
    await page.getByTestId('filter-skills').click();
    await page.keyboard.type('急救');
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: /^急救$/ })
      .click();
    await page.keyboard.press('Escape');
    await page.getByTestId('filter-name').fill('赵志远');
    await page.getByTestId('volunteer-search').click();
    await expect.poll(() => page.getByTestId('volunteer-table').locator('tbody tr.ant-table-row').count()).toBe(1);
    const row = await page.getByTestId('volunteer-table').locator('tbody tr.ant-table-row').textContent();
    expect(row).toContain('139****0001');
    expect(row).not.toContain(PHONE);
    await screenshot(page, 'volunteers-search-district');
    await page.getByTestId('volunteer-table').locator('tbody tr.ant-table-row a').first().click();
    await page.getByTestId('volunteer-facts').waitFor();
    expect(await page.getByTestId('reveal').count()).toBe(0);
  });

  it('shows the full numbers to the community office, after it asks', async () => {
    await freshPage({ width: 1280, height: 900 });
    await signInAs(page, stack.baseUrl, 'community');
    await page.getByTestId('welcome').waitFor();
    await page.goto(`${stack.baseUrl}/volunteers`);
    await page.getByTestId('filter-name').fill('赵志远');
    await page.getByTestId('volunteer-search').click();
    await page.getByTestId('volunteer-table').locator('tbody tr.ant-table-row a').first().click();
    await page.getByTestId('reveal').click();
    await expect.poll(() => page.getByTestId('revealed').textContent()).toContain(ID_NUMBER);
    expect(await page.getByTestId('revealed').textContent()).toContain(PHONE);
    await screenshot(page, 'volunteer-revealed-community');
  });

  it('lets the community office register a person who consented, at the desk', async () => {
    await page.goto(`${stack.baseUrl}/volunteers`);
    await page.getByTestId('register-on-behalf').click();
    const modal = page.locator('.ant-modal');
    await modal.getByLabel('姓名').fill('钱桂英');
    await modal.getByLabel('证件号码').fill(makeResidentId('330102', '1950-09-09', '062'));
    await modal.getByLabel('手机号').fill('13912340002');
    await pickFirstArea(page, page, 4);
    await page.locator('#on-behalf-submit').click();
    await page.getByText('须同意志愿者注册协议和个人信息处理规则').waitFor();
    await modal.getByTestId('on-behalf-consent').check();
    await page.locator('#on-behalf-submit').click();
    await page.waitForURL(/\/volunteers\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('volunteer-facts').textContent()).toContain('机构登记');
    await screenshot(page, 'volunteer-registered-on-behalf');
  });

  it('files a team: the volunteer applies, the street office approves, the applicant leads it', async () => {
    await freshPage({ width: 1280, height: 900 });
    await signInAs(page, stack.baseUrl, PHONE, PASSWORD);
    await page.getByTestId('ecard').or(page.getByTestId('welcome')).first().waitFor();
    await page.goto(`${stack.baseUrl}/organizations`);
    await page.getByTestId('apply-org').click();
    const modal = page.locator('.ant-modal');
    await modal.getByLabel('组织名称').fill('清波街道助老服务队');
    await pickFirstArea(page, modal, 3);
    await modal.getByLabel('联系人').fill('赵志远');
    await modal.getByLabel('联系电话').fill(PHONE);
    await page.locator('#apply-submit').click();
    await expect.poll(() => page.getByTestId('org-status').textContent()).toBe('待审核');
    const url = page.url();
    await screenshot(page, 'organization-applied');

    await freshPage({ width: 1280, height: 900 });
    await signInAs(page, stack.baseUrl, 'street');
    await page.getByTestId('welcome').waitFor();
    await page.goto(url);
    await page.getByTestId('review-reject').click();
    expect(await page.locator('#reason-ok').isDisabled()).toBe(true);
    await page.locator('.ant-modal-close').click();
    await page.getByTestId('review-approve').click();
    await expect.poll(() => page.getByTestId('org-status').textContent()).toBe('已生效');
    await expect.poll(() => page.getByTestId('member-table').textContent()).toContain('负责人');
    expect(await page.getByTestId('org-history').textContent()).toContain('清波街道志愿服务站');
    await screenshot(page, 'organization-approved-street');
  });
});

describe('the skills catalog', () => {
  it('lets the city office add a skill that volunteers can then claim', async () => {
    await freshPage({ width: 1280, height: 900 });
    await signInAs(page, stack.baseUrl, 'city');
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('main-menu').getByText('技能目录').click();
    await page.getByTestId('skill-code').fill('bike_repair');
    await page.getByTestId('skill-category').fill('community');
    await page.getByTestId('skill-name-zh').fill('自行车维修');
    await page.getByTestId('skill-name-en').fill('Bicycle repair');
    await page.getByTestId('skill-add').click();
    await expect.poll(() => page.getByTestId('skill-table').textContent()).toContain('自行车维修');
    await page.getByTestId('skill-code').fill('bike_repair');
    await page.getByTestId('skill-category').fill('community');
    await page.getByTestId('skill-name-zh').fill('重复');
    await page.getByTestId('skill-name-en').fill('Duplicate');
    await page.getByTestId('skill-add').click();
    await page.getByText('技能代码 bike_repair 已存在').waitFor();
    await screenshot(page, 'skills-catalog-city');
  });
});
