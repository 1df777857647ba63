import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs as apiSession } from './api-session.ts';
import { acceptedOn, activityWithPosition, confirmedRecord, moveActivity, recruitingProject } from './api-world.ts';
import { type Stack, settledScreenshot, signInAs, startStack } from './browser.ts';

const CITY = '3301';
const DISTRICT = '330102';
const STREET = '330102001';
const OTHER_DISTRICT = '330106';

let stack: Stack;
let context: BrowserContext;
let page: Page;
const apiAs = (login: string) => apiSession(stack.baseUrl, login);

/** One confirmed record of 3 h for the demo volunteer, so the trend has a month with hours; then the figures are refreshed. */
async function world() {
  const org = await apiAs('org');
  const street = await apiAs('street');
  const volunteer = await apiAs('13800000001');
  const projectId = await recruitingProject(org, street, {
    title: '清波街道敬老助餐服务',
    description: '<p>为社区老人送餐。</p>',
    beneficiaries: '社区老人',
    risks: '注意交通安全。',
  });
  const { activityId, positionId } = await activityWithPosition(org, projectId, {
    title: '敬老助餐（指标看板）',
    address: '杭州市上城区',
    inDays: 2,
    hours: 3,
    position: { name: '送餐员', headcount: 5, reviewMode: 'auto' },
  });
  const enrollmentId = await acceptedOn(volunteer, positionId);
  await moveActivity(stack.database, activityId, '-1 days -5 hours', '-1 days -2 hours');
  await confirmedRecord(org, enrollmentId, 3, '签到设备故障');
  const city = await apiAs('city');
  await city.call('POST', '/api/kpi/refresh');
  await Promise.all([org.dispose(), street.dispose(), volunteer.dispose(), city.dispose()]);
}

/** A tile server's answer: a 256 px PNG in one of two shades, so the tiles show as a checkerboard. */
function tilePng(dark: boolean): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(256, 0);
  header.writeUInt32BE(256, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(256 * 3, dark ? 0xe4 : 0xf2)]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: 256 }, () => row)));
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const TILES = { url: '/map-tiles/{z}/{x}/{y}.png', attribution: '© 测试底图' };
const tileRequests: string[] = [];

beforeAll(async () => {
  stack = await startStack({ mapTiles: TILES });
  await world();
}, 120_000);
afterAll(() => stack.close());

async function freshPage(viewport = { width: 1440, height: 900 }) {
  await context?.close();
  context = await stack.browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true });
  // The city's tile server, answered here: the map asks it for the tiles under the area.
  await context.route('**/map-tiles/**', (route) => {
    const [z, x, y] = (new URL(route.request().url()).pathname.match(/(\d+)\/(\d+)\/(\d+)\.png$/) ?? []).slice(1).map(Number);
    tileRequests.push(`${z}/${x}/${y}`);
    return route.fulfill({ status: 200, contentType: 'image/png', body: tilePng((x + y) % 2 === 0) });
  });
  page = await context.newPage();
}

const shot = (name: string) => settledScreenshot(page, name);
const cardValue = (code: string) => page.getByTestId(`kpi-card-${code}`).getByTestId('kpi-value').textContent();
const areaParam = () => new URL(page.url()).searchParams.get('area');

async function download(testId: string): Promise<{ file: string; name: string }> {
  const [d] = await Promise.all([page.waitForEvent('download') as Promise<Download>, page.getByTestId(testId).click()]);
  return { file: (await d.path()) as string, name: d.suggestedFilename() };
}

