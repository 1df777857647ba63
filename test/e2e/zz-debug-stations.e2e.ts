import { it } from 'vitest';
import { screenshot, signInAs, startStack } from './browser.ts';

it('debug', async () => {
  const stack = await startStack();
  const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('console', (m) => console.log('CONSOLE', m.type(), m.text()));
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
  await signInAs(page, stack.baseUrl, 'district');
  await page.getByTestId('welcome').waitFor();
  await page.goto(`${stack.baseUrl}/stations`);
  await page.waitForTimeout(3000);
  console.log('HTML', (await page.locator('.vn-content').innerHTML()).slice(0, 3000));
  await screenshot(page, 'debug-stations');
  await stack.close();
}, 120000);
