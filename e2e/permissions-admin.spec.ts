import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO, signInWithPassword } from "./fixtures";

/**
 * Issue #14 item 3 beyond the calendar: people who may read a list but not change it are offered
 * no change there, and where the month report offers nothing it names who may. Only reads (the
 * report dialog is opened, never confirmed), so the spec shares the demo with every other one.
 */

async function signedIn(browser: Browser, code: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInWithPassword(page, code);
  return page;
}

async function openTiitsAugust(page: Page) {
  await page.goto("/billing?month=2026-08");
  const row = page.getByRole("region", { name: "Teenuse aruanded" }).getByRole("row").filter({ hasText: "Toomingas" });
  await row.getByRole("button", { name: /Ava aruanne/ }).click();
  return page.getByRole("dialog", { name: "Teenuse aruanne" });
}

test("the month report: the unit's manager reads it and is told who confirms; the accountant is offered confirming", async ({
  browser,
}) => {
  const kadri = await signedIn(browser, DEMO.manager);
  const hers = await openTiitsAugust(kadri);
  await expect(
    hers.getByText(/Kuu kinnitab see, kellel on roll: .*Raamatupidaja|Kinnitatud kuu avab uuesti see, kellel on roll: .*Raamatupidaja/),
  ).toBeVisible();
  await expect(hers.getByRole("button", { name: "Kinnita kuu" })).toHaveCount(0);
  await expect(hers.getByRole("button", { name: "Ava kuu uuesti" })).toHaveCount(0);

  const anne = await signedIn(browser, DEMO.accountant);
  const his = await openTiitsAugust(anne);
  await expect(his.getByRole("button", { name: "Kinnita kuu" }).or(his.getByRole("button", { name: "Ava kuu uuesti" }))).toBeVisible();
  await expect(his.getByText(/kellel on roll/)).toHaveCount(0);
});

test("administration lists: who may read but not manage sees no change buttons; the administrator does", async ({ browser }) => {
  // The manager reads her units but does not manage them.
  const kadri = await signedIn(browser, DEMO.manager);
  await kadri.goto("/admin/units");
  await expect(kadri.getByText("Tallinna meeskond 1").first()).toBeVisible();
  await expect(kadri.getByRole("button", { name: /^Muuda üksust/ })).toHaveCount(0);

  // The accountant reads every employee and manages the catalogue, not the people.
  const anne = await signedIn(browser, DEMO.accountant);
  await anne.goto("/admin/employees");
  await expect(anne.getByRole("row").filter({ hasText: "Saar, Jaan" })).toBeVisible();
  await expect(anne.getByRole("button", { name: /^Muuda töötajat/ })).toHaveCount(0);
  await expect(anne.getByRole("button", { name: /Lähtesta parool/ })).toHaveCount(0);

  const mart = await signedIn(browser, DEMO.admin);
  await mart.goto("/admin/units");
  await expect(mart.getByRole("button", { name: "Muuda üksust Tallinna meeskond 1" })).toBeVisible();
  await mart.goto("/admin/employees");
  await expect(mart.getByRole("button", { name: "Muuda töötajat Jaan Saar" })).toBeVisible();
});
