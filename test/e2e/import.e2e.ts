import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/client.ts';
import { makeResidentId } from '../../src/domain/identity/index.ts';
import { personOf } from '../synthetic-import.ts';
import { type Stack, screenshot, signInAs, startStack } from './browser.ts';

let stack: Stack;
let context: BrowserContext;
let page: Page;
let community: string;
beforeAll(async () => {
  stack = await startStack();
  // A community inside the district office's own area: rows elsewhere would be refused as out of scope.
  [{ code: community }] = rowsOf<{ code: string }>(
    await stack.database.db.execute(sql`select a.code from areas a
      where a.level = 'community' and a.code like (select g.area_code from role_grants g join accounts c on c.id = g.account_id
        where c.username = 'district') || '%'
      order by a.code limit 1`),
  );
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  page = await context.newPage();
  await signInAs(page, stack.baseUrl, 'district');
  await page.getByTestId('welcome').waitFor();
});
afterAll(() => stack.close());

const GOOD_ID = makeResidentId('330102', '1990-04-12', '028');
const ID_2 = makeResidentId('330102', '1985-11-02', '013');
const ID_4 = makeResidentId('330102', '1978-02-27', '051');
// The right digits with the wrong check character: the kind of typo a platform export carries.
const BAD_ID = ((id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1'))(makeResidentId('330102', '1995-08-30', '064'));

/** A Zhiyuanhui export: its own column names, one bad ID number, one skill the catalog lacks. */
const firstFile = () =>
  Buffer.from(
    [
      '用户ID,姓名,证件号,手机,社区编码,个人技能',
      `Z001,孙晓雯,${GOOD_ID},19912340001,${community},`,
      `Z002,周建国,${ID_2},19912340002,${community},`,
      `Z003,吴丽华,${BAD_ID},19912340003,${community},`,
      `Z004,郑海涛,${ID_4},19912340004,${community},吹糖人`,
    ].join('\n'),
  );

async function chooseSource(name: string) {
  await page.getByTestId('import-source').click();
  await page.locator('.ant-select-item-option').filter({ hasText: name }).click();
}

async function upload(fileName: string, content: Buffer) {
  await page.locator('input[type=file]').setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: content });
  await page.getByTestId('import-upload').click();
  await page.getByTestId('import-preview').waitFor();
}

/** Lets antd's motion (modal zoom, segmented thumb) end, so a screenshot shows the settled page; endless spinners excepted. */
const settled = () =>
  page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().endTime !== Number.POSITIVE_INFINITY)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );

const count = (key: string) => page.getByTestId(`count-${key}`).locator('.ant-statistic-content-value').textContent();
// The job page's own line, not a status tag the page being left may still show.
const progressText = () => page.getByTestId('import-progress-text').textContent();

