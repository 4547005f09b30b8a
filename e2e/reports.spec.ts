import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { alertOf, DEMO, nav, reloaded, signInWithPassword, visit } from "./fixtures";

/**
 * Organisation reports as a manager uses them: Kadri Tamm, head of Tallinn, opens the service
 * structure of her units, changes the period and the funder, drills from a figure to the entries
 * and on to a client's record, and downloads the report as XLSX (whose totals are the screen's),
 * CSV and PDF. A period that ends before it starts is refused with a message.
 */

const SRT = "Sotsiaalkindlustusamet – sotsiaalne rehabilitatsioon";

/** "1 234,50 €" or "7,25" as a number. */
const numberOf = (text: string) =>
  Number(
    text
      .replace(/[\s\u00a0€%]/g, "")
      .replace(",", ".")
      .replace("\u2212", "-"),
  );

async function openServiceStructure(page: Page) {
  await nav(page).getByRole("link", { name: "Aruanded", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Aruanded", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: /Teenuste struktuur/ }).click();
  await expect(page.getByRole("heading", { name: "Teenuste struktuur", level: 1 })).toBeVisible();
}

test("a unit head reads the service structure, drills down to a client and downloads it", async ({ page }) => {
  await signInWithPassword(page, DEMO.manager);
  await openServiceStructure(page);
  const table = page.locator("table.report-table");

  // This year: her units' services, never Tartu's (the special-welfare IET of Mihkel Mägi).
  await page.getByLabel("Periood", { exact: true }).selectOption({ label: "See aasta" });
  await expect(table.getByRole("rowheader", { name: /^2010 / })).toBeVisible();
  await expect(table.getByRole("rowheader", { name: /^IET / })).toHaveCount(0);
  await expect(page).toHaveURL(/from=\d{4}-01-01/);

  // The funder narrows it to the social-rehabilitation services; the address keeps the choice.
  await page.getByLabel("Rahastaja").selectOption({ label: SRT });
  await expect(table.getByRole("rowheader", { name: /^T2010 / })).toHaveCount(0);
  await expect(page).toHaveURL(/funder=/);
  const shared = page.url();

  // A figure opens its rows, and a row its client's record.
  await table
    .getByRole("row", { name: /^2010 / })
    .getByRole("button")
    .first()
    .click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: /Read, millest arv koosneb/ })).toBeVisible();
  await dialog.getByRole("link", { name: "Tiit Toomingas" }).first().click();
  await expect(page).toHaveURL(/\/clients\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: /Tiit Toomingas/ }).first()).toBeVisible();

  // The shared address opens the same report.
  await visit(page, shared);
  await expect(page.getByLabel("Rahastaja")).toHaveValue(/[0-9a-f-]{36}/);
  await expect(table.getByRole("rowheader", { name: /^2010 / })).toBeVisible();
  const screenTotals = await table.locator("tfoot td").allInnerTexts();
  const headers = await table.locator("thead th").allInnerTexts();

  const xlsxDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Laadi alla Excel (XLSX)" }).click();
  const xlsx = await xlsxDownload;
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  let totalsRow: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (row.getCell(1).value === "Kokku") totalsRow = row;
  });
  expect(totalsRow, "the XLSX has a totals row").toBeDefined();
  expect(sheet.getCell("B2").value).toMatch(/\d{2}\.\d{2}\.\d{4}/);
  const fileTotals = screenTotals.map((_, i) => totalsRow!.getCell(i + 2).value as number);
  // Euros on screen are euros in the file; shares, hours and counts are the same numbers.
  expect(fileTotals).toEqual(screenTotals.map(numberOf));
  expect(headers.length).toBe(screenTotals.length + 1);

  const csvDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Laadi alla CSV" }).click();
  const csv = readFileSync((await (await csvDownload).path())!, "utf8");
  expect(csv.startsWith("\uFEFF")).toBe(true);
  expect(csv).toContain("Kokku;");

  const pdfDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Laadi alla PDF" }).click();
  const pdf = readFileSync((await (await pdfDownload).path())!);
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
});

