import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, hydrated, signInWithPassword, visit } from "./fixtures";

// Each test walks many pages, and axe takes seconds per page on a loaded machine.
test.describe.configure({ timeout: 300_000 });

// Every text a page shows must be among the messages its provider hands over (i18n/namespaces.ts):
// a missing one shows its raw key, and next-intl says so on the console.
const missingTexts = new WeakMap<Page, string[]>();
test.beforeEach(({ page }) => {
  const missing: string[] = [];
  missingTexts.set(page, missing);
  page.on("console", (m) => {
    if (m.type() === "error" && m.text().includes("MISSING_MESSAGE")) missing.push(`${page.url()}: ${m.text()}`);
  });
});
test.afterEach(({ page }) => {
  expect(missingTexts.get(page), "texts missing from the page's messages").toEqual([]);
});

// WCAG 2.1 A and AA, the level public services in Estonia are held to.
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Serious and critical axe violations of the page (or of one part of it), named for the report. */
async function seriousViolations(page: Page, include?: string) {
  let builder = new AxeBuilder({ page }).withTags(TAGS);
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Opens a page, waits until its data is shown, and expects no serious or critical violation. */
async function checkPage(page: Page, path: string, heading: string | RegExp) {
  if (path) await visit(page, path);
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  await hydrated(page);
  await expect(page.getByText(/^Laadin/)).toHaveCount(0);
  // The page itself, not the refusal a person without the permission sees.
  await expect(page.getByRole("heading", { name: "Ligipääs puudub" })).toHaveCount(0);
  // Soft: one run lists the violations of every page, not only of the first that has some.
  expect.soft(await seriousViolations(page), `${page.url()}`).toEqual([]);
}

test("sign-in page has no serious accessibility violations", async ({ page }) => {
  await visit(page, "/login");
  await expect(page.getByLabel("Isikukood")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test("a specialist's pages and a client record, tab by tab, have no serious accessibility violations", async ({ page }) => {
  await signInWithPassword(page, DEMO.manager);
  await checkPage(page, "/calendar", "Minu kalender");
  await expect(page.locator(".fc")).toBeVisible();
  expect.soft(await seriousViolations(page), "the calendar, drawn").toEqual([]);
  await checkPage(page, "/calendar/rooms", "Ruumikalender");
  await checkPage(page, "/dashboard", /Töölaud/);
  await checkPage(page, "/workload", /Koormusplaan/);
  await checkPage(page, "/time-accounting", /Tööaja arvestus/);
  await checkPage(page, "/account", "Minu konto");
  await checkPage(page, "/clients", "Kliendid");

  await page.getByRole("link", { name: "Toomingas, Tiit" }).click();
  await checkPage(page, "", "Tiit Toomingas");
  const sections = page.getByRole("navigation", { name: "Kliendi andmed" }).getByRole("link");
  const names = await sections.allInnerTexts();
  expect(names.length).toBeGreaterThan(4);
  for (const name of names) {
    await sections.filter({ hasText: name }).click();
    await expect(sections.filter({ hasText: name })).toHaveAttribute("aria-current", "page");
    await checkPage(page, "", "Tiit Toomingas");
  }
});

test("billing and the reports have no serious accessibility violations", async ({ page }) => {
  await signInWithPassword(page, DEMO.accountant);
  await checkPage(page, "/billing", /Aruanded ja arved/);
  await checkPage(page, "/reports", "Aruanded");
  const reports = await page.locator(".cards a").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  expect(reports.length).toBeGreaterThan(5);
  for (const href of reports) {
    await visit(page, href);
    await expect(page.getByRole("navigation", { name: "Aruanded" })).toBeVisible();
    await checkPage(page, "", /./);
  }
});

test("the administration pages have no serious accessibility violations", async ({ page }) => {
  await signInWithPassword(page, DEMO.admin);
  // Each page is waited for by its first heading; the menu names are checked in administration.spec.ts.
  for (const path of [
    "/admin/units",
    "/admin/employees",
    "/admin/roles",
    "/admin/specialties",
    "/admin/services",
    "/admin/price-lists",
    "/admin/funding-sources",
    "/admin/vat-rates",
    "/admin/rooms",
    "/admin/settings",
    "/admin/audit",
    "/billing/connection",
  ]) {
    await checkPage(page, path, /./);
  }
});

test("the permission matrix of the role dialog is readable at 1280 px", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInWithPassword(page, DEMO.admin);
  await visit(page, "/admin/roles");
  await page.getByRole("button", { name: "Lisa roll" }).click();
  const dialog = page.getByRole("dialog", { name: "Lisa roll" });
  const matrix = dialog.getByRole("table", { name: /Õiguste maatriks/ });
  await expect(matrix).toBeVisible();
  // The table fits its frame: nothing hidden behind a sideways scroll.
  const overflow = await matrix.evaluate((table) => table.scrollWidth - table.parentElement!.clientWidth);
  expect(overflow, "the matrix scrolls sideways").toBeLessThanOrEqual(0);
  // Every column header is inside the dialog's visible box.
  const box = (await dialog.boundingBox())!;
  const headers = matrix.getByRole("columnheader");
  expect(await headers.count()).toBeGreaterThan(4);
  for (const header of await headers.all()) {
    await expect(header).toBeVisible();
    const b = (await header.boundingBox())!;
    expect(b.x, await header.innerText()).toBeGreaterThanOrEqual(box.x);
    expect(b.x + b.width, await header.innerText()).toBeLessThanOrEqual(box.x + box.width);
  }
  expect(await seriousViolations(page, "dialog[open]")).toEqual([]);
});
