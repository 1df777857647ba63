import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs as apiSession } from './api-session.ts';
import { acceptedOn, activityWithPosition, confirmedRecord, moveActivity, recruitingProject } from './api-world.ts';
import { dialogShot, type Stack, settle, settledScreenshot, signInAs, startStack } from './browser.ts';

let stack: Stack;
let context: BrowserContext;
let page: Page;
let code: string;
let pdfPath: string;
/** The demo volunteer's confirmed hours this year (what this year's certificate states). */
let yearHours: number;

const ACTIVITY = '西湖景区文明引导';
const VOLUNTEER = '13800000001';

const apiAs = (login: string) => apiSession(stack.baseUrl, login);

/**
 * A confirmed record of 2 added hours for the demo volunteer. An activity cannot be planned in the
 * past, so it is planned ahead, applied for, and then moved to have begun a minute ago in the database.
 */
async function confirmedRecordOfOurs() {
  const org = await apiAs('org');
  const street = await apiAs('street');
  const volunteer = await apiAs(VOLUNTEER);
  const projectId = await recruitingProject(org, street, {
    title: '西湖景区文明旅游志愿服务',
    description: '<p>在断桥、白堤一带引导游客文明游览、排队候船。</p>',
    beneficiaries: '西湖景区游客',
    risks: '节假日人流密集，注意防踩踏与防暑。',
  });
  const { activityId, positionId } = await activityWithPosition(org, projectId, {
    title: ACTIVITY,
    address: '杭州市西湖区断桥残雪',
    inDays: 2,
    hours: 4,
    position: { name: '文明引导员', headcount: 5, reviewMode: 'auto' },
  });
  const enrollmentId = await acceptedOn(volunteer, positionId);
  await moveActivity(stack.database, activityId, '-1 minute', '4 hours');
  await confirmedRecord(org, enrollmentId, 2, '补录');
  await Promise.all([org.dispose(), street.dispose(), volunteer.dispose()]);
}

const shot = (name: string) => settledScreenshot(page, name);
const modal = () => page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title') });
const chinaYear = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4);

beforeAll(async () => {
  stack = await startStack();
  await confirmedRecordOfOurs();
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  page = await context.newPage();
});
afterAll(() => stack.close());