/** Confirms a client's month and numbers the funder's invoice for it, as the billing page does (as payments.spec.ts). */
async function invoiceMonth(request: APIRequestContext, client: string, month: string) {
  const call = async <T>(path: string, input: unknown, mutation = false): Promise<T> => {
    const response = mutation
      ? await request.post(`/api/trpc/${path}`, { data: { json: input } })
      : await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
    expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
    return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
  };
  const rows = await call<{ decisionId: string; clientName: string }[]>("billing.months.list", { month });
  const row = rows.find((r) => r.clientName.includes(client));
  expect(row, `${client} in ${month}`).toBeDefined();
  const { invoiceId } = await call<{ invoiceId: string }>("billing.reports.confirm", { decisionId: row!.decisionId, month }, true);
  await call("billing.invoices.confirm", { id: invoiceId }, true);
}

/**
 * Every report, as the manager of Tallinn reads it: its link on the reports page, its heading,
 * and the row of hers whose first figure she opens (funder SRT chosen). A March service of Tiit
 * Toomingas is recorded and invoiced first (a month no other spec touches), so income and
 * receivables have figures.
 */
const EACH_REPORT = [
  { link: /^Tulu rahastajate kaupa/, heading: "Tulu rahastajate kaupa", row: SRT },
  { link: /^Teenuste struktuur/, heading: "Teenuste struktuur", row: /^2010 / },
  { link: /^Sissetoodud raha/, heading: "Sissetoodud raha", row: /^Jaan Saar/ },
  { link: /^Töö töötajate kaupa/, heading: "Töö töötajate kaupa", row: /^Jaan Saar/ },
  { link: /^Rahastusotsused/, heading: "Rahastusotsused", row: /K000123 · Tiit Toomingas · aastalimiit/ },
  { link: /^Kliendid Aktiivsed/, heading: "Kliendid", row: SRT },
  { link: /^Nõuded/, heading: "Nõuded", row: SRT },
];

test("the manager opens every report of her unit, narrows it, drills to a client and downloads it", async ({ page, browser }) => {
  test.setTimeout(300_000);
  // Tiit's March: a service recorded by his case manager, then invoiced by the accountant.
  const caseManager = await browser.newPage();
  await signInWithPassword(caseManager, DEMO.caseManager);
  await visit(caseManager, "/clients");
  await caseManager.getByLabel("Otsi").fill("Toomingas");
  await caseManager.getByRole("link", { name: "Toomingas, Tiit" }).click();
  await caseManager.getByRole("link", { name: "Andmestik" }).click();
  const entry = caseManager.getByRole("form", { name: "Lisa sissekanne" });
  await entry.getByLabel("Teenus").selectOption({ label: "2010 Psühholoogi individuaalne teenus (h)" });
  await entry.getByLabel("Kuupäev").fill("2026-03-10");
  await entry.getByLabel("Kogus").fill("1");
  await entry.getByRole("button", { name: "Salvesta sissekanne" }).click();
  await expect(caseManager.getByRole("row").filter({ hasText: "10.03.2026" })).toHaveCount(1);
  await caseManager.context().close();
  const accountant = await browser.newPage();
  await signInWithPassword(accountant, DEMO.accountant);
  await invoiceMonth(accountant.request, "Toomingas", "2026-03");
  await accountant.context().close();

  await signInWithPassword(page, DEMO.manager);
  const table = page.locator("table.report-table");
  for (const report of EACH_REPORT) {
    await visit(page, "/reports");
    await page.getByRole("link", { name: report.link }).click();
    await expect(page.getByRole("heading", { name: report.heading, level: 1 })).toBeVisible();
    await page.getByLabel("Periood", { exact: true }).selectOption({ label: "See aasta" });
    await expect(page).toHaveURL(/from=\d{4}-01-01/);
    await page.getByLabel("Rahastaja", { exact: true }).selectOption({ label: SRT });
    await expect(page).toHaveURL(/funder=/);
    // Only Tallinn's figures: Tartu's special-welfare client never shows.
    await expect(table.getByRole("rowheader", { name: report.row })).toBeVisible();
    await expect(table).not.toContainText("Mihkel Mägi");
    const shared = page.url();

    await table.getByRole("row", { name: report.row }).getByRole("button").first().click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByRole("heading", { name: /Read, millest arv koosneb/ })).toBeVisible();
    await dialog.getByRole("link", { name: "Tiit Toomingas" }).first().click();
    await expect(page).toHaveURL(/\/clients\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { name: /Tiit Toomingas/ }).first()).toBeVisible();

    // Back on the report by its address, with the same filters; the files are the screen's.
    await visit(page, shared);
    await expect(page.getByLabel("Rahastaja", { exact: true })).toHaveValue(/[0-9a-f-]{36}/);
    await expect(table.getByRole("rowheader", { name: report.row })).toBeVisible();
    await xlsxTotalsMatchScreen(page);
    const csvDownload = page.waitForEvent("download");
    await page.getByRole("button", { name: "Laadi alla CSV" }).click();
    const csv = readFileSync((await (await csvDownload).path())!, "utf8");
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toContain("Kokku;");
    const pdfDownload = page.waitForEvent("download");
    await page.getByRole("button", { name: "Laadi alla PDF" }).click();
    expect(
      readFileSync((await (await pdfDownload).path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
  }
});

test("at 390 px a report page does not scroll sideways; its table scrolls inside its own box", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInWithPassword(page, DEMO.manager);
  for (const path of ["/reports/service-structure", "/reports/work-per-employee", "/reports/decisions"]) {
    await visit(page, `${path}?from=2026-01-01&to=2026-12-31`);
    await expect(page.locator("table.report-table")).toBeVisible();
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
    expect(widths.page, path).toBeLessThanOrEqual(widths.view);
  }
});