describe('importing volunteers from other platforms', () => {
  it('previews a file, naming the bad row and field, imports it, and keeps the progress over a reload', async () => {
    await page.getByTestId('main-menu').getByText('导入与查重').click();
    await page.waitForURL(/\/import$/);
    await chooseSource('志愿汇');
    // A header without the columns a row needs: the server's check of the file fails whole, naming what is missing.
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: '名单.csv', mimeType: 'text/csv', buffer: Buffer.from('编号,姓名,备注\n1,张三,x\n') });
    await page.getByTestId('import-upload').click();
    await expect.poll(() => page.getByTestId('preview-failed').textContent()).toContain('表头');
    expect(await page.getByTestId('preview-failed').textContent()).toContain('phone');
    expect(await page.getByTestId('preview-failed').textContent()).toContain('预检未通过');
    await settled();
    await screenshot(page, 'import-header-error');

    await upload('志愿汇导出.csv', firstFile());

    expect(await count('rows')).toBe('4');
    expect(await count('created')).toBe('3');
    expect(await count('rejected')).toBe('1');
    const issues = page.getByTestId('preview-issues').locator('tbody tr.ant-table-row');
    await expect.poll(() => issues.count()).toBe(1);
    const issue = (await issues.first().locator('td').allTextContents()).map((s) => s.trim());
    expect(issue.slice(0, 3)).toEqual(['4', 'Z003', '证件号码']);
    expect(await page.getByTestId('preview-warnings').textContent()).toContain('吹糖人');
    expect(await page.getByTestId('preview-mapping').textContent()).toContain('社区编码');
    await screenshot(page, 'import-preview');

    await page.getByTestId('import-start').click();
    await page.waitForURL(/\/import\/[0-9a-f-]{36}$/);
    await expect.poll(progressText).toBe('导入完成：共 4 行');
    // Progress is the server's: a reload shows the same job where it ended.
    await page.reload();
    await expect.poll(progressText).toBe('导入完成：共 4 行');
    expect(await page.getByTestId('import-status').textContent()).toBe('已完成');
    expect(await count('created')).toBe('3');
    expect(await count('rejected')).toBe('1');

    // The rows table, filtered to the rows that were not imported.
    await page.getByTestId('rows-outcome').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '未导入' }).click();
    await page.locator('.ant-select-dropdown').waitFor({ state: 'hidden' });
    const rows = page.getByTestId('import-rows').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Z003');
    await screenshot(page, 'import-job-completed');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-report').click()]);
    expect(download.suggestedFilename()).toMatch(/^import-report-.*\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const cells = workbook.worksheets.flatMap((sheet) => sheet.getSheetValues().flat().map(String));
    expect(cells).toContain('Z003');
  });

  it('warns before importing the same file again, and imports it anyway when asked', async () => {
    await page.goto(`${stack.baseUrl}/import`);
    // The file with the bad header, and the one imported.
    await expect.poll(() => page.getByTestId('import-jobs').locator('tbody tr.ant-table-row').count()).toBe(2);
    expect(await page.getByTestId('import-jobs').textContent()).toContain('已完成');
    expect(await page.getByTestId('import-jobs').textContent()).toContain('失败');
    await chooseSource('志愿汇');
    await upload('志愿汇导出（副本）.csv', firstFile());
    await page.getByTestId('already-imported').waitFor();
    expect(await count('unchanged')).toBe('3');
    await page.getByTestId('import-start').click();
    await page.locator('.ant-modal-confirm-title').getByText('该文件已导入过').waitFor();
    expect(await page.locator('.ant-modal-confirm-content').textContent()).toMatch(/^该文件已于 \d{4}-\d\d-\d\d \d\d:\d\d 完整导入过/);
    await settled();
    await screenshot(page, 'import-already-imported');
    await page.locator('#import-anyway').click();
    await page.waitForURL(/\/import\/[0-9a-f-]{36}$/);
    await expect.poll(progressText).toBe('导入完成：共 4 行');
    expect(await count('unchanged')).toBe('3');
  });

  it('queues a second file’s same name and phone without an ID number, merges the pair and undoes it', async () => {
    await page.goto(`${stack.baseUrl}/import`);
    await chooseSource('中国志愿服务网');
    await upload(
      '全国系统导出.csv',
      Buffer.from(['志愿者ID,姓名,手机号码,所在区划代码,学历', `C9001,孙晓雯,19912340001,${community},本科`].join('\n')),
    );
    expect(await count('candidates')).toBe('1');
    await page.getByTestId('import-start').click();
    await expect.poll(progressText).toBe('导入完成：共 1 行');

    await page.getByTestId('main-menu').getByText('导入与查重').click();
    await page.waitForURL(/\/import$/);
    await page.getByTestId('import-nav').getByText('疑似重复').click();
    await page.waitForURL(/\/import\/duplicates$/);
    const pair = page.getByTestId('duplicate-pair');
    await expect.poll(() => pair.count()).toBe(1);
    // The tab's count comes with a request of its own, not with the pairs.
    await expect.poll(() => page.getByTestId('open-duplicates').textContent()).toBe('1');
    // The older record has the ID number: it is the one suggested to keep.
    expect(await pair.getByTestId('side-record').getByTestId('doc').textContent()).toMatch(/^3301\*+\d{3}[\dX]$/);
    expect(await pair.getByTestId('side-other').getByTestId('doc').textContent()).toBe('无');
    expect(await pair.getByTestId('side-other').textContent()).toContain('中国志愿服务网（全国志愿服务信息系统） · C9001');
    expect(await pair.getByTestId('side-record').textContent()).toContain('建议保留');
    await screenshot(page, 'import-duplicates-open');

    await pair.getByTestId('merge-into-record').click();
    const title = page.locator('.ant-modal-confirm-title');
    await expect.poll(() => title.textContent()).toMatch(/^合并到 V\d+？$/);
    expect(await page.locator('.ant-modal-confirm-content').textContent()).toContain('合并可以撤销');
    await settled();
    await screenshot(page, 'import-duplicates-merge-confirm');
    await page.locator('#confirm-ok').click();
    await page.getByTestId('duplicates-empty').waitFor();
    expect(await pair.count()).toBe(0);

    await page.getByTestId('duplicate-status').getByText('已合并').click();
    await expect.poll(() => pair.count()).toBe(1);
    expect(await pair.getByTestId('side-other').textContent()).toContain('已合并');
    expect(await pair.getByTestId('side-record').textContent()).toContain('保留的记录');
    await settled();
    await screenshot(page, 'import-duplicates-merged');
    await pair.getByTestId('undo-merge').click();
    await page.locator('.ant-modal-confirm-title').getByText('撤销这次合并？').waitFor();
    await page.locator('#confirm-ok').click();
    await page.getByTestId('duplicates-empty').waitFor();
    await page.getByTestId('duplicate-status').getByText('待处理').click();
    await expect.poll(() => pair.count()).toBe(1);
    expect(await pair.getByTestId('side-other').textContent()).not.toContain('已合并');
  });

  it('reads in English', async () => {
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('import-nav').textContent()).toContain('Possible duplicates');
    await expect.poll(() => page.getByTestId('duplicate-pair').textContent()).toContain('Merge into this record');
    await page.goto(`${stack.baseUrl}/import`);
    await page.getByTestId('import-jobs').getByText('志愿汇导出.csv').click();
    await expect.poll(progressText).toBe('Completed: 4 rows');
    await expect.poll(() => page.getByTestId('import-rows').locator('tbody tr.ant-table-row').count()).toBe(4);
    expect(await page.getByTestId('import-rows').textContent()).toContain('Document number: ');
    await settled();
    await screenshot(page, 'import-job-en');
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.getByTestId('import-progress-text').textContent()).toBe('导入完成：共 4 行');
  });
});

