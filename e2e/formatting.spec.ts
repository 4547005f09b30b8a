import { expect, test, type Page } from "@playwright/test";
import { DEMO, hydrated, signInWithPassword, visit } from "./fixtures";

/**
 * One way of writing numbers and dates (issue 14 item 6): the main pages, in Estonian and in
 * English, show no "3.5"-style decimal where Estonian writes "3,5", no ISO date ("2026-11-10")
 * where a formatted one belongs, no month-first English date ("Tue, 12/1") and no 12-hour clock.
 */

type Locale = "et" | "en";

/** What on the page is written the wrong way for the language; empty when all is well. */
function misformatted(text: string, locale: Locale): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\b\d{4}-\d{2}-\d{2}\b/g)) found.push(`ISO date ${m[0]}`);
  for (const m of text.matchAll(/\b\d{1,2}:\d{2}\s?(AM|PM)\b/gi)) found.push(`12-hour time ${m[0]}`);
  if (locale === "et") {
    // A decimal point in Estonian; "01.12" (a day and month) is the only dotted pair allowed.
    for (const m of text.matchAll(/(?<![\d.,])\d+\.\d+(?![\d.])/g)) if (!/^\d{2}\.\d{2}$/.test(m[0])) found.push(`decimal point ${m[0]}`);
  } else {
    for (const m of text.matchAll(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2}\/\d{1,2}\b/g)) found.push(`month-first date ${m[0]}`);
  }
  return found;
}

/** Waits for the page's data (its tables or lists, no loading state left), then reads what it shows. */
async function shownText(page: Page, ready: Parameters<Page["getByRole"]>) {
  await hydrated(page);
  await expect(page.getByRole(...ready).first()).toBeVisible();
  await expect(page.locator("main [aria-busy='true']")).toHaveCount(0);
  return page.locator("main").innerText();
}

async function useLanguage(page: Page, locale: Locale) {
  const url = new URL(page.url());
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: locale, domain: url.hostname, path: "/" }]);
}

for (const locale of ["et", "en"] as const) {
  test(`the case plan and funding of a client write numbers and dates the ${locale} way`, async ({ page }) => {
    await signInWithPassword(page, DEMO.caseManager);
    await useLanguage(page, locale);
    await visit(page, "/clients");
    // The client list's own link: "Tähtajalised dokumendid" above it links Tiit too, to his documents.
    await page.getByRole("link", { name: "Toomingas, Tiit" }).click();
    await expect(page).toHaveURL(/\/clients\/[0-9a-f-]{36}/);
    await hydrated(page);
    await page.getByRole("link", { name: locale === "et" ? "Juhtumiplaan" : "Case plan" }).click();
    await expect(page).toHaveURL(/tab=plan/);
    await expect(page.getByRole("region", { name: locale === "et" ? "Juhtumiplaan" : "Case plan" })).toBeVisible();
    const plan = await shownText(page, ["table"]);
    // Tiit's case plan: 2010 has 1 + 1,5 + 1 hours used of the 12 planned.
    expect(plan).toContain(locale === "et" ? "Psühholoogi individuaalne teenus" : "Psychologist, individual");
    expect(plan).toMatch(locale === "et" ? /\b\d+,5\b/ : /\b\d+\.5\b/);
    expect(misformatted(plan, locale)).toEqual([]);
    await page.getByRole("link", { name: locale === "et" ? "Rahastus ja limiidid" : "Funding and limits" }).click();
    expect(misformatted(await shownText(page, ["heading", { level: 2 }]), locale)).toEqual([]);
  });

  test(`the manager's pages write numbers and dates the ${locale} way`, async ({ page }) => {
    await signInWithPassword(page, DEMO.manager);
    await useLanguage(page, locale);
    const pages: [string, Parameters<Page["getByRole"]>][] = [
      ["/dashboard", ["heading", { level: 1 }]],
      ["/workload", ["table"]],
      ["/time-accounting", ["table"]],
      ["/calendar", ["grid"]],
    ];
    for (const [path, ready] of pages) {
      await visit(page, path);
      const text = await shownText(page, ready);
      expect(misformatted(text, locale), `${path} in ${locale}`).toEqual([]);
    }
  });
}
