import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { type BrowserContext, type Locator, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.ts';
import { DEMO_PASSWORD } from '../../src/modules/demo/index.ts';
import { apiAs as apiSession } from './api-session.ts';
import { acceptedOn, activityWithPosition, addedRecord, confirmedRecord, moveActivity, recruitingProject } from './api-world.ts';
import { dialogShot as dialogShotOf, type Stack, settledScreenshot, signInAs, startStack } from './browser.ts';

let stack: Stack;
let context: BrowserContext;
let page: Page;

const VOLUNTEER = '13800000001';
/** Four activities of 4 h each, one record apiece for the demo volunteer; each step of the journey has its own. */
const TITLES = {
  overdue: '断桥文明引导（补全）',
  confirm: '白堤文明引导（确认）',
  reject: '苏堤文明引导（退回）',
  correct: '孤山文明引导（更正）',
};
type Key = keyof typeof TITLES;
const activityIds = {} as Record<Key, string>;
const recordIds = {} as Record<Key, string>;
let certificateCode: string;
let certificateId: string;

const apiAs = (login: string) => apiSession(stack.baseUrl, login);

/**
 * Activities cannot be planned in the past, so each is planned ahead, applied for, and then moved
 * back in the database: the 'overdue' one 20 days back (past the 10 working days of Art 11), the
 * others a day or so back. Records are then made through the API (one of them from the roster, in
 * the browser), a correction asked for and a certificate issued, as the volunteer.
 */
async function world() {
  const org = await apiAs('org');
  const street = await apiAs('street');
  const volunteer = await apiAs(VOLUNTEER);
  const projectId = await recruitingProject(org, street, {
    title: '西湖文明引导服务记录',
    description: '<p>在西湖沿线引导游客文明游览。</p>',
    beneficiaries: '西湖景区游客',
    risks: '人流密集，注意防踩踏。',
  });
  const enrollments = {} as Record<Key, string>;
  for (const [i, key] of (Object.keys(TITLES) as Key[]).entries()) {
    const { activityId, positionId } = await activityWithPosition(org, projectId, {
      title: TITLES[key],
      address: '杭州市西湖区',
      inDays: 2 + i,
      hours: 4,
      position: { name: '文明引导员', headcount: 5, reviewMode: 'auto' },
    });
    activityIds[key] = activityId;
    enrollments[key] = await acceptedOn(volunteer, positionId);
    const daysBack = key === 'overdue' ? 20 : i;
    await moveActivity(stack.database, activityId, `-${daysBack} days -5 hours`, `-${daysBack} days -1 hour`);
  }
  const [begun] = rowsOf<{ starts_at: string }>(
    await stack.database.db.execute(sql`select starts_at::text from activities where id = ${activityIds.overdue}`),
  );
  const checkIn = new Date(begun.starts_at);
  // Checked in, never out: pending and missing its check-out.
  recordIds.overdue = (
    await org.call<{ id: string }>('POST', '/api/records', { enrollmentId: enrollments.overdue, checkInAt: checkIn })
  ).id;
  recordIds.confirm = await addedRecord(org, enrollments.confirm, 3, '签到设备故障');
  recordIds.correct = await confirmedRecord(org, enrollments.correct, 2, '签到设备故障');
  await volunteer.call('POST', `/api/records/${recordIds.correct}/corrections`, {
    requestedHours: 3.5,
    reason: '实际服务到 16:30，负责人可证明',
  });
  const year = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4);
  const certificate = await volunteer.call<{ id: string; code: string }>('POST', '/api/certificates', {
    from: `${year}-01-01`,
    to: `${year}-12-31`,
  });
  [certificateCode, certificateId] = [certificate.code, certificate.id];
  await Promise.all([org.dispose(), street.dispose(), volunteer.dispose()]);
}

/** The volunteer's certificate PDF, saved to a file as their browser would save it. */
async function downloadedPdf(id: string) {
  const api = await request.newContext({ baseURL: stack.baseUrl });
  await api.post('/api/auth/sign-in', { data: { login: VOLUNTEER, password: DEMO_PASSWORD } });
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'volunet-e2e-')), `certificate-${certificateCode}.pdf`);
  writeFileSync(file, await (await api.get(`/api/certificates/${id}/pdf`)).body());
  await api.dispose();
  return file;
}

const shot = (name: string) => settledScreenshot(page, name);
const dialogShot = (name: string) => dialogShotOf(page, name);

const modal = () => page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title') });
const fieldError = (scope: Locator, label: string) =>
  scope.locator('.ant-form-item', { hasText: label }).locator('.ant-form-item-explain-error').allTextContents();
