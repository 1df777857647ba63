import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORGANIZATION_ID } from '../../src/modules/demo/seed-demo.ts';
import { apiAs as apiSession } from './api-session.ts';
import { SCREENSHOT_DIR, type Stack, screenshot, signInAs, startStack } from './browser.ts';

let stack: Stack;
let context: BrowserContext;
let page: Page;
let code: string;

const ACTIVITY = '西湖景区文明引导';
const VOLUNTEER = '13800000001';

const apiAs = (login: string) => apiSession(stack.baseUrl, login);

/**
 * A confirmed record of 2 added hours for the demo volunteer. An activity cannot be planned in the
 * past, so it is planned ahead, applied for, and then moved to have begun a minute ago in the database.
 */
async function confirmedRecord() {
  const org = await apiAs('org');
  const street = await apiAs('street');
  const volunteer = await apiAs(VOLUNTEER);
  const organization = await org.call<{ areaCode: string }>('GET', `/api/organizations/${DEMO_ORGANIZATION_ID}`);
  const project = await org.call<{ id: string }>('POST', '/api/projects', {
    organizationId: DEMO_ORGANIZATION_ID,
    title: '西湖景区文明旅游志愿服务',
    categoryCode: 'elderly',
    areaCode: organization.areaCode,
    description: '<p>在断桥、白堤一带引导游客文明游览、排队候船。</p>',
    beneficiaries: '西湖景区游客',
    risks: '节假日人流密集，注意防踩踏与防暑。',
    riskLevel: 'low',
    insuranceRequired: false,
    budgetYuan: null,
    fundingSource: null,
  });
  await org.call('POST', `/api/projects/${project.id}/transitions`, { action: 'submit' });
  await street.call('POST', `/api/projects/${project.id}/transitions`, { action: 'approve' });
  await org.call('POST', `/api/projects/${project.id}/transitions`, { action: 'recruit' });
  const start = Date.now() + 2 * 86_400_000;
  const { ids } = await org.call<{ ids: string[] }>('POST', '/api/activities', {
    projectId: project.id,
    title: ACTIVITY,
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 4 * 3_600_000).toISOString(),
    address: '杭州市西湖区断桥残雪',
    positions: [{ name: '文明引导员', headcount: 5, reviewMode: 'auto' }],
  });
  const activity = await org.call<{ positions: { id: string }[] }>('GET', `/api/activities/${ids[0]}`);
  const enrollment = await volunteer.call<{ id: string; status: string }>('POST', '/api/enrollments', {
    positionId: activity.positions[0].id,
  });
  expect(enrollment.status).toBe('accepted');
  await stack.database.db.execute(
    sql`UPDATE activities SET starts_at = now() - interval '1 minute', ends_at = now() + interval '4 hours' WHERE id = ${ids[0]}`,
  );
  const record = await org.call<{ id: string }>('POST', '/api/records', { enrollmentId: enrollment.id, addedHours: 2, reason: '补录' });
  await org.call('POST', `/api/records/${record.id}/confirm`);
  await Promise.all([org.dispose(), street.dispose(), volunteer.dispose()]);
}

/** Lets Ant Design's motions finish, so a picture shows what a person sees. */
async function settle() {
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY),
  );
}

async function shot(name: string) {
  await settle();
  await screenshot(page, name);
}

const modal = () => page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title') });
const fieldError = (scope: Locator, label: string) =>
  scope.locator('.ant-form-item', { hasText: label }).locator('.ant-form-item-explain-error').textContent();
const chinaYear = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4);

beforeAll(async () => {
  stack = await startStack();
  await confirmedRecord();
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
    await expect.poll(() => page.getByTestId('total-hours').textContent()).toContain('2');
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
    await page.getByTestId('request-correction').click();
    const form = modal();
    await form.getByLabel('理由').fill('签退漏记，实际服务 3 小时，负责人可证明');
    await page.locator('#correction-send').click();
    await expect.poll(() => fieldError(form, '应计时长')).toBe('申请的时长与现有时长相同');
    // A dialog as a person sees it: the viewport (a full-page capture would stretch the page behind its mask).
    await settle();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'records-correction-unchanged.png') });
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
    expect(await row.textContent()).toContain('2 小时');
    code = ((await row.locator('.vn-code').textContent()) ?? '').trim();
    expect(code.length).toBeGreaterThan(8);
    await shot('records-certificate-issued');

    const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('certificate-pdf').click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
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
    expect(facts).toContain('2 小时');
    await shot('records-verify-valid');

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
