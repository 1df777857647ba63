import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { type BrowserContext, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.ts';
import { apiAs as apiSession } from './api-session.ts';
import { acceptedOn, activityWithPosition, confirmedRecord, moveActivity, recruitingProject } from './api-world.ts';
import { dialogShot, type Stack, settledScreenshot, signInAs, startStack } from './browser.ts';

let stack: Stack;
let context: BrowserContext;
let page: Page;
let volunteerNo: string;
let liveActivityId: string;
let deviceKey: string;

const VOLUNTEER = '13800000001';
const READER = '断桥东门读卡器';
// A card nobody holds, unique to this run, so the test finds its own row among the demo's.
const LOST_CARD = `LOST${Date.now().toString(36).toUpperCase()}`;

const apiAs = (login: string) => apiSession(stack.baseUrl, login);

/**
 * The volunteer accepted on two activities of the demo organization: one that took place
 * yesterday, with a confirmed record of 2 added hours (so the ledger has an entry of ours), and
 * one under way now, where the card reader's check-in lands. Activities cannot be planned in the
 * past, so both are planned ahead, applied for, and then moved in the database.
 */
async function world() {
  const org = await apiAs('org');
  const street = await apiAs('street');
  const volunteer = await apiAs(VOLUNTEER);
  volunteerNo = (await volunteer.call<{ volunteerNo: string }>('GET', '/api/volunteers/me')).volunteerNo;
  const projectId = await recruitingProject(org, street, {
    title: '断桥游客服务点',
    description: '<p>在断桥游客服务点提供问询与引导。</p>',
    beneficiaries: '西湖景区游客',
    risks: '人流密集，注意防踩踏。',
  });
  const enrollIn = async (title: string, inDays: number) => {
    const { activityId, positionId } = await activityWithPosition(org, projectId, {
      title,
      address: '杭州市西湖区断桥残雪',
      inDays,
      hours: 4,
      position: { name: '问询引导员', headcount: 5, reviewMode: 'auto' },
    });
    return { activityId, enrollmentId: await acceptedOn(volunteer, positionId) };
  };
  const past = await enrollIn('断桥问询（昨日）', 2);
  const live = await enrollIn('断桥问询（今日）', 3);
  await moveActivity(stack.database, past.activityId, '-26 hours', '-22 hours');
  await moveActivity(stack.database, live.activityId, '-1 minute', '4 hours');
  liveActivityId = live.activityId;
  await confirmedRecord(org, past.enrollmentId, 2, '补录');
  await Promise.all([org.dispose(), street.dispose(), volunteer.dispose()]);
}

/** What the reader sends, as a device would: no session, only its key. */
async function upload(key: string, events: { id: string; card: string; at: Date; kind?: 'in' | 'out' }[]) {
  const device = await request.newContext({ baseURL: stack.baseUrl });
  const response = await device.post('/api/attendance/device-events', { data: { events }, headers: { 'x-device-key': key } });
  const answer = { status: response.status(), body: await response.json() };
  await device.dispose();
  return answer;
}

const shot = (name: string) => settledScreenshot(page, name);
const shotDialog = (name: string) => dialogShot(page, name);

const rows = (testId: string, text: string) => page.getByTestId(testId).locator('tbody tr.ant-table-row', { hasText: text });
const menu = (label: string) => page.getByTestId('main-menu').getByText(label, { exact: true });

beforeAll(async () => {
  stack = await startStack();
  await world();
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.baseUrl });
  page = await context.newPage();
});
afterAll(() => stack.close());

