import { expect, test } from "@playwright/test";
import { DEMO, signInWithPassword } from "./fixtures";

test("the header's search finds the case manager's client by name from the keyboard, and never another unit's client", async ({ page }) => {
  await signInWithPassword(page, DEMO.caseManager);
  const box = page.getByRole("combobox", { name: "Leia klient, kolleeg või arve" });
  await expect(box).toBeVisible();
  // The shortcut works once the page is interactive; until then a press goes nowhere.
  await expect(async () => {
    await page.keyboard.press("Control+K");
    await expect(box).toBeFocused({ timeout: 1000 });
  }).toPass();
  await box.fill("toomin");
  const list = page.getByRole("listbox", { name: "Otsingu tulemused" });
  await expect(list.getByRole("option", { name: /Tiit Toomingas/ })).toBeVisible();
  await box.press("ArrowDown");
  await box.press("Enter");
  await expect(page.getByRole("heading", { name: /Tiit Toomingas/ })).toBeVisible();

  // Mihkel Mägi is a client of Tartu: out of Liis's reach, so the search does not know him.
  await page.locator("body").click({ position: { x: 5, y: 300 } });
  await page.keyboard.press("/");
  await expect(box).toBeFocused();
  await box.fill("Mägi");
  await expect(page.getByRole("status").filter({ hasText: "„Mägi“ ei leidnud midagi." })).toBeVisible();
});

test("at 390 px the search fits the header; the manager finds a colleague and opens the staff list on them", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInWithPassword(page, DEMO.manager);
  const box = page.getByRole("combobox", { name: "Leia klient, kolleeg või arve" });
  await expect(box).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await box.fill("saar");
  await page
    .getByRole("listbox", { name: "Otsingu tulemused" })
    .getByRole("option", { name: /Jaan Saar töötaja/ })
    .click();
  await expect(page).toHaveURL(/\/admin\/employees\?search=Jaan(%20|\+)Saar/);
  await expect(page.getByRole("searchbox", { name: "Otsi" })).toHaveValue("Jaan Saar");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
