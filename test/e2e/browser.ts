import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import type { Config } from '../../src/config.ts';
import type { Database } from '../../src/db/client.ts';
import { buildApp, webDistDir } from '../../src/http/app.ts';
import { testConfig } from '../helpers/app.ts';
import { createDemoDatabase } from '../helpers/db.ts';

export const SCREENSHOT_DIR = path.resolve('test-results/screenshots');
/** What failed journeys' pages showed, for `npm test` to repeat after the run (CI keeps only the output's end). */
export const FAILURE_DIGEST = path.resolve('test-results/failed-pages.txt');

export interface Stack {
  baseUrl: string;
  browser: Browser;
  database: Database;
  close(): Promise<void>;
}

/** Debian's Chromium, headless; `extraArgs` for a journey that needs more (a fake camera, say). */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
  // Pages as for a person who asked for less motion (App.tsx turns Ant Design's motion off): no
  // journey waits for a dialog or a menu to slide in, and no click lands on one still moving.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = (options = {}) => newContext({ reducedMotion: 'reduce', ...options });
  openBrowsers.add(browser);
  browser.on('disconnected', () => openBrowsers.delete(browser));
  return browser;
}

/** Every browser this test file launched and has not closed: what a failure report looks at. */
const openBrowsers = new Set<Browser>();

/**
 * When a journey fails, what each open page showed: its address and text in the test's output,
 * and a picture under test-results/screenshots/FAILED-*.png — so a failure on CI can be read
 * without running it again.
 */
export async function reportOpenPages(testName: string) {
  const slug = testName.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60);
  let n = 0;
  for (const browser of openBrowsers)
    for (const context of browser.contexts())
      for (const page of context.pages()) {
        n++;
        const text = await page
          .evaluate(() => document.body?.innerText ?? '')
          .catch((e: Error) => `(could not read the page: ${e.message})`);
        const file = path.join(SCREENSHOT_DIR, `FAILED-${slug}-${n}.png`);
        await page.screenshot({ path: file, timeout: 5_000 }).catch(() => {});
        const report = `[failed: ${testName}] page ${n} at ${page.url()} (${file}) shows:\n${text.replace(/\s*\n\s*/g, ' | ').slice(0, 2_000)}`;
        console.error(report);
        mkdirSync(path.dirname(FAILURE_DIGEST), { recursive: true });
        appendFileSync(FAILURE_DIGEST, `${report.slice(0, 800)}\n`);
      }
}

/** The built web app and the API on a random port over a fresh demo city, and Debian's Chromium. */
export async function startStack(overrides: Partial<Config> = {}): Promise<Stack> {
  const config = testConfig(overrides);
  const database = await createDemoDatabase(config);
  const app = await buildApp({ database, config, logger: false });
  if (!app.hasRoute({ method: 'GET', url: '/*' }) && !(await import('node:fs')).existsSync(`${webDistDir}/index.html`)) {
    throw new Error('dist/web is missing: npm test builds it first');
  }
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    baseUrl: address,
    browser,
    database,
    close: async () => {
      await browser.close();
      await app.close();
      await database.close();
    },
  };
}

/** Full page on a desktop; the viewport on a phone, where fixed bars would float mid-page in a full capture. */
export async function screenshot(page: Page, name: string) {
  const phone = (page.viewportSize()?.width ?? 1280) < 768;
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: !phone });
}

/** Lets Ant Design's motions finish (all but the endless ones, spinners), so a picture shows what a person sees. */
export async function settle(page: Page) {
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY),
  );
}

/** `screenshot` once the page has settled. */
export async function settledScreenshot(page: Page, name: string) {
  await settle(page);
  await screenshot(page, name);
}

/** A dialog as a person sees it: the viewport, settled (a full-page capture would stretch the page behind its mask). */
export async function dialogShot(page: Page, name: string) {
  await settle(page);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

export async function signInAs(page: Page, baseUrl: string, login: string, password = 'Volunet@2026') {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel(/手机号或用户名|Phone number or username/).fill(login);
  await page.getByLabel(/^(密码|Password)$/).fill(password);
  await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
}

const isLoading = async (button: Locator) =>
  ((await button.getAttribute('class', { timeout: 1_000 }).catch(() => '')) ?? '').includes('ant-btn-loading');

/**
 * Clicks a dialog's button and waits for the dialog to close. The dialog's opening motion is let
 * finish first (a click during it can be lost on a busy machine); the click is repeated only while
 * the dialog stays open with the button idle — never while a save is still under way, which would
 * send it twice, and never at a button that has gone with its dialog.
 */
export async function clickUntilClosed(dialog: Locator, button: Locator) {
  for (let attempt = 0; attempt < 3 && (await dialog.isVisible()); attempt++) {
    if (attempt > 0 && (await isLoading(button))) {
      attempt--;
      await dialog.waitFor({ state: 'hidden', timeout: 1_000 }).catch(() => {});
      continue;
    }
    await settle(dialog.page());
    await button.click({ timeout: 5_000 }).catch(() => {});
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
  }
  await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
}
