import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO, signInWithPassword, visit } from "./fixtures";

/**
 * Issue #14 item 3 beyond the calendar: the month report names who confirms when it offers the
 * viewer nothing; work types, the time sheet and a client's team tab offer only what the viewer's
 * role lets through. Only reads (no dialog is confirmed, nothing saved), so the spec shares the
 * demo with every other one; a button another spec's action may have turned into its twin
 * (Kinnita / Ava uuesti) is accepted either way.
 */

test.describe.configure({ timeout: 120_000 });

async function signedIn(browser: Browser, code: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInWithPassword(page, code);
  return page;
}

async function openTiitsAugust(page: Page) {
  await visit(page, "/billing?month=2026-08");
  const row = page.getByRole("region", { name: "Teenuse aruanded" }).getByRole("row").filter({ hasText: "Toomingas" });
  await row.getByRole("button", { name: /Ava aruanne/ }).click();
  return page.getByRole("dialog", { name: "Teenuse aruanne" });
}

async function openTiitsTeam(page: Page) {
  await visit(page, "/clients");
  await page.getByLabel("Otsi").fill("Toomingas");
  await page.getByRole("link", { name: "Toomingas, Tiit" }).click();
  await page.getByRole("navigation", { name: "Kliendi andmed" }).getByRole("link", { name: "Meeskond ja võrgustik" }).click();
  await expect(page.getByRole("heading", { name: "Meeskond", exact: true })).toBeVisible();
}

test("the month report: the unit's manager is told who confirms and offered nothing; the accountant is offered it", async ({ browser }) => {
  const kadri = await signedIn(browser, DEMO.manager);
  const hers = await openTiitsAugust(kadri);
  await expect(hers.getByText(/(Kuu kinnitab|Kinnitatud kuu avab uuesti) see, kellel on roll: .*Raamatupidaja/)).toBeVisible();
  await expect(hers.getByText("billing.report", { exact: false })).toHaveCount(0);
  await expect(hers.getByRole("button", { name: "Kinnita kuu" })).toHaveCount(0);
  await expect(hers.getByRole("button", { name: "Ava kuu uuesti" })).toHaveCount(0);
  await kadri.context().close();

  const anne = await signedIn(browser, DEMO.accountant);
  const his = await openTiitsAugust(anne);
  await expect(his.getByRole("button", { name: "Kinnita kuu" }).or(his.getByRole("button", { name: "Ava kuu uuesti" }))).toBeVisible();
  await expect(his.getByText(/kellel on roll/)).toHaveCount(0);
  await anne.context().close();
});

test("work types and the time sheet: the unit's manager changes her units' types and approves her unit's month; a specialist is offered neither", async ({
  browser,
}) => {
  const kadri = await signedIn(browser, DEMO.manager);
  await visit(kadri, "/workload/types");
  const types = kadri.getByRole("table");
  await expect(types.getByRole("row").filter({ hasText: "Meeskonna arutelu" })).toBeVisible();
  // Tallinn's own type is hers to change (or retire); the institution's and Tartu's are not.
  await expect(kadri.getByRole("button", { name: "Muuda: Meeskonna arutelu" })).toBeVisible();
  await expect(kadri.getByRole("button", { name: "Muuda: Koosolek" })).toHaveCount(0);
  await expect(kadri.getByRole("button", { name: "Muuda: Kogukonnatöö" })).toHaveCount(0);
  // A new type goes into one of her units only: the whole institution is not offered.
  await kadri.getByRole("button", { name: "Lisa liik" }).click();
  const dialog = kadri.getByRole("dialog", { name: "Lisa liik" });
  const unit = dialog.getByLabel("Kehtib");
  await expect(unit.locator("option", { hasText: "Tallinna meeskond 1" })).toHaveCount(1);
  await expect(unit.locator("option", { hasText: "Kogu asutus" })).toHaveCount(0);
  await expect(unit.locator("option", { hasText: "Tartu" })).toHaveCount(0);
  await dialog.getByRole("button", { name: "Loobu" }).click();

  await visit(kadri, "/time-accounting");
  await kadri.getByLabel("Üksus").selectOption({ label: "Tallinn" });
  await expect(kadri.getByRole("button", { name: "Kinnita kuu" }).or(kadri.getByRole("button", { name: "Ava uuesti" }))).toBeVisible();
  await expect(kadri.getByText(/kinnitab ja avab uuesti see, kellel on roll/)).toHaveCount(0);
  await kadri.context().close();

  const jaan = await signedIn(browser, DEMO.psychologist);
  await visit(jaan, "/time-accounting");
  await expect(jaan.getByRole("table", { name: "Tööaja arvestus" }).getByRole("row", { name: /Saar, Jaan/ })).toBeVisible();
  await expect(jaan.getByRole("button", { name: "Kinnita kuu" })).toHaveCount(0);
  await expect(jaan.getByRole("button", { name: "Ava uuesti" })).toHaveCount(0);
  await jaan.context().close();
});

test("a client's team tab: the case manager changes the team, the network and the access; the manager the first two; the front desk none", async ({
  browser,
}) => {
  const liis = await signedIn(browser, DEMO.caseManager);
  await openTiitsTeam(liis);
  for (const name of ["Muuda meeskonda", "Lisa võrgustiku liige", "Anna ligipääs"]) {
    await expect(liis.getByRole("button", { name })).toBeVisible();
  }
  await liis.context().close();

  const kadri = await signedIn(browser, DEMO.manager);
  await openTiitsTeam(kadri);
  await expect(kadri.getByRole("button", { name: "Muuda meeskonda" })).toBeVisible();
  await expect(kadri.getByRole("button", { name: "Lisa võrgustiku liige" })).toBeVisible();
  await expect(kadri.getByRole("button", { name: "Anna ligipääs" })).toHaveCount(0);
  await kadri.context().close();

  const karl = await signedIn(browser, DEMO.frontDesk);
  await openTiitsTeam(karl);
  for (const name of ["Muuda meeskonda", "Lisa võrgustiku liige", "Anna ligipääs"]) {
    await expect(karl.getByRole("button", { name })).toHaveCount(0);
  }
  await expect(karl.getByRole("button", { name: /^(Muuda|Eemalda): / })).toHaveCount(0);
  await karl.context().close();
});