describe('hours, certificates and verification in the browser', () => {
  it('shows the volunteer their hours, stars and confirmed record', async () => {
    await signInAs(page, stack.baseUrl, VOLUNTEER);
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('main-menu').getByText('我的时长').click();
    await page.waitForURL(/\/my\/hours$/);
    // All their confirmed hours: the 2 added here, the demo's served requests and the flood call's night.
    const mine = await (await apiAs(VOLUNTEER)).call<{ hours: { total: number; byYear: { key: string; hours: number }[] } }>(
      'GET',
      '/api/records/mine',
    );
    yearHours = mine.hours.byYear.find((y) => y.key === chinaYear())?.hours ?? 0;
    expect(yearHours).toBeGreaterThan(2);
    await expect.poll(() => page.getByTestId('total-hours').textContent()).toMatch(new RegExp(`${mine.hours.total}\\s*小时$`));
    expect(await page.getByTestId('stars-next').textContent()).toMatch(/再服务 [\d.]+ 小时升为 1 星/);
    expect(await page.getByTestId('hours-breakdown').textContent()).toContain(chinaYear());
    expect(await page.getByTestId('hours-breakdown').textContent()).toContain('西湖义工队');
    const row = page.getByTestId('record-table').locator('tbody tr.ant-table-row', { hasText: ACTIVITY });
    expect(await row.textContent()).toContain('已确认');
    await shot('records-my-hours');
  });

  it('shows the rotating check-in QR code on the e-volunteer card, on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${stack.baseUrl}/me`);
    const qr = page.getByTestId('ecard-qr');
    await qr.locator('img').waitFor();
    expect(await qr.getAttribute('data-token')).toBeTruthy();
    expect(await qr.locator('img').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await shot('records-ecard-phone');
    await page.goto(`${stack.baseUrl}/my/hours`);
    await page.getByTestId('record-table').waitFor();
    await shot('records-my-hours-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${stack.baseUrl}/my/hours`);
    await page.getByTestId('record-table').waitFor();
  });

  it('asks to correct the record, showing the unchanged-hours objection on its field', async () => {
    await page
      .getByTestId('record-table')
      .locator('tbody tr.ant-table-row', { hasText: ACTIVITY })
      .getByTestId('request-correction')
      .click();
    const form = modal();
    await form.getByLabel('理由').waitFor();
    await settle(page);
    await form.getByLabel('理由').fill('签退漏记，实际服务 3 小时，负责人可证明');
    // Sent again while no objection shows (a click during the dialog's opening can go astray on a
    // busy machine); the same hours are refused each time, so nothing is filed twice.
    await expect
      .poll(
        async () => {
          const shown = form.locator('.ant-form-item', { hasText: '应计时长' }).locator('.ant-form-item-explain-error');
          if ((await shown.count()) > 0) return shown.textContent();
          await page.locator('#correction-send').click();
          return null;
        },
        { timeout: 30_000, interval: 2_000 },
      )
      .toBe('申请的时长与现有时长相同');
    await dialogShot(page, 'records-correction-unchanged');
    await form.getByLabel('应计时长').fill('3');
    await expect.poll(() => form.locator('.ant-form-item-explain-error').count()).toBe(0);
    await page.locator('#correction-send').click();
    await page.locator('.ant-message-notice', { hasText: '更正申请已提交' }).waitFor();
    await expect.poll(() => form.isVisible()).toBe(false);
  });

  it('issues a certificate for this year and downloads its PDF', async () => {
    const card = page.getByTestId('certificates');
    expect(await card.getByLabel('起始日期').inputValue()).toBe(`${chinaYear()}-01-01`);
    await card.getByTestId('issue-certificate').click();
    await page.locator('.ant-message-notice', { hasText: '已开具证明' }).waitFor();
    const row = card.getByTestId('certificate-table').locator('tbody tr.ant-table-row').first();
    await expect.poll(() => row.textContent()).toContain('有效');
    expect(await row.textContent()).toContain(`${yearHours} 小时`);
    code = ((await row.locator('.vn-code').textContent()) ?? '').trim();
    expect(code.length).toBeGreaterThan(8);
    await shot('records-certificate-issued');

    const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('certificate-pdf').click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    pdfPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'volunet-e2e-')), download.suggestedFilename());
    await download.saveAs(pdfPath);
    const response = await page.request.get(`${stack.baseUrl}/api/certificates/${await row.getAttribute('data-row-key')}/pdf`);
    expect(response.headers()['content-type']).toContain('application/pdf');
    expect((await response.body()).subarray(0, 4).toString()).toBe('%PDF');
  });

  it('verifies the code signed out, with the name masked, and refuses a mistyped code', async () => {
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/sign-in/);
    await shot('records-sign-in-verify-link');
    await page.getByTestId('verify-link').click();
    await page.waitForURL(/\/verify$/);
    // People type codes in lower case and with their own dashes.
    await page.getByLabel('核验码').fill(code.toLowerCase());
    await page.getByTestId('verify-submit').click();
    await page.waitForURL(/\/verify\/.+/);
    await expect.poll(() => page.getByTestId('verify-verdict').textContent()).toBe('有效');
    const facts = (await page.getByTestId('verify-facts').textContent()) ?? '';
    expect(facts).toContain('张*愿');
    expect(facts).not.toContain('张志愿');
    expect(facts).toContain(`${yearHours} 小时`);
    await shot('records-verify-valid');

    // The PDF itself, chosen on the same page, is checked from the signed statement it carries.
    const pdfCard = page.getByTestId('verify-pdf');
    await pdfCard.locator('input[type=file]').setInputFiles(pdfPath);
    await expect.poll(() => pdfCard.getByTestId('verify-verdict').textContent()).toBe('有效');
    const pdfFacts = (await pdfCard.getByTestId('verify-facts').textContent()) ?? '';
    expect(pdfFacts).toContain('张*愿');
    expect(pdfFacts).toContain(`${yearHours} 小时`);
    expect(await pdfCard.getByTestId('verify-pdf-file').textContent()).toContain('.pdf');
    await pdfCard.scrollIntoViewIfNeeded();
    await shot('records-verify-pdf-valid');

    const typo = code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A');
    await page.goto(`${stack.baseUrl}/verify/${typo}`);
    await expect.poll(() => page.getByTestId('verify-verdict').textContent()).toBe('无效的核验码');
    expect(await page.getByTestId('verify-facts').count()).toBe(0);
    await shot('records-verify-mistyped');
  });

  it('verifies many codes at once, in English', async () => {
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('verify-verdict').textContent()).toBe('Invalid verification code');
    await page.getByTestId('batch-codes').fill(`${code}\nNOT-A-CODE\n`);
    await page.getByTestId('batch-check').click();
    const rows = page.getByTestId('batch-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('Valid');
    expect(await rows.nth(1).textContent()).toContain('Invalid verification code');
    expect(await page.getByTestId('verify-key').getAttribute('href')).toBe('/api/verify-key');
    await shot('records-verify-batch-en');
  });
});
