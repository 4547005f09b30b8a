import { expect, test, type Page } from "@playwright/test";
import { DEMO, hydrated, nav, signInWithPassword, visit } from "./fixtures";

// A phone: 390 x 844, touch, as specialists on home visits use the app.
test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

/** The page itself never scrolls sideways; wide tables scroll inside their own frame. */
async function fitsTheScreen(page: Page) {
  await expect(page.getByText("Laadin", { exact: false })).toHaveCount(0);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${page.url()} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
}

async function open(page: Page, path: string, heading: string | RegExp) {
  await visit(page, path);
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  await hydrated(page);
  await fitsTheScreen(page);
}

test("every main page fits a phone, with the menu folded behind a button", async ({ page }) => {
  await signInWithPassword(page, DEMO.manager);
  await fitsTheScreen(page);
  // The menu is folded: it opens with the button, and folds again after choosing a page.
  await expect(nav(page)).toBeHidden();
  const toggle = page.getByRole("button", { name: "Menüü" });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await nav(page).getByRole("link", { name: "Kliendid" }).click();
  await expect(page).toHaveURL(/\/clients$/);
  await expect(nav(page)).toBeHidden();
  await fitsTheScreen(page);

  await open(page, "/calendar", "Minu kalender");
  await open(page, "/calendar/rooms", "Ruumikalender");
  await open(page, "/workload", /Koormusplaan/);
  await open(page, "/time-accounting", /Tööaja arvestus/);
  await open(page, "/dashboard", /Töölaud/);
  await open(page, "/account", "Minu konto");

  // A client record, tab by tab.
  await visit(page, "/clients");
  await page.getByRole("link", { name: "Toomingas, Tiit" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Tiit Toomingas" })).toBeVisible();
  for (const tab of ["Rahastus ja limiidid", "Andmestik", "Kalender"]) {
    await page.getByRole("link", { name: tab }).click();
    await hydrated(page);
    await fitsTheScreen(page);
  }
});

test("administration and billing fit a phone too, in English as well", async ({ page, browser }) => {
  await signInWithPassword(page, DEMO.admin);
  await open(page, "/admin/units", /Üksused/);
  await open(page, "/admin/roles", /Rollid/);
  await open(page, "/admin/employees", /Töötajad/);
  const accountant = await browser.newPage({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  await signInWithPassword(accountant, DEMO.accountant);
  await open(accountant, "/billing", /Aruanded ja arved/);
  await accountant.close();
  await page.getByRole("button", { name: "ENG" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Employees" })).toBeVisible();
  await fitsTheScreen(page);
  await open(page, "/admin/units", "Units");
  await page.getByRole("button", { name: "EST" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Üksused" })).toBeVisible();
});

test("on a phone the week is a list and a tap on a free time books it", async ({ page }) => {
  await signInWithPassword(page, DEMO.psychologist);
  await visit(page, "/calendar");
  // The week as a list (seven day columns do not fit), with a legend of the colours.
  await page.getByRole("button", { name: "Nimekiri" }).click();
  await expect(page.locator(".fc-list")).toBeVisible();
  await expect(page.getByRole("list", { name: "Tähised" })).toContainText("tehtud");
  await fitsTheScreen(page);
  // The day keeps its time grid: a tap on a free half hour opens the booking for that hour.
  await page.getByRole("button", { name: "Päev" }).click();
  await page.locator('td.fc-timegrid-slot-lane[data-time="18:00:00"]').evaluate((el) => el.scrollIntoView({ block: "center" }));
  const slot = await page.locator('td.fc-timegrid-slot-lane[data-time="18:00:00"]').boundingBox();
  await page.touchscreen.tap(slot!.x + slot!.width / 2, slot!.y + slot!.height / 4);
  const dialog = page.getByRole("dialog", { name: "Broneeri seanss" });
  await expect(dialog.getByLabel("Algus")).toHaveValue("18:00");
  await expect(dialog.getByLabel("Lõpp")).toHaveValue("19:00");
  const box = await dialog.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
});

test("installable, and offline it says so instead of hanging", async ({ page, context, request }) => {
  const manifest = await request.get("/manifest.webmanifest");
  expect(manifest.ok()).toBe(true);
  const body = (await manifest.json()) as { display: string; icons: { src: string; sizes: string; type: string }[] };
  expect(body.display).toBe("standalone");
  for (const icon of body.icons.filter((i) => i.type === "image/png")) {
    const image = await request.get(icon.src);
    expect(image.headers()["content-type"]).toBe("image/png");
  }

  await signInWithPassword(page, DEMO.caseManager);
  // The service worker is installed once the page has loaded.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await context.setOffline(true);
  await expect(page.getByRole("status").filter({ hasText: "Ühendus puudub" })).toBeVisible();
  // Offline the service worker answers with its own page: no app scripts to wait for.
  // eslint-disable-next-line no-restricted-syntax
  await page.goto("/clients").catch(() => undefined);
  await expect(page.getByRole("heading", { level: 1, name: "Ühendus puudub" })).toBeVisible();
  await context.setOffline(false);
  await page.getByRole("link", { name: "Proovi uuesti" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Kliendid" })).toBeVisible();
});