describe('an import stopped part-way', () => {
  it('shows a preview and a running import’s progress over a reload, stops it, erases its file, and goes on from the same file uploaded again', async () => {
    const lines = ['用户ID,姓名,证件号,手机,社区编码'];
    for (let i = 0; i < 60; i++) {
      const p = personOf(700_000 + i, [community]);
      lines.push(`L${i},${p.name},${p.docNumber},${p.phone},${community}`);
    }
    const file = Buffer.from(lines.join('\n'));
    await page.goto(`${stack.baseUrl}/import`);
    await chooseSource('志愿汇');
    await upload('分批导入.csv', file);
    const [{ id }] = rowsOf<{ id: string }>(
      await stack.database.db.execute(sql`select id from import_jobs where file_name = '分批导入.csv'`),
    );
    // As a server checking a large file shows it, part-way: a 60-row file is checked faster than a browser can look.
    await stack.database.db.execute(
      sql`update import_jobs set status = 'previewing', rows_read = 40, heartbeat_at = now() where id = ${id}`,
    );
    await page.goto(`${stack.baseUrl}/import/${id}`);
    await expect.poll(() => page.getByTestId('import-previewing-text').textContent()).toBe('正在预检：已读取 40 行');
    expect(await page.getByTestId('import-status').textContent()).toBe('预检中');
    await screenshot(page, 'import-job-previewing');

    // As if a server had committed the first 20 rows (file rows 2–21) and were busy with the rest: a
    // 60-row file imports faster than a browser can look, and the in-process database answers no one meanwhile.
    await stack.database.db.execute(
      sql`update import_jobs set status = 'running', started_at = now(), heartbeat_at = now(), rows_done = 21, created = 20 where id = ${id}`,
    );
    await stack.database.db.execute(
      sql`insert into import_rows (job_id, row_no, outcome, external_id) select ${id}, n, 'created', 'L' || (n - 2) from generate_series(2, 21) n`,
    );
    await expect.poll(progressText).toBe('正在导入：已处理 20 / 60 行');
    await page.reload();
    await expect.poll(progressText).toBe('正在导入：已处理 20 / 60 行');
    expect(await page.getByTestId('import-progress').textContent()).toBe('33%');
    await settled();
    await screenshot(page, 'import-job-running');

    await page.getByTestId('import-stop').click();
    await expect.poll(progressText).toBe('已停止：已处理 20 / 60 行');
    // The file left with the job's end: nothing to resume from here.
    expect(await page.getByTestId('import-resume').count()).toBe(0);
    const [stored] = rowsOf<{ erased: boolean }>(
      await stack.database.db.execute(sql`select not exists (select 1 from import_file_parts where job_id = ${id}) as erased`),
    );
    expect(stored.erased).toBe(true);
    expect(await page.getByText('请重新上传同一文件').count()).toBe(1);
    // The rows committed before the stop stay on its page, each with what became of it.
    const shown = page.getByTestId('import-rows').locator('tbody tr.ant-table-row');
    await expect.poll(() => shown.count()).toBe(20);
    expect(await shown.first().textContent()).toMatch(/^2新建L0/);
    await settled();
    await screenshot(page, 'import-job-stopped');
    // A run that failed (here: as a dying server would leave it) says why.
    await stack.database.db.execute(sql`update import_jobs set status = 'failed', error = 'disk full' where id = ${id}`);
    await page.reload();
    await expect.poll(() => page.getByTestId('import-error').textContent()).toContain('导入失败：disk full');
    expect(await progressText()).toBe('处理到 20 / 60 行时失败');

    // The same file uploaded again goes on: checked and imported whole, whatever was done before is found unchanged.
    await page.goto(`${stack.baseUrl}/import`);
    await chooseSource('志愿汇');
    await upload('分批导入.csv', file);
    expect(await count('rows')).toBe('60');
    await page.getByTestId('import-start').click();
    await page.waitForURL(/\/import\/[0-9a-f-]{36}$/);
    await expect.poll(progressText).toBe('导入完成：共 60 行');
    expect(await count('created')).toBe('60');
  });
});