const pendingRow = (key: Key) => page.getByTestId('pending-table').locator(`tr[data-record="${recordIds[key]}"]`);
const response = (method: string, pattern: RegExp) =>
  page.waitForResponse((r) => r.request().method() === method && pattern.test(new URL(r.url()).pathname));

beforeAll(async () => {
  stack = await startStack();
  await world();
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  page = await context.newPage();
});
afterAll(() => stack.close());

describe('the organization’s service records and the office’s certificates, in the browser', () => {
  it('records service from the roster for an accepted volunteer without a record', async () => {
    await signInAs(page, stack.baseUrl, 'org');
    await page.getByTestId('welcome').waitFor();
    await page.goto(`${stack.baseUrl}/activities/${activityIds.reject}`);
    const roster = page.getByTestId('roster');
    await roster.getByTestId('record-service').click();
    const form = modal();
    await form.getByLabel('补录时长', { exact: true }).fill('1');
    await form.getByLabel('补录理由').fill('现场签到二维码无法打开');
    const made = response('POST', /^\/api\/records$/);
    await page.locator('#record-ok').click();
    recordIds.reject = ((await (await made).json()) as { id: string }).id;
    await expect.poll(() => roster.getByTestId('record-status').textContent()).toContain('待确认');
    await shot('records-office-roster');
  });

  it('lists pending records with the Art 11 deadline, the overdue one marked and first', async () => {
    await page.getByTestId('main-menu').getByText('服务记录管理').click();
    await page.waitForURL(/\/records$/);
    // The demo organization has records of its own waiting; this test's activities all name 文明引导.
    await page.getByTestId('pending-search').locator('input').fill('文明引导');
    const overdue = pendingRow('overdue');
    await expect.poll(() => overdue.getAttribute('data-overdue')).toBe('true');
    expect(await overdue.getByTestId('overdue').textContent()).toBe('已逾期');
    expect(await overdue.getByTestId('no-check-out').textContent()).toBe('缺少签退');
    const text = (await overdue.textContent()) ?? '';
    expect(text).toContain(TITLES.overdue);
    expect(text).toContain('张*愿');
    expect(text).not.toContain('张志愿');
    expect(text).toContain('手工录入');
    expect(await pendingRow('confirm').getAttribute('data-overdue')).toBe('false');
    // Overdue first, whatever else the demo holds.
    expect(await page.getByTestId('pending-table').locator('tbody tr.ant-table-row').first().getAttribute('data-overdue')).toBe('true');
    await page.getByTestId('overdue-only').click();
    await expect.poll(() => pendingRow('confirm').count()).toBe(0);
    expect(await overdue.count()).toBe(1);
    await shot('records-office-overdue-only');
    await page.getByTestId('overdue-only').click();
    await expect.poll(() => pendingRow('confirm').count()).toBe(1);
    await shot('records-office-pending');
  });

  it('completes the overdue record with added hours, refusing more than the activity’s length on the field', async () => {
    await pendingRow('overdue').getByTestId('complete-record').click();
    const form = modal();
    await form.getByLabel('补录时长', { exact: true }).fill('9');
    await form.getByLabel('补录理由').fill('提前到场布置');
    const refused = response('PATCH', /^\/api\/records\//);
    await page.locator('#complete-ok').click();
    expect((await refused).status()).toBe(400);
    await expect.poll(() => fieldError(form, '补录时长')).toEqual(['补录时长不能超过活动时长 4 小时']);
    await dialogShot('records-office-added-too-many');
    await form.getByLabel('补录时长', { exact: true }).fill('2');
    const saved = response('PATCH', /^\/api\/records\//);
    await page.locator('#complete-ok').click();
    expect((await saved).status()).toBe(200);
    await expect.poll(() => form.isVisible()).toBe(false);
    await expect.poll(() => pendingRow('overdue').locator('td').nth(4).textContent()).toBe('2');
  });

  it('confirms one record and rejects another with a reason', async () => {
    await pendingRow('confirm').getByTestId('confirm-record').click();
    const confirmed = response('POST', /\/confirm$/);
    await page.locator(`#confirm-ok-${recordIds.confirm}`).click();
    expect((await confirmed).status()).toBe(200);
    await expect.poll(() => pendingRow('confirm').count()).toBe(0);

    await pendingRow('reject').getByTestId('reject-record').click();
    const form = modal();
    await page.locator('#reject-ok').click();
    await expect.poll(() => fieldError(form, '退回理由')).toEqual(['请填写理由']);
    await form.getByTestId('reject-reason').fill('当天未到岗，签到记录为代签');
    const rejected = response('POST', /\/reject$/);
    await page.locator('#reject-ok').click();
    expect((await rejected).status()).toBe(200);
    await expect.poll(() => pendingRow('reject').count()).toBe(0);
  });

  it('accepts the volunteer’s correction and shows the original entry and the correction side by side', async () => {
    await page.getByTestId('corrections-tab').click();
    const row = page.getByTestId('corrections-table').locator(`tr[data-record="${recordIds.correct}"]`);
    await expect.poll(() => row.textContent()).toContain('实际服务到 16:30');
    expect(await row.textContent()).toContain('3.5');
    await shot('records-office-corrections');
    await row.getByTestId('accept-correction').click();
    const decided = response('POST', /\/decision$/);
    await page.locator('#decide-ok').click();
    expect((await decided).status()).toBe(200);
    const history = page.getByTestId('record-history');
    const entries = history.getByTestId('history-entries').locator('tbody tr.ant-table-row');
    await expect.poll(() => entries.count()).toBe(2);
    expect(await entries.nth(0).getAttribute('data-kind')).toBe('added');
    expect(await entries.nth(0).textContent()).toContain('+2');
    expect(await entries.nth(1).getAttribute('data-kind')).toBe('correction');
    expect(await entries.nth(1).textContent()).toContain('+1.5');
    expect(await history.getByTestId('history-total').textContent()).toBe('3.5');
    expect(await history.getByTestId('history-corrections').textContent()).toContain('已同意');
    // The picture shows the drawer itself, once the passing notices have gone.
    await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    await dialogShot('records-office-history');
  });

  it('reads in English', async () => {
    await page.locator('.ant-drawer-close').click();
    await expect.poll(() => page.getByTestId('record-history').isVisible()).toBe(false);
    await page.getByTestId('language-switch').click();
    await page.locator('.ant-tabs-tab', { hasText: 'Awaiting confirmation' }).click();
    await expect.poll(() => pendingRow('overdue').getByTestId('overdue').textContent()).toBe('Overdue');
    expect(await page.getByTestId('pending-records').textContent()).toContain('10 working days');
    await shot('records-office-pending-en');
    // The language is the account's setting: back to Chinese for whoever signs in next.
    await page.getByTestId('language-switch').click();
    await expect.poll(() => pendingRow('overdue').getByTestId('overdue').textContent()).toBe('已逾期');
  });

  it('lets the district office revoke a certificate with a reason, and the public page then says revoked', async () => {
    // The volunteer's copy of the PDF from before the revocation.
    const certificatePdf = await downloadedPdf(certificateId);
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/sign-in/);
    await signInAs(page, stack.baseUrl, 'district');
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('main-menu').getByText('证明核验与撤销').click();
    await page.waitForURL(/\/certificates$/);
    await page.getByLabel('核验码').fill(certificateCode.toLowerCase());
    await page.getByTestId('certificate-lookup').click();
    await expect.poll(() => page.getByTestId('verify-verdict').textContent()).toBe('有效');
    expect(await page.getByTestId('verify-facts').textContent()).toContain('张*愿');
    await page.getByTestId('revoke-certificate').click();
    const form = modal();
    await page.locator('#revoke-ok').click();
    await expect.poll(() => fieldError(form, '撤销理由')).toEqual(['请填写撤销理由']);
    await form.getByTestId('revoke-reason').fill('所含服务记录经核查有误');
    const revoked = response('POST', /\/revoke$/);
    await page.locator('#revoke-ok').click();
    expect((await revoked).status()).toBe(204);
    await expect.poll(() => page.getByTestId('verify-verdict').textContent()).toBe('已撤销');
    await shot('records-office-certificate-revoked');

    await page.goto(`${stack.baseUrl}/verify/${certificateCode}`);
    await expect.poll(() => page.getByTestId('verify-verdict').textContent()).toBe('已撤销');
    expect(await page.getByTestId('verify-result').textContent()).toContain('所含服务记录经核查有误');
    await shot('records-office-verify-revoked');

    // The PDF downloaded before the revocation still carries a good signature; the page asks the registry too.
    const pdfCard = page.getByTestId('verify-pdf');
    await pdfCard.locator('input[type=file]').setInputFiles(certificatePdf);
    await expect.poll(() => pdfCard.getByTestId('verify-verdict').textContent()).toBe('已撤销');
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    expect(await pdfCard.getByTestId('verify-result').textContent()).toContain(`撤销日期：${today}`);
    expect(await pdfCard.getByTestId('verify-result').textContent()).toContain('所含服务记录经核查有误');
    await pdfCard.scrollIntoViewIfNeeded();
    await shot('records-office-verify-pdf-revoked');
  });
});