test("a report of many rows shows a hundred at a time, and its totals are of them all", async ({ page }) => {
  await signInWithPassword(page, DEMO.manager);
  // The demo institution has a few services: its real answer is repeated to 250 rows, with the
  // totals it had, on their way to the browser.
  await page.route("**/api/trpc/**", async (route) => {
    const url = new URL(route.request().url());
    const paths = decodeURIComponent(url.pathname.slice("/api/trpc/".length)).split(",");
    const at = paths.indexOf("reports.serviceStructure.get");
    if (at < 0) return route.fallback();
    const response = await route.fetch();
    const body = (await response.json()) as { result?: { data: { json: { rows: { key: string; label: { et: string } }[] } } } }[];
    const answer = body[at]!.result!.data.json;
    const real = answer.rows;
    expect(real.length).toBeGreaterThan(0);
    answer.rows = Array.from({ length: 250 }, (_, i) => {
      const row = real[i % real.length]!;
      return { ...row, key: `${row.key}#${i}`, label: { et: `${row.label.et} #${i + 1}`, en: `#${i + 1}` } };
    });
    await route.fulfill({ response, json: body });
  });
  await visit(page, "/reports/service-structure?from=2026-01-01&to=2026-06-30");
  await page.getByLabel("Periood", { exact: true }).selectOption({ label: "See aasta" });
  const table = page.locator("table.report-table");
  const bodyRows = table.locator("tbody tr");
  const status = page.getByRole("status").filter({ hasText: /^Näidatud/ });
  await expect(status).toHaveText("Näidatud 100 rida 250-st; „Kokku“ on kõigist ridadest.");
  await expect(bodyRows).toHaveCount(100);
  const totals = await table.locator("tfoot").innerText();
  // Printed, the line says how many rows the page holds; the buttons are left out.
  await page.emulateMedia({ media: "print" });
  await expect(status).toBeVisible();
  await expect(page.getByRole("button", { name: "Näita veel 100 rida" })).toBeHidden();
  await page.emulateMedia({ media: "screen" });

  await page.getByRole("button", { name: "Näita veel 100 rida" }).click();
  await expect(bodyRows).toHaveCount(200);
  await expect(status).toHaveText("Näidatud 200 rida 250-st; „Kokku“ on kõigist ridadest.");
  await expect(page.getByRole("button", { name: "Näita veel 50 rida" })).toBeVisible();
  await page.getByRole("button", { name: "Näita kõik 250 rida" }).click();
  await expect(bodyRows).toHaveCount(250);
  await expect(table.getByRole("rowheader", { name: /#250$/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Näita (veel|kõik)/ })).toHaveCount(0);
  expect(await table.locator("tfoot").innerText()).toBe(totals);

  // Another filter is another answer: a hundred rows again.
  await page.getByLabel("Rahastaja").selectOption({ label: SRT });
  await expect(page).toHaveURL(/funder=/);
  await expect(bodyRows).toHaveCount(100);
});

test("a filter that names nothing, or a period over five years, is refused by name", async ({ page }) => {
  await signInWithPassword(page, DEMO.manager);
  await visit(page, "/reports/service-structure?from=2026-01-01&to=2026-12-31&funder=00000000-0000-4000-8000-000000000001");
  await expect(alertOf(page)).toContainText("Filter „Rahastaja“: sellist rahastajat pole.");
  await expect(page.getByLabel("Rahastaja")).toHaveAttribute("aria-invalid", "true");
  await visit(page, "/reports/service-structure?from=2020-01-01&to=2026-12-31");
  await expect(alertOf(page)).toContainText("Aruande periood võib olla kuni 5 aastat.");
});

test("a period that ends before it starts gets a message, not an error page", async ({ page }) => {
  await signInWithPassword(page, DEMO.manager);
  await visit(page, "/reports/service-structure?from=2026-05-01&to=2026-04-01");
  await expect(alertOf(page)).toContainText("Periood lõpeb enne, kui algab.");
  await expect(page.getByLabel("Kuni")).toHaveAttribute("aria-invalid", "true");
  // Going back to a preset clears it.
  await page.getByLabel("Periood", { exact: true }).selectOption({ label: "Eelmine kuu" });
  await expect(alertOf(page)).toHaveCount(0);
});

test("the manager opens each report of her units", async ({ page }) => {
  await signInWithPassword(page, DEMO.manager);
  await nav(page).getByRole("link", { name: "Aruanded", exact: true }).click();
  const table = page.locator("table.report-table");

  await page.getByRole("link", { name: /Töö töötajate kaupa/ }).click();
  await expect(page.getByRole("heading", { name: "Töö töötajate kaupa", level: 1 })).toBeVisible();
  await page.getByLabel("Periood", { exact: true }).selectOption({ label: "See aasta" });
  await expect(table.getByRole("rowheader", { name: "Jaan Saar" })).toBeVisible();
  // Maarja Lepp works in Tartu: not one of Kadri Tamm's people.
  await expect(table.getByRole("rowheader", { name: "Maarja Lepp" })).toHaveCount(0);
  await table
    .getByRole("row", { name: /^Jaan Saar/ })
    .getByRole("button")
    .first()
    .click();
  await expect(page.getByRole("dialog").getByRole("link", { name: "Tiit Toomingas" }).first()).toBeVisible();
  await page.getByRole("dialog").getByRole("button", { name: "Sulge" }).click();

  await visit(page, "/reports");
  await page.getByRole("link", { name: /Rahastusotsused/ }).click();
  await expect(page.getByRole("heading", { name: "Rahastusotsused", level: 1 })).toBeVisible();
  await page.getByLabel("Periood", { exact: true }).selectOption({ label: "See aasta" });
  await expect(table.getByRole("rowheader", { name: /K000123 · Tiit Toomingas · aastalimiit/ })).toBeVisible();
  await expect(table.getByRole("rowheader", { name: /EHT-2025-88/ })).toHaveCount(0);
  await expect(page.getByText("Mõõdikute tähendus")).toBeVisible();
});

/**
 * The XLSX of the report on screen: its totals row equals the screen's totals. Other tests run
 * beside this one on the same installation (one may add an employee to the unit, and a year of
 * their possible hours with them), so a pair read across such a change is read again.
 */
async function xlsxTotalsMatchScreen(page: Page) {
  const table = page.locator("table.report-table");
  await expect(async () => {
    await reloaded(page);
    await expect(table.locator("tfoot td").first()).toBeVisible();
    const screenTotals = await table.locator("tfoot td").allInnerTexts();
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Laadi alla Excel (XLSX)" }).click();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync((await (await download).path())!) as unknown as ArrayBuffer);
    let totalsRow: ExcelJS.Row | undefined;
    book.worksheets[0]!.eachRow((row) => {
      if (row.getCell(1).value === "Kokku") totalsRow = row;
    });
    expect(totalsRow, "the XLSX has a totals row").toBeDefined();
    const fileTotals = screenTotals.map((_, i) => totalsRow!.getCell(i + 2).value as number | null);
    expect(fileTotals).toEqual(screenTotals.map((s) => (s === "—" ? null : numberOf(s))));
  }).toPass({ intervals: [500, 1000], timeout: 60_000 });
}

test("the accountant opens income by funder and the receivables, switches the basis and downloads them", async ({ page }) => {
  // The demo's only invoiceable months are the ones payments.spec invoices, so this step reads
  // whatever is invoiced when it runs (the figures and drill-downs are proven in
  // server/reports/income.test.ts and receivables.test.ts).
  await signInWithPassword(page, DEMO.accountant);
  const table = page.locator("table.report-table");
  const figures = table.or(page.getByText("Valitud perioodil ja filtritega andmeid pole."));
  await nav(page).getByRole("link", { name: "Aruanded", exact: true }).click();
  await page.getByRole("link", { name: /Tulu rahastajate kaupa/ }).click();
  await expect(page.getByRole("heading", { name: "Tulu rahastajate kaupa", level: 1 })).toBeVisible();
  await page.getByLabel("Periood", { exact: true }).selectOption({ label: "See aasta" });
  await expect(figures).toBeVisible();
  await page.getByLabel("Arvestus").selectOption({ label: "Kassapõhine (arve ja laekumise kuupäev)" });
  await expect(page).toHaveURL(/basis=cash/);
  // Outstanding is an accrual measure: not offered on a cash basis.
  await expect(page.getByLabel("Kuude veergudes").locator("option", { hasText: "Tasumata" })).toHaveCount(0);
  await page.getByLabel("Arvestus").selectOption({ label: "Tekkepõhine (teenuse kuu)" });
  await page.getByLabel("Kuude veergudes").selectOption({ label: "Laekunud" });
  await expect(page).toHaveURL(/measure=paid/);
  await expect(figures).toBeVisible();
  const csvDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Laadi alla CSV" }).click();
  expect(readFileSync((await (await csvDownload).path())!, "utf8").startsWith("\uFEFF")).toBe(true);

  await visit(page, "/reports");
  await page.getByRole("link", { name: /Nõuded/ }).click();
  await expect(page.getByRole("heading", { name: "Nõuded", level: 1 })).toBeVisible();
  await page.getByLabel("Periood", { exact: true }).selectOption({ label: "See aasta" });
  await expect(figures).toBeVisible();
  const pdfDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Laadi alla PDF" }).click();
  expect(
    readFileSync((await (await pdfDownload).path())!)
      .subarray(0, 5)
      .toString(),
  ).toBe("%PDF-");
});

test("the manager reads the money brought in and the clients of her units", async ({ page }) => {
  await signInWithPassword(page, DEMO.manager);
  const table = page.locator("table.report-table");
  await visit(page, "/reports");
  await page.getByRole("link", { name: /Sissetoodud raha/ }).click();
  await expect(page.getByRole("heading", { name: "Sissetoodud raha", level: 1 })).toBeVisible();
  await page.getByLabel("Periood", { exact: true }).selectOption({ label: "See aasta" });
  await expect(table.getByRole("rowheader", { name: "Jaan Saar" })).toBeVisible();
  await expect(table.getByRole("rowheader", { name: "Maarja Lepp" })).toHaveCount(0);
  await xlsxTotalsMatchScreen(page);
  await table
    .getByRole("row", { name: /^Jaan Saar/ })
    .getByRole("button")
    .first()
    .click();
  await expect(page.getByRole("dialog").getByRole("link", { name: "Tiit Toomingas" }).first()).toBeVisible();
  await page.getByRole("dialog").getByRole("button", { name: "Sulge" }).click();
  await page.getByLabel("Ridades").selectOption({ label: "Üksused (kliendi üksus)" });
  await expect(page).toHaveURL(/by=unit/);
  await expect(table.getByRole("rowheader", { name: /Tartu/ })).toHaveCount(0);

  await visit(page, "/reports");
  await page.getByRole("link", { name: /^Kliendid Aktiivsed/ }).click();
  await expect(page.getByRole("heading", { name: "Kliendid", level: 1 })).toBeVisible();
  await page.getByLabel("Periood", { exact: true }).selectOption({ label: "See aasta" });
  await page.getByLabel("Ridades").selectOption({ label: "Sugu" });
  await expect(table.getByRole("rowheader", { name: "mees" })).toBeVisible();
  await xlsxTotalsMatchScreen(page);
  // The county recorded with the address: her clients are in Harju, none of Tartu's.
  await page.getByLabel("Ridades").selectOption({ label: "Maakond" });
  await expect(page).toHaveURL(/by=county/);
  await expect(table.getByRole("rowheader", { name: "Harju maakond" })).toBeVisible();
  await expect(table.getByRole("rowheader", { name: "Tartu maakond" })).toHaveCount(0);
  const csvDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Laadi alla CSV" }).click();
  expect(readFileSync((await (await csvDownload).path())!, "utf8")).toContain("Kokku;");
});
