import type { Locator, Page } from 'playwright-core';

// A real option, not the "no data" placeholder shown while a level is still loading.
export const AREA_OPTION = '.ant-cascader-menu-item:not(.ant-cascader-menu-item-disabled)';

/**
 * Opens the area picker inside `scope` and takes the first option of `levels` levels
 * (2: city → district; 3: … → street; 4: … → community), then closes it.
 */
export async function pickFirstArea(page: Page, scope: Page | Locator, levels: number) {
  await scope.getByTestId('area-picker').last().click();
  for (let level = 0; level < levels; level++) {
    const item = page.locator('.ant-cascader-menu').nth(level).locator(AREA_OPTION).first();
    await item.waitFor();
    await item.click();
    if (level === levels - 1) break;
    // On a busy machine a click can land while the option is still re-rendering after its
    // children loaded, and the next level never opens: click again until it does.
    const next = page
      .locator('.ant-cascader-menu')
      .nth(level + 1)
      .locator(AREA_OPTION)
      .first();
    for (let attempt = 0; attempt < 3 && !(await next.isVisible()); attempt++) {
      await next.waitFor({ timeout: 5_000 }).catch(() => item.click());
    }
  }
  // A leaf closes the menu by itself; a level above one (a picker that takes any level) leaves it
  // open. Escape only then: with the menu gone it would close the dialog the picker sits in.
  const open = page.locator('.ant-cascader-dropdown:visible');
  await open.waitFor({ state: 'hidden', timeout: 1_000 }).catch(() => page.keyboard.press('Escape'));
}
