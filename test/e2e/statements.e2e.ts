import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './api-session.ts';
import { type Stack, settledScreenshot, signInAs, startStack } from './browser.ts';

let stack: Stack;
let context: BrowserContext;
let page: Page;
const VOLUNTEER = '13800000001';

beforeAll(async () => {
  stack = await startStack();
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
});
afterAll(() => stack.close());

type Term = { schoolYear: number; half: 'autumn' | 'spring' };

describe('signed statements in the browser', () => {
  it('lets a volunteer issue a school practice statement, which the public verify page shows with its facts', async () => {
    // The demo volunteer's seeded school statement names a term with hours: issue another for it.
    const api = await apiAs(stack.baseUrl, VOLUNTEER);
    const demo = await api.call<{ kind: string; facts: { term: Term } }[]>('GET', '/api/statements');
    await api.dispose();
    const term = demo.find((s) => s.kind === 'schoolPractice')?.facts.term as Term;

    await signInAs(page, stack.baseUrl, VOLUNTEER);
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('main-menu').getByText('我的证明').click();
    await page.waitForURL(/\/my\/statements$/);
    const rows = page.getByTestId('statement-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(3);

    await page.getByTestId('statement-school').fill('杭州市学军中学');
    await page.getByTestId('statement-school-year').click();
    await page
      .locator('.ant-select-item-option')
      .getByText(`${term.schoolYear}–${term.schoolYear + 1} 学年`)
      .click();
    await page.getByTestId('statement-half').click();
    await page
      .locator('.ant-select-item-option')
      .getByText(term.half === 'autumn' ? '秋季学期' : '春季学期')
      .click();
    await page.getByTestId('issue-statement').click();
    await page.getByText(/已开具证明，核验码 S/).waitFor();
    await expect.poll(() => rows.count()).toBe(4);
    expect(await rows.first().textContent()).toContain('杭州市学军中学');
    await settledScreenshot(page, 'statements-mine');
    // The PDF the volunteer hands to the school, kept for the school's check below.
    const [download] = await Promise.all([page.waitForEvent('download'), rows.first().getByTestId('statement-pdf').click()]);
    const pdfPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'volunet-e2e-')), download.suggestedFilename());
    await download.saveAs(pdfPath);

    await rows.first().locator('a.vn-code').click();
    await page.waitForURL(/\/verify\/S/);
    await expect.poll(() => page.getByTestId('verify-verdict').textContent()).toBe('有效');
    const facts = (await page.getByTestId('verify-statement').textContent()) ?? '';
    for (const expected of ['学生志愿服务实践证明', '张*愿', '杭州市学军中学', '服务时长合计']) expect(facts).toContain(expected);
    await settledScreenshot(page, 'statements-verify');

    // The school, handed the file, checks it on the same page: the seal inside it names the same facts.
    const pdfCard = page.getByTestId('verify-pdf');
    await pdfCard.locator('input[type=file]').setInputFiles(pdfPath);
    await expect.poll(() => pdfCard.getByTestId('verify-verdict').textContent()).toBe('有效');
    const fromFile = (await pdfCard.getByTestId('verify-statement').textContent()) ?? '';
    for (const expected of ['张*愿', '杭州市学军中学']) expect(fromFile).toContain(expected);
    await pdfCard.scrollIntoViewIfNeeded();
    await settledScreenshot(page, 'statements-verify-pdf');
  });
});
