import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO, signInWithPassword, visit } from "./fixtures";

/**
 * The pages prefetch their data on the server: with JavaScript off, what the browser paints first
 * (the server's HTML) already shows the data, not "Laadin…". The calendar grid itself is drawn in
 * the browser (FullCalendar measures the page); the person's calendar around it is in the HTML.
 */
// The pages below are opened with JavaScript off, where nothing hydrates: plain goto is right.
/* eslint-disable no-restricted-syntax */
async function withoutJavaScript(browser: Browser, signedIn: Page) {
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await signedIn.context().storageState() });
  return context.newPage();
}

const noLoading = (page: Page) => expect(page.locator("main").getByText("Laadin…", { exact: true })).toHaveCount(0);

test("the first paint of the care pages shows their data", async ({ page, browser }) => {
  await signInWithPassword(page, DEMO.manager);
  await visit(page, "/clients");
  const record = await page.getByRole("link", { name: "Toomingas, Tiit" }).getAttribute("href");
  const html = await withoutJavaScript(browser, page);

  await html.goto("/calendar");
  await expect(html.getByRole("heading", { level: 1, name: "Minu kalender" })).toBeVisible();
  await expect(html.getByRole("group", { name: "Kolleegid kõrvuti" })).toBeVisible();

  await html.goto(record!);
  await expect(html.getByRole("heading", { level: 1, name: "Tiit Toomingas" })).toBeVisible();
  await expect(html.getByRole("navigation", { name: "Kliendi andmed" })).toBeVisible();
  await noLoading(html);

  await html.goto("/dashboard");
  await expect(html.getByRole("definition").first()).toBeVisible();
  await expect(html.getByText("Võimalikud tunnid").first()).toBeVisible();
  await noLoading(html);

  await html.goto("/workload");
  await expect(html.getByRole("heading", { level: 1, name: /Koormusplaan/ })).toBeVisible();
  await noLoading(html);

  await html.goto("/time-accounting");
  await expect(html.getByRole("heading", { level: 1, name: /Tööaja arvestus/ })).toBeVisible();
  await noLoading(html);
  await html.context().close();
});

test("the first paint of billing and of a report shows their data", async ({ page, browser }) => {
  await signInWithPassword(page, DEMO.accountant);
  const html = await withoutJavaScript(browser, page);
  await html.goto("/billing");
  const reports = html.locator('section[aria-labelledby="reports-heading"]');
  await expect(reports.getByRole("heading", { level: 2 })).toBeVisible();
  // Either the month's reports or the note that there are none, never the placeholder.
  await expect(reports.getByText("…", { exact: true })).toHaveCount(0);
  await expect(reports.locator("table, .empty").first()).toBeVisible();

  await html.goto("/reports/service-structure");
  await expect(html.getByRole("heading", { level: 1, name: "Teenuste struktuur" })).toBeVisible();
  await expect(html.getByRole("table").first()).toBeVisible();
  await expect(html.getByText("Arvutan aruannet…")).toHaveCount(0);
  await html.context().close();
});

test("the page's scripts ask the browser to compile them while they download", async ({ request }) => {
  const html = await (await request.get("/login")).text();
  const sources = [...new Set([...html.matchAll(/<script[^>]* src="([^"]+\.js)"/g)].map((m) => m[1]!))];
  // The bundler's runtime, React and Next's client at least.
  expect(sources.length).toBeGreaterThanOrEqual(4);
  for (const src of sources) {
    const text = await (await request.get(src)).text();
    expect(text.startsWith("//# allFunctionsCalledOnLoad\n"), src).toBe(true);
  }
});
