import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO, signInWithPassword } from "./fixtures";

/**
 * The pages prefetch their data on the server: with JavaScript off, what the browser paints first
 * (the server's HTML) already shows the data, not "Laadin…". The calendar grid itself is drawn in
 * the browser (FullCalendar measures the page); the person's calendar around it is in the HTML.
 */
async function withoutJavaScript(browser: Browser, signedIn: Page) {
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await signedIn.context().storageState() });
  return context.newPage();
}

const noLoading = (page: Page) => expect(page.locator("main").getByText("Laadin…", { exact: true })).toHaveCount(0);

test("the first paint of the care pages shows their data", async ({ page, browser }) => {
  await signInWithPassword(page, DEMO.manager);
  await page.goto("/clients");
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

test("the scripts every page loads first ask the browser to compile them while they download", async ({ request }) => {
  const html = await (await request.get("/login")).text();
  const sources = [...new Set([...html.matchAll(/<script[^>]* src="([^"]+\.js)"/g)].map((m) => m[1]!))];
  const scripts = await Promise.all(sources.map(async (src) => ({ src, text: await (await request.get(src)).text() })));
  const hinted = scripts.filter((s) => s.text.startsWith("//# allFunctionsCalledOnLoad\n"));
  // The bundler's runtime, React and Next's client among them; the largest is React.
  expect(hinted.length, sources.join("\n")).toBeGreaterThanOrEqual(4);
  const largest = scripts.reduce((a, b) => (b.text.length > a.text.length ? b : a));
  expect(hinted).toContain(largest);
});