describe('KPI dashboard', () => {
  it('lets the city office see its KPIs, drill down to a district and a street, and download the tables and the annual report', async () => {
    await freshPage();
    await signInAs(page, stack.baseUrl, 'city');
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('main-menu').getByText('指标看板').click();
    await page.getByTestId('kpi-card-registeredShare').waitFor();
    // The breadcrumb's names come with the area's own request, not with the KPIs.
    await expect.poll(() => page.getByTestId('kpi-breadcrumb').textContent()).toContain('杭州市');
    expect(await page.getByTestId('kpi-card-hoursPerVolunteer').getByTestId('kpi-name').textContent()).toBe('志愿者人均年服务时长');
    expect(await page.getByTestId('kpi-card-hoursPerVolunteer').getByTestId('kpi-target').textContent()).toContain('≥ 45.0 小时');
    expect(await page.getByTestId('kpi-card-registeredShare').getByTestId('kpi-status').textContent()).toMatch(/达标|未达标|无数据/);
    expect(await cardValue('registeredShare')).toMatch(/%$/);
    await page.getByTestId('kpi-card-hoursPerVolunteer').getByTestId('kpi-sparkline').waitFor();
    await page.getByTestId('kpi-trend-chart').waitFor();
    await page.getByTestId('kpi-map-chart').waitFor();
    // The demand side's KPIs sit beside the others (issue 18).
    await expect.poll(() => page.getByTestId('demand-kpis').textContent()).toContain('按时响应的服务需求比例');
    await expect.poll(() => page.getByTestId('kpi-ranking').locator('tbody tr').count()).toBeGreaterThan(1);
    await shot('kpi-city-zh');

    // Drill down through the ranking: the district, then its first street.
    await page
      .getByTestId('kpi-ranking')
      .getByRole('row', { name: /上城区/ })
      .click();
    await expect.poll(areaParam).toBe(DISTRICT);
    await expect.poll(() => page.getByTestId('kpi-breadcrumb').textContent()).toContain('上城区');
    await expect.poll(() => page.getByTestId('kpi-ranking').locator('tbody tr').first().textContent()).toContain('街道');
    await shot('kpi-district-zh');
    await page
      .getByTestId('kpi-ranking')
      .getByRole('row', { name: /清波街道/ })
      .click();
    await expect.poll(areaParam).toBe(STREET);
    await expect.poll(() => page.getByTestId('kpi-breadcrumb').textContent()).toContain('清波街道');
    await expect.poll(() => page.getByTestId('kpi-ranking').locator('tbody tr').first().textContent()).toContain('社区');
    await page.getByTestId('kpi-map-chart').waitFor();
    // Under the street's map: tiles of Hangzhou (about 30.2° N, 120.2° E) at a street's zoom, with the tile server's credit.
    const streetTiles = () => tileRequests.map((r) => r.split('/').map(Number)).filter(([z]) => z >= 12);
    await expect.poll(() => streetTiles().length).toBeGreaterThan(0);
    for (const [z, x, y] of streetTiles()) {
      expect((x / 2 ** z) * 360 - 180).toBeCloseTo(120.2, 0);
      expect((Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI).toBeCloseTo(30.2, 0);
    }
    expect(await page.getByTestId('kpi-map-attribution').textContent()).toBe('底图：© 测试底图');
    await shot('kpi-street-zh');

    // The ranking of the street's communities as XLSX, as on screen.
    const onScreen = (await page.getByTestId('kpi-rank-area').allTextContents()).map((s) => s.trim());
    const xlsx = await download('kpi-export-ranking');
    expect(xlsx.name).toBe(`kpi-${STREET}-ranking.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx.file);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).values).toContain('区域');
    expect(sheet.getColumn(3).values.slice(2, 2 + onScreen.length)).toEqual(onScreen.slice(0, 10));
    const kpisXlsx = await download('kpi-export-kpis');
    expect(kpisXlsx.name).toBe(`kpi-${STREET}-kpis.xlsx`);

    // Back up to the district through the breadcrumb, and its annual report.
    await page.getByTestId(`crumb-${DISTRICT}`).click();
    await expect.poll(areaParam).toBe(DISTRICT);
    await expect.poll(() => page.getByTestId('kpi-report-pdf').getAttribute('href')).toContain(`/areas/${DISTRICT}/`);
    const pdf = await download('kpi-report-pdf');
    const year = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4);
    expect(pdf.name).toBe(`kpi-report-${DISTRICT}-${year}.pdf`);
    expect(readFileSync(pdf.file).subarray(0, 4).toString()).toBe('%PDF');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf.file, '-'], { encoding: 'utf8' });
    for (const expected of [`上城区 ${year} 年度志愿服务指标报告`, '注册志愿者占常住人口比例', '志愿者人均年服务时长', '清波街道'])
      expect(text).toContain(expected);
  });

  it('shows the KPIs’ names in English after the language switch', async () => {
    // The page asks again in the language on screen at once, while the switch is still being saved on the account.
    await page.getByTestId('language-switch').click();
    await expect
      .poll(() => page.getByTestId('kpi-card-hoursPerVolunteer').getByTestId('kpi-name').textContent())
      .toBe('Service hours per volunteer per year');
    await expect.poll(() => page.getByTestId('kpi-breadcrumb').textContent()).toContain('Shangcheng');
    await page.getByTestId('kpi-map-chart').waitFor();
    await shot('kpi-district-en');
    await page.getByTestId('language-switch').click();
    await expect
      .poll(() => page.getByTestId('kpi-card-hoursPerVolunteer').getByTestId('kpi-name').textContent())
      .toBe('志愿者人均年服务时长');
  });

  it('lets the city office enter the all-platform total and set how the 20-minute walk is reckoned', async () => {
    const card = page.getByTestId('kpi-card-unifiedPlatformShare');
    await card.getByTestId('kpi-enter-total').click();
    const modal = page.getByTestId('kpi-totals-modal');
    // The demo's reconciled figure is the one in force until a newer report is entered (the
    // history comes with a request of its own: until it answers, the table shows no rows).
    await expect
      .poll(() => modal.getByTestId('kpi-totals-history').locator('tbody tr.ant-table-row').first().textContent())
      .toContain('示范数据');
    await modal.getByTestId('kpi-total-save').click();
    await modal.getByText('请填写总人数').waitFor();
    await modal.getByTestId('kpi-total-input').fill('2468');
    await modal.getByTestId('kpi-total-note').fill('中国志愿服务网、志愿汇 11 月报表去重汇总');
    await shot('kpi-total-entry');
    await modal.getByTestId('kpi-total-save').click();
    await expect.poll(() => modal.getByTestId('kpi-totals-history').locator('tbody tr').first().textContent()).toContain('2,468');
    expect(await modal.getByTestId('kpi-totals-history').locator('tbody tr').first().textContent()).toContain('现行');
    await page.keyboard.press('Escape');
    await expect.poll(() => card.textContent()).toContain('/ 2,468');

    // The walk: a faster pace reaches farther, and the map says so once saved.
    await page.getByTestId('kpi-walk-settings').click();
    const walk = page.getByTestId('kpi-walk-modal');
    await walk.getByTestId('kpi-walk-speed').fill('6');
    await expect.poll(() => walk.getByTestId('kpi-walk-radius').textContent()).toContain('1.54');
    await shot('kpi-walk-settings');
    await walk.getByTestId('kpi-walk-save').click();
    await walk.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('kpi-map').textContent()).toContain('1.54');
  });

  it('keeps a district office within its own district', async () => {
    await freshPage();
    await signInAs(page, stack.baseUrl, 'district');
    await page.getByTestId('welcome').waitFor();
    await page.goto(`${stack.baseUrl}/kpi`);
    await page.getByTestId('kpi-card-registeredShare').waitFor();
    // It starts at its own district; the city above is shown but not a link (the names come with the area's own request).
    await expect.poll(() => page.getByTestId('kpi-breadcrumb').textContent()).toContain('上城区');
    expect(await page.getByTestId('kpi-breadcrumb').locator(`a[data-testid="crumb-${CITY}"]`).count()).toBe(0);
    await page.goto(`${stack.baseUrl}/kpi?area=${OTHER_DISTRICT}`);
    await page.getByTestId('kpi-error').waitFor();
    expect(await page.getByTestId('kpi-cards').count()).toBe(0);
    expect(await page.getByText('西湖区').count()).toBe(0);
    await shot('kpi-other-district-refused');
    await page.getByTestId('kpi-back-home').click();
    await expect.poll(areaParam).toBe(DISTRICT);
    await page.getByTestId('kpi-card-registeredShare').waitFor();

    // On a phone the cards stack and the charts keep to the screen's width.
    await freshPage({ width: 390, height: 844 });
    await signInAs(page, stack.baseUrl, 'district');
    await page.getByTestId('menu-button').waitFor();
    await page.goto(`${stack.baseUrl}/kpi?area=${STREET}`);
    await page.getByTestId('kpi-card-registeredShare').waitFor();
    await page.getByTestId('kpi-map-chart').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot('kpi-street-phone');
    await page.screenshot({ path: 'test-results/screenshots/kpi-street-phone-full.png', fullPage: true });

    const api = await apiAs('district');
    await expect(api.call('GET', `/api/kpi/areas/${OTHER_DISTRICT}`)).rejects.toThrow();
    await api.dispose();
  });
});