describe('attendance review, card readers and the ledger check in the browser', () => {
  it('registers a card reader and shows its key once, with a copy button', async () => {
    await signInAs(page, stack.baseUrl, 'org');
    await page.getByTestId('welcome').waitFor();
    await menu('读卡设备').click();
    await page.waitForURL(/\/attendance\/devices/);
    await expect.poll(() => page.getByTestId('organization-name').textContent()).toBe('西湖义工队');
    await page.getByTestId('device-register').click();
    await page.getByTestId('device-name').fill(READER);
    await page.locator('#device-register-submit').click();
    const key = page.getByTestId('device-key');
    await key.waitFor();
    deviceKey = ((await key.textContent()) ?? '').trim();
    expect(deviceKey).toMatch(/^vnd_/);
    expect(await page.getByTestId('device-key-warning').textContent()).toContain('不再显示');
    // The Clipboard API writes only from the focused window.
    await page.bringToFront();
    await page.getByTestId('device-key-copy').click();
    await expect.poll(() => page.getByTestId('device-key-copy').textContent()).toContain('已复制');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(deviceKey);
    await shotDialog('attendance-device-key');
    await page.getByTestId('device-key-done').click();

    const row = rows('device-table', READER);
    await expect.poll(() => row.textContent()).toContain(deviceKey.slice(0, 8));
    expect(await row.textContent()).toContain('使用中');
    expect(await row.textContent()).toContain('从未上传');
    // The key itself is never listed again.
    expect(await page.getByTestId('device-table').textContent()).not.toContain(deviceKey);
  });

  it('queues the reader’s doubtful taps for review, with the person masked and the doubts in words', async () => {
    const taps = await upload(deviceKey, [
      { id: `lost-${LOST_CARD}`, card: LOST_CARD, at: new Date(Date.now() - 5 * 60_000) },
      // An hour ahead: the reader's clock runs fast, so the check-in waits for a person to look.
      { id: `early-${LOST_CARD}`, card: volunteerNo, at: new Date(Date.now() + 3_600_000), kind: 'in' },
    ]);
    expect(taps.status).toBe(200);
    // Stored at once; judged in the background, so the queue below is polled until they show.
    expect(taps.body.results.map((r: { status: string }) => r.status)).toEqual(['received', 'received']);
    await page.reload();
    await expect.poll(() => rows('device-table', READER).textContent()).not.toContain('从未上传');
    // The page shows the queue as it is when opened: wait until the background has judged the taps.
    await expect
      .poll(async () => rowsOf<{ n: number }>(await stack.database.db.execute(sql`select count(*)::int as n from device_inbox`))[0].n)
      .toBe(0);

    await menu('签到复核').click();
    await page.waitForURL(/\/attendance\/review/);
    const lost = rows('review-table', LOST_CARD);
    await expect.poll(() => lost.count()).toBe(1);
    expect(await lost.textContent()).toContain('卡号未匹配到志愿者');
    expect(await lost.textContent()).toContain('未匹配到活动');
    expect(await lost.textContent()).toContain(`设备：${READER}`);
    const early = rows('review-table', volunteerNo);
    await expect.poll(() => early.count()).toBe(1);
    expect(await early.textContent()).toContain('张*愿');
    expect(await early.textContent()).not.toContain('张志愿');
    expect(await early.textContent()).toContain('断桥问询（今日）');
    expect(await early.textContent()).toContain('时间晚于当前时间');
    await shot('attendance-review-queue');

    // On a phone the activity and the doubts go under the person, and the buttons stay in view.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.getByTestId('review-table').locator('thead th', { hasText: '疑点' }).count()).toBe(0);
    expect(await early.textContent()).toContain('时间晚于当前时间');
    await shot('attendance-review-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect.poll(() => page.getByTestId('review-table').locator('thead th', { hasText: '疑点' }).count()).toBe(1);
  });

  it('refuses to accept the unknown card, insists on a note to dismiss it, then dismisses it', async () => {
    const lost = rows('review-table', LOST_CARD);
    await lost.getByTestId('review-accept').click();
    await expect.poll(() => page.getByTestId('review-refusal').textContent()).toContain('无法采纳');
    expect(await page.getByTestId('review-refusal').textContent()).toContain(LOST_CARD);
    expect(await lost.count()).toBe(1);
    await shot('attendance-review-refused');

    await lost.getByTestId('review-dismiss').click();
    await page.locator('#dismiss-confirm').click();
    const noteError = page.locator('.ant-modal .ant-form-item', { hasText: '驳回说明' }).locator('.ant-form-item-explain-error');
    await expect.poll(() => noteError.textContent()).toBe('请填写驳回说明');
    await shotDialog('attendance-review-dismiss-note-required');
    await page.getByTestId('dismiss-note').fill('遗失卡片被他人使用，负责人核实非本人');
    await page.locator('#dismiss-confirm').click();
    await expect.poll(() => lost.count()).toBe(0);
    await expect.poll(() => page.locator('.ant-modal').isVisible()).toBe(false);
  });

  it('accepts the volunteer’s check-in from the roster: it opens their record', async () => {
    const early = rows('review-table', volunteerNo);
    await early.getByTestId('review-accept').click();
    await expect.poll(() => early.count()).toBe(0);
    const org = await apiAs('org');
    const sheet = await org.call<{ people: { volunteerNo: string; state: string; recordStatus: string | null }[] }>(
      'GET',
      `/api/attendance/sheet/${liveActivityId}`,
    );
    await org.dispose();
    expect(sheet.people.find((p) => p.volunteerNo === volunteerNo)).toMatchObject({ state: 'in', recordStatus: 'pending' });
  });

  it('revokes the reader after confirmation, and its uploads are refused', async () => {
    await menu('读卡设备').click();
    const row = rows('device-table', READER);
    await row.getByTestId('device-revoke').click();
    await page.locator('.ant-popconfirm').getByText('吊销后该设备上传的记录将被拒绝').waitFor();
    await shot('attendance-device-revoke-confirm');
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /吊\s*销/ })
      .click();
    await expect.poll(() => row.getByTestId('device-status').textContent()).toBe('已吊销');
    expect(await row.getByTestId('device-revoke').count()).toBe(0);
    await shot('attendance-devices-revoked');

    const refused = await upload(deviceKey, [{ id: `after-${LOST_CARD}`, card: volunteerNo, at: new Date() }]);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
  });

  it('lets the auditor check the ledger: intact, then the entry altered behind the database’s back', async () => {
    await context.close();
    context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    page = await context.newPage();
    await signInAs(page, stack.baseUrl, 'auditor');
    await page.getByTestId('welcome').waitFor();
    await menu('台账核验').click();
    await page.waitForURL(/\/ledger$/);
    await page.getByTestId('ledger-start').click();
    const verdict = page.getByTestId('ledger-verdict');
    await expect.poll(() => verdict.getAttribute('data-status')).toBe('intact');
    expect(await verdict.textContent()).toContain('台账完好');
    expect((await page.getByTestId('ledger-head').textContent())?.trim()).toMatch(/^[0-9a-f]{64}$/);
    const first = await page.getByTestId('ledger-current').getAttribute('data-check');
    await shot('ledger-intact');
    // A signed checkpoint, downloaded to be kept outside the database.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ledger-download').click()]);
    const checkpointFile = await download.path();
    const checkpoint = JSON.parse(readFileSync(checkpointFile, 'utf8'));
    expect(download.suggestedFilename()).toBe(`volunet-ledger-hours-${checkpoint.seq}.json`);
    expect(checkpoint).toMatchObject({ ledger: 'hours', head: (await page.getByTestId('ledger-head').textContent())?.trim() });
    expect(await page.getByTestId('ledger-downloaded').textContent()).toContain(`第 ${checkpoint.seq} 条`);

    const [{ seq }] = rowsOf<{ seq: string }>(await stack.database.db.execute(sql`select max(seq)::text as seq from ledger_entries`));
    await stack.database.db.transaction(async (tx) => {
      await tx.execute(sql`alter table ledger_entries disable trigger user`);
      await tx.execute(sql`update ledger_entries set hours = hours + 10 where seq = ${Number(seq)}`);
      await tx.execute(sql`alter table ledger_entries enable trigger user`);
    });
    await page.getByTestId('ledger-start').click();
    await expect.poll(() => page.getByTestId('ledger-current').getAttribute('data-check')).not.toBe(first);
    await expect.poll(() => verdict.getAttribute('data-status')).toBe('broken');
    expect(await page.getByTestId('ledger-finding').textContent()).toBe(`第 ${seq} 条记录被篡改`);
    await expect.poll(() => rows('ledger-history', `第 ${seq} 条记录被篡改`).count()).toBe(1);
    await shot('ledger-broken');

    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('ledger-finding').textContent()).toBe(`Entry ${seq} was altered`);
    expect(await menu('Ledger check').count()).toBe(1);
    await shot('ledger-broken-en');

    // The altered entry put back, then the tail cut and the history of checks deleted: only the
    // checkpoint kept outside the database shows what is missing.
    await stack.database.db.transaction(async (tx) => {
      await tx.execute(sql`alter table ledger_entries disable trigger user`);
      await tx.execute(sql`update ledger_entries set hours = hours - 10 where seq = ${Number(seq)}`);
      await tx.execute(sql`delete from ledger_entries where seq = ${Number(seq)}`);
      await tx.execute(sql`alter table ledger_entries enable trigger user`);
      await tx.execute(sql`delete from ledger_checks`);
    });
    await page.getByTestId('ledger-upload').locator('input[type=file]').setInputFiles(checkpointFile);
    await expect
      .poll(() => page.getByTestId('ledger-finding').textContent())
      .toBe(`Entry ${seq} was cut off (the ledger ends before the checkpoint)`);
    expect(await page.getByTestId('ledger-against').textContent()).toBe(`Held against the checkpoint at entry ${checkpoint.seq}`);
    await shot('ledger-truncated-en');
  });
});
