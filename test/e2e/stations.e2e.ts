import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, screenshot, signInAs, startStack } from './browser.ts';

let stack: Stack;
let context: BrowserContext;
let page: Page;
beforeAll(async () => {
  stack = await startStack();
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
  await signInAs(page, stack.baseUrl, 'district');
  await page.getByTestId('welcome').waitFor();
});
afterAll(() => stack.close());

const rows = () => page.getByTestId('stations-table').locator('tbody tr.ant-table-row');
const modal = () => page.locator('.ant-modal');
const standards = () => page.getByTestId('standards-table').locator('tbody tr.ant-table-row');

describe('service stations', () => {
  it('creates a station in the district admin’s area', async () => {
    await page.getByTestId('main-menu').getByText('服务站点').click();
    await page.waitForURL(/\/stations$/);
    // The district admin starts in their own district.
    await expect.poll(() => page.getByTestId('area-picker').textContent()).toBe('杭州市 / 上城区');
    await page.getByTestId('create-station').click();

    await modal().getByLabel('名称').fill('清波街道 U 站');
    // The area starts at the admin's district; pick a street below it.
    await modal().getByTestId('area-picker').click();
    await page.locator('.ant-cascader-menu-item', { hasText: '清波街道' }).click();
    await modal().locator('.ant-modal-title').click();
    await modal().getByLabel('地址').fill('南山路 100 号');
    await modal().getByLabel('面积（m²）').fill('60');
    await modal().getByLabel('开放时间').fill('周一至周日 8:30–20:00');
    await screenshot(page, 'stations-create');
    await modal()
      .getByRole('button', { name: /保\s*存/ })
      .click();

    await page.waitForURL(/\/stations\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('station-name').textContent()).toBe('清波街道 U 站');
    await expect.poll(() => page.getByTestId('station-details').textContent()).toContain('杭州市 / 上城区 / 清波街道');
    expect(await page.getByTestId('station-details').textContent()).toContain('60 m²');
    expect(await page.getByTestId('standard-tag').first().textContent()).toBe('未检查');
  });

  it('records an inspection meeting every item and shows the station to standard', async () => {
    await page.getByTestId('record-inspection').click();
    await modal().getByText('统一标识标牌').waitFor();
    await page.getByTestId('check-all').click();
    await expect.poll(() => modal().locator('.ant-checkbox-wrapper-checked').count()).toBe(7);
    expect(await modal().textContent()).toContain('6 / 6 项');
    // Let the check marks finish animating in before the picture.
    await page.waitForTimeout(500);
    await screenshot(page, 'stations-inspection');
    await modal()
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await expect.poll(() => page.getByTestId('inspections-table').locator('tbody tr.ant-table-row').count()).toBe(1);
    expect(await page.getByTestId('inspections-table').locator('tbody').textContent()).toContain('上城区文明办');
    await expect.poll(() => page.getByTestId('standard-tag').first().textContent()).toBe('达标');
  });

  it('adds a keeper by login, naming the field when there is no such account', async () => {
    await page.getByTestId('keeper-login').fill('no-such-login');
    await page.getByTestId('add-keeper').click();
    await page.getByTestId('station-keepers').getByText('找不到该手机号或用户名对应的账号').waitFor();
    await page.getByTestId('keeper-login').fill('resident');
    await page.getByTestId('add-keeper').click();
    await page.getByTestId('station-keepers').getByText('李居民').waitFor();
    await screenshot(page, 'stations-detail');
  });

  it('lists the station as to standard and filters by it', async () => {
    await page.getByRole('link', { name: '服务站点' }).first().click();
    await page.waitForURL(/\/stations(\?|$)/);
    await page.getByPlaceholder('按名称搜索').fill('清波街道 U');
    await page.getByPlaceholder('按名称搜索').press('Enter');
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().textContent()).toContain('清波街道 U 站');
    expect(await rows().first().getByTestId('standard-tag').textContent()).toBe('达标');
    await screenshot(page, 'stations-list');

    await page.getByTestId('filter-standard').click();
    await page.locator('.ant-select-item-option', { hasText: '未达标' }).click();
    await page.getByTestId('stations-table').locator('.ant-empty').waitFor();
    await page.getByTestId('filter-standard').click();
    await page.locator('.ant-select-item-option', { hasText: /^达标$/ }).click();
    await expect.poll(() => rows().count()).toBe(1);
    // The filters are in the address: a reload keeps them.
    await page.reload();
    await expect.poll(() => rows().count()).toBe(1);
    expect(page.url()).toContain('toStandard=true');
  });

  it('shows a resident the station without the office buttons', async () => {
    await context.clearCookies();
    await signInAs(page, stack.baseUrl, 'resident');
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('main-menu').getByText('服务站点').click();
    await rows().first().waitFor();
    expect(await page.getByTestId('create-station').count()).toBe(0);
    await page.getByPlaceholder('按名称搜索').fill('清波街道 U');
    await page.getByPlaceholder('按名称搜索').press('Enter');
    await expect.poll(() => rows().count()).toBe(1);
    await rows().first().getByRole('link').click();
    await expect.poll(() => page.getByTestId('station-keepers').textContent()).toContain('李居民');
    expect(await page.getByTestId('record-inspection').count()).toBe(0);
    expect(await page.getByTestId('edit-station').count()).toBe(0);
    expect(await page.getByTestId('keeper-login').count()).toBe(0);

    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('standard-tag').first().textContent()).toBe('To standard');
    // Items met are counted against the checklist, which comes with a request of its own.
    await expect.poll(() => page.getByTestId('inspections-table').textContent()).toContain('6 of 6');
    await screenshot(page, 'stations-detail-resident-en');
  });

  it('shows the resident the standards checklist without editing it', async () => {
    await page.getByRole('link', { name: 'Service stations' }).first().click();
    await page.getByTestId('station-standards').click();
    await page.waitForURL(/\/stations\/standards$/);
    await expect.poll(() => standards().count()).toBe(6);
    expect(await standards().first().textContent()).toContain('Standard signage');
    expect(await page.getByTestId('standards-intro').textContent()).toContain('you can view them');
    expect(await page.getByTestId('add-standard').count()).toBe(0);
    expect(await page.getByTestId('save-standards').count()).toBe(0);
    expect(await page.getByTestId('standards-table').locator('input').count()).toBe(0);
    await screenshot(page, 'stations-standards-resident-en');
  });

  it('lets the city admin add a standard and retire one, with the server’s objections on the fields', async () => {
    await context.clearCookies();
    await signInAs(page, stack.baseUrl, 'city');
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('main-menu').getByText('服务站点').click();
    await page.getByTestId('station-standards').click();
    await page.waitForURL(/\/stations\/standards$/);
    await expect.poll(() => standards().count()).toBe(6);
    expect(await page.getByTestId('save-standards').isDisabled()).toBe(true);

    await page.getByTestId('add-standard').click();
    // A code already on the list: the server refuses it, and says so next to that code.
    await page.getByTestId('standard-code').fill('signage');
    await page.getByTestId('standard-name-zh').last().fill('配备急救箱');
    await page.getByTestId('standard-name-en').last().fill('First-aid kit');
    await page.getByTestId('save-standards').click();
    await standards().last().getByText('达标项代码 signage 重复').waitFor();
    await screenshot(page, 'stations-standards-error');

    await page.getByTestId('retire-records_kept').click();
    await expect.poll(() => page.getByTestId('retired-standards').textContent()).toContain('保存后停用');
    // The code of a standard taken off the list would quietly bring it back renamed: the form says so.
    await page.getByTestId('standard-code').fill('records_kept');
    await standards().last().getByText('代码 records_kept 已属于标准“服务台账完整”').waitFor();
    await page.getByTestId('standard-code').fill('first_aid_kit');
    await expect.poll(() => standards().last().locator('.ant-form-item-explain-error').count()).toBe(0);
    await screenshot(page, 'stations-standards-editing');
    await page.getByTestId('save-standards').click();
    // Leaving a standard out retires it: the admin is asked first.
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.getByText('服务台账完整').waitFor();
    // A click during the dialog's opening animation can be lost on a busy machine: click until it closes.
    for (let attempt = 0; attempt < 3 && (await confirm.isVisible()); attempt++) {
      await confirm.getByRole('button', { name: /停\s*用/ }).click();
      await confirm.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
    }
    await expect.poll(() => confirm.count()).toBe(0);
    await page.getByText('达标标准清单已保存').waitFor();
    await expect.poll(() => standards().count()).toBe(6);
    expect(await standards().last().locator('code').textContent()).toBe('first_aid_kit');
    expect(await standards().last().locator('input').nth(0).inputValue()).toBe('配备急救箱');
    const retired = page.getByTestId('retired-standards').locator('tbody tr.ant-table-row');
    await expect.poll(() => retired.count()).toBe(1);
    expect(await retired.first().textContent()).toContain('服务台账完整');
    expect(await retired.first().textContent()).not.toContain('保存后停用');
    expect(await page.getByTestId('save-standards').isDisabled()).toBe(true);
    // The message fades; the picture should show the checklist, not a toast over it.
    await page.locator('.ant-message-notice').waitFor({ state: 'detached' });
    await screenshot(page, 'stations-standards');

    // A reload shows what the server holds.
    await page.reload();
    await expect.poll(() => standards().count()).toBe(6);
    expect(await standards().last().locator('code').textContent()).toBe('first_aid_kit');
  });

  it('offers the new standard, and not the retired one, when recording an inspection', async () => {
    await page.getByRole('link', { name: '服务站点' }).first().click();
    await page.getByPlaceholder('按名称搜索').fill('清波街道 U');
    await page.getByPlaceholder('按名称搜索').press('Enter');
    await expect.poll(() => rows().count()).toBe(1);
    await rows().first().getByRole('link').click();
    // The new standard is in force and the last inspection did not check it.
    await expect.poll(() => page.getByTestId('standard-tag').first().textContent()).toBe('未达标');
    await page.getByTestId('record-inspection').click();
    await modal().getByText('配备急救箱').waitFor();
    expect(await modal().getByText('服务台账完整').count()).toBe(0);
    await page.getByTestId('check-all').click();
    await expect.poll(() => modal().textContent()).toContain('6 / 6 项');
    await page.waitForTimeout(500);
    await screenshot(page, 'stations-inspection-new-standard');
    await modal()
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await expect.poll(() => page.getByTestId('standard-tag').first().textContent()).toBe('达标');
  });
});
