import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
  await signInAs(page, stack.baseUrl, 'city');
  await page.getByTestId('welcome').waitFor();
});
afterAll(() => stack.close());

const rowNames = () => page.locator('.ant-table-tbody tr.ant-table-row td:nth-child(2)').allTextContents();

describe('areas', () => {
  it('walks the tree with the area picker and the table', async () => {
    await page.getByTestId('main-menu').getByText('行政区划').click();
    await expect.poll(rowNames).toContain('上城区');
    await page.getByTestId('area-picker').click();
    await page.locator('.ant-cascader-menu-item', { hasText: '杭州市' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '西湖区' }).click();
    await page.waitForURL(/\/areas\/330106$/);
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await rowNames()).length).toBe(3);
    expect((await rowNames()).every((n) => n.endsWith('街道'))).toBe(true);
    expect(await page.getByTestId('area-details').textContent()).toContain('330106');
    await page.locator('.ant-table-tbody tr.ant-table-row a').first().click();
    await expect.poll(() => page.getByTestId('area-details').textContent()).toContain('街道（乡镇）');
    await screenshot(page, 'areas-street');
  });

  it('imports a CSV: shows row errors first, then previews and imports a good file', async () => {
    const dir = os.tmpdir();
    const bad = path.join(dir, 'areas-bad.csv');
    const good = path.join(dir, 'areas-good.csv');
    writeFileSync(bad, 'code,name,population\n330102001900,新建社区,120\n330199001001,找不到上级,1\n');
    writeFileSync(good, 'code,name,population\n330102001900,新建社区,120\n');
    await page.goto(`${stack.baseUrl}/areas/330102001`);
    await page.getByTestId('import-button').click();
    await page.locator('.ant-modal input[type=file]').setInputFiles(bad);
    await page.getByTestId('import-preview').click();
    await expect.poll(() => page.getByTestId('import-errors').textContent()).toContain('发现 1 处问题');
    expect(await page.locator('.ant-modal .ant-table-tbody').textContent()).toContain('上级区划 330199001 不存在');
    await screenshot(page, 'areas-import-errors');

    await page.locator('.ant-modal .ant-upload-list-item button').first().click();
    await page.locator('.ant-modal input[type=file]').setInputFiles(good);
    await page.getByTestId('import-preview').click();
    await expect.poll(() => page.getByTestId('import-result').textContent()).toContain('预检通过：共 1 行，新增 1，更新 0');
    await page.getByTestId('import-commit').click();
    await expect.poll(() => page.getByTestId('import-result').textContent()).toContain('已导入：新增 1，更新 0');
    await page.locator('.ant-modal-close').click();
    await expect.poll(rowNames).toContain('新建社区');
  });

  it('edits an area’s name', async () => {
    await page.goto(`${stack.baseUrl}/areas/330102001`);
    await page.getByTestId('edit-area').click();
    const name = page.locator('.ant-modal').getByLabel('名称');
    await name.fill('清波街道（新）');
    await page
      .locator('.ant-modal')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await expect.poll(() => page.getByTestId('area-details').textContent()).toContain('清波街道（新）');
  });
});

describe('account', () => {
  it('says which field is wrong when the current password is wrong', async () => {
    await page.goto(`${stack.baseUrl}/account`);
    await page.getByLabel('当前密码').fill('not-my-password-1');
    await page.getByLabel('新密码', { exact: true }).fill('Brand-new-pass-1');
    await page.getByLabel('确认新密码').fill('Brand-new-pass-1');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByText('当前密码不正确').waitFor();
    await screenshot(page, 'account-wrong-password');
  });
});
