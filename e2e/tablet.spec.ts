import { expect, test, type Page } from "@playwright/test";
import { DEMO, hydrated, signInWithPassword, visit } from "./fixtures";

/**
 * From 801 px on the menu stands beside the page and takes 240 px of it: on a tablet, and with
 * Estonian headers on a laptop too, a table can be wider than the page's column. It scrolls in
 * its own frame; the page itself never scrolls sideways.
 */
async function fitsAt(page: Page, width: number, path: string, heading: RegExp) {
  await page.setViewportSize({ width, height: 900 });
  await visit(page, path);
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  await hydrated(page);
  await expect(page.getByText("Laadin", { exact: false })).toHaveCount(0);
  await expect(page.locator(".table-frame table.data").first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${path} at ${width} px scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
}

test("billing fits a tablet and a laptop beside the menu; its wide table scrolls in its frame", async ({ page }) => {
  await signInWithPassword(page, DEMO.accountant);
  for (const width of [820, 1024, 1280]) await fitsAt(page, width, "/billing", /Aruanded ja arved/);
  // The billing month's table is wider than its column at a tablet's width: it scrolls in its frame.
  await page.setViewportSize({ width: 820, height: 900 });
  expect(
    await page
      .locator(".table-frame")
      .first()
      .evaluate((f) => f.scrollWidth > f.clientWidth),
  ).toBe(true);
});

test("the dashboard fits a tablet beside the menu", async ({ page }) => {
  await signInWithPassword(page, DEMO.manager);
  for (const width of [820, 1024]) await fitsAt(page, width, "/dashboard", /Töölaud/);
});
