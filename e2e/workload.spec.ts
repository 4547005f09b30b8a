import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { addDays } from "@/lib/calendar-days";
import { publicHolidays, weekday } from "@/lib/holidays";
import { tallinnDate } from "@/lib/tallinn-time";
import { alertOf, DEMO, signInWithPassword, unique, visit } from "./fixtures";

/**
 * Workload plans, the dashboard and time accounting as people use them: a manager books a
 * session for a specialist from the specialist's plan and marks it done, while the specialist's
 * plan and the manager's dashboard, open in other browsers, follow without reloading; the time
 * sheet downloads as XLSX whose totals are the table's; general work is logged with refusals
 * that name the field; an approved month is locked for the people in it.
 */

/** Changes reach other open pages without a reload; a few seconds' grace for a loaded CI machine. */
const LIVE = { timeout: 5_000 };

const TODAY = tallinnDate(new Date());
const MONTH = TODAY.slice(0, 7);

/** Days of this month that are weekdays and no public holiday, or weekend days. */
function daysOfMonth(weekend: boolean): string[] {
  const holidays = new Set(publicHolidays(Number(MONTH.slice(0, 4))).map((h) => h.date));
  const days: string[] = [];
  for (let d = `${MONTH}-01`; d.startsWith(MONTH); d = addDays(d, 1)) {
    const off = weekday(d) === 0 || weekday(d) === 6;
    if (off === weekend && !holidays.has(d)) days.push(d);
  }
  return days;
}

/** A working day of this month at random; the demo's own sessions are at 10:00, this books 16:00. */
const DAY = (() => {
  const days = daysOfMonth(false);
  return days[Math.floor(Math.random() * days.length)]!;
})();
/** How the lists write DAY: "25.11", "05.12" (lib/format.ts weekdayDay). */
const DAY_LABEL = `${DAY.slice(8)}.${DAY.slice(5, 7)}`;

async function signedIn(browser: Browser, code: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInWithPassword(page, code);
  return page;
}

/** "1,5 h", "1,5" or "−2" as a number. */
const hoursOf = async (locator: Locator) =>
  Number((await locator.innerText()).replace(/\s*h$/, "").replace(",", ".").replace("\u2212", "-").replace(/\s/g, ""));

/** A figure of the workload plan ("Kokku lepitud", "Tehtud"…), in hours. */
const figure = (page: Page, name: string) => hoursOf(page.getByRole("group", { name }).getByRole("definition"));

/** A cell of a specialist's line on the dashboard: 0 possible, 1 agreed, 2 done. */
const dashboardCell = (page: Page, person: string, index: number) =>
  hoursOf(
    page
      .getByRole("region", { name: "Spetsialistide koormus sel kuul" })
      .getByRole("row", { name: new RegExp(person) })
      .getByRole("cell")
      .nth(index),
  );

test("the specialist's plan and the manager's dashboard follow a booking and its completion made in another browser", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  // Kadri's dashboard and Jaan's own plan, each in a browser of its own, listening.
  const dashboard = await signedIn(browser, DEMO.manager);
  await visit(dashboard, "/dashboard");
  await expect(
    dashboard.getByRole("region", { name: "Spetsialistide koormus sel kuul" }).getByRole("row", { name: /Jaan Saar/ }),
  ).toBeVisible();
  await expect(dashboard.getByText("Uueneb reaalajas")).toBeVisible();
  const jaan = await signedIn(browser, DEMO.psychologist);
  await visit(jaan, "/workload");
  await expect(jaan.getByRole("heading", { name: "Koormusplaan" })).toBeVisible();
  await expect(jaan.getByRole("group", { name: "Kokku lepitud" })).toBeVisible();
  await expect(jaan.getByText("Uueneb reaalajas")).toBeVisible();
  const before = {
    planAgreed: await figure(jaan, "Kokku lepitud"),
    planDone: await figure(jaan, "Tehtud"),
    dashAgreed: await dashboardCell(dashboard, "Jaan Saar", 1),
    dashDone: await dashboardCell(dashboard, "Jaan Saar", 2),
  };

  // In a third browser, Kadri opens Jaan's plan and books Tiit Toomingas with him straight from it.
  const booker = await signedIn(browser, DEMO.manager);
  await visit(booker, "/workload");
  const person = booker.getByLabel("Töötaja");
  await expect(person.locator("option", { hasText: "Saar, Jaan" })).toHaveCount(1);
  await person.selectOption({ label: "Saar, Jaan" });
  await expect(booker.getByRole("heading", { name: "Koormusplaan: Jaan Saar" })).toBeVisible();
  await booker.getByRole("button", { name: "Broneeri seanss", exact: true }).click();
  const dialog = booker.getByRole("dialog", { name: "Broneeri seanss" });
  await dialog.getByLabel("Teenus").selectOption({ label: "2010 Psühholoogi individuaalne teenus" });
  await dialog.getByLabel("Kuupäev").fill(DAY);
  await dialog.getByLabel("Algus").fill("16:00");
  await dialog.getByLabel("Lõpp").fill("17:00");
  await dialog.getByLabel("Otsi klienti").fill("Toomingas");
  await dialog.getByRole("checkbox", { name: /Tiit Toomingas/ }).check();
  await expect(dialog.getByRole("checkbox", { name: /Jaan Saar/ })).toBeChecked();
  await dialog.getByRole("button", { name: "Broneeri", exact: true }).click();
  await expect(booker.getByRole("status").filter({ hasText: "Seanss broneeritud" })).toBeVisible();

  // Without reloading, one more agreed hour in Jaan's plan and on Kadri's dashboard.
  await expect.poll(() => figure(jaan, "Kokku lepitud")).toBe(before.planAgreed + 1);
  await expect.poll(() => dashboardCell(dashboard, "Jaan Saar", 1)).toBe(before.dashAgreed + 1);
  await expect(
    jaan
      .getByRole("row")
      .filter({ hasText: "16:00–17:00" })
      .filter({ hasText: new RegExp(`\\b${DAY_LABEL.replace(".", "\\.")}\\b`) }),
  ).toContainText("Tiit Toomingas");

  // Kadri marks it done from the plan's list of sessions.
  const row = booker
    .getByRole("row")
    .filter({ hasText: "16:00–17:00" })
    .filter({ hasText: new RegExp(`\\b${DAY_LABEL.replace(".", "\\.")}\\b`) });
  await row.getByRole("button", { name: /^Ava seanss/ }).click();
  const session = booker.getByRole("dialog", { name: "Seanss" });
  await session.getByRole("button", { name: "Märgi tehtuks" }).click();
  await expect(booker.getByRole("status").filter({ hasText: "Seanss on tehtud" })).toBeVisible();

  // The hour moves from agreed to done in both other browsers.
  await expect.poll(() => figure(jaan, "Tehtud")).toBe(before.planDone + 1);
  await expect.poll(() => figure(jaan, "Kokku lepitud")).toBe(before.planAgreed);
  await expect.poll(() => dashboardCell(dashboard, "Jaan Saar", 2)).toBe(before.dashDone + 1);
  await expect.poll(() => dashboardCell(dashboard, "Jaan Saar", 1)).toBe(before.dashAgreed);
  // The dashboard names no client.
  await expect(dashboard.getByText("Toomingas")).toHaveCount(0);
});

test("the time sheet downloads as XLSX that opens with the table's totals; a line opens to its entries", async ({ page }) => {
  await signInWithPassword(page, DEMO.manager);
  await visit(page, "/time-accounting");
  await expect(page.getByRole("heading", { name: "Tööaja arvestus" })).toBeVisible();
  await expect(page.getByLabel("Üksus").locator("option:checked")).toHaveText(/Tallinn$/);
  const table = page.getByRole("table", { name: "Tööaja arvestus" });
  const totals = table.locator("tfoot tr");
  await expect(totals).toContainText("Kokku");
  const onScreen = await totals.getByRole("cell").allInnerTexts();
  const screenFigures = onScreen
    .filter((text) => text.trim() !== "")
    .map((text) => Number(text.replace(",", ".").replace("\u2212", "-").replace(/\s/g, "")));
  expect(screenFigures.length).toBeGreaterThan(3);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Laadi alla XLSX", exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`tooaja-arvestus-tallinn-${MONTH}.xlsx`);
  const book = new ExcelJS.Workbook();
  const bytes = readFileSync((await download.path())!);
  await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  let totalsRow: ExcelJS.Row | undefined;
  sheet.eachRow((r) => {
    if (r.getCell(1).value === "Kokku") totalsRow = r;
  });
  expect(totalsRow, "the workbook has a totals row").toBeDefined();
  // A totals cell is a SUM formula with its value; where a reader drops the value (exceljs does
  // for 0), work the formula out as a spreadsheet would on opening the file.
  const valueOf = (cell: ExcelJS.Cell): number => {
    const v = cell.value as number | { formula: string; result?: number };
    if (typeof v === "number") return v;
    if (typeof v.result === "number") return v.result;
    const [, from, to] = /^SUM\(([A-Z]+\d+):([A-Z]+\d+)\)$/.exec(v.formula)!;
    const first = Number(sheet.getCell(from!).row);
    const last = Number(sheet.getCell(to!).row);
    let sum = 0;
    for (let r = first; r <= last; r++) sum += Number(sheet.getCell(r, Number(cell.col)).value);
    return Math.round(sum * 100) / 100;
  };
  const fileFigures: number[] = [];
  totalsRow!.eachCell((cell, col) => {
    if (col > 1) fileFigures.push(valueOf(cell));
  });
  expect(fileFigures).toEqual(screenFigures);
  // The people in the file are the people on screen.
  const people = await table.locator("tbody th").allInnerTexts();
  const inFile: string[] = [];
  sheet.eachRow((r, n) => {
    if (n > 2 && r.getCell(1).value !== "Kokku") inFile.push(String(r.getCell(1).value));
  });
  expect(inFile).toEqual(people.map((p) => p.trim()));

  // Jaan's line opens to the general work behind it.
  await table.getByRole("button", { name: "Ava tunnid: Saar, Jaan" }).click();
  const details = page.getByRole("dialog", { name: "Töötaja tunnid" });
  await expect(details.getByRole("heading", { name: "Üldtöö" })).toBeVisible();
  await details.getByRole("button", { name: "Sulge", exact: true }).click();
});

test("people without client work are left out of time accounting; the manager counts one again and leaves them out", async ({ page }) => {
  await signInWithPassword(page, DEMO.manager);
  await visit(page, "/time-accounting");
  const table = page.getByRole("table", { name: "Tööaja arvestus" });
  await expect(table.getByRole("row", { name: /Saar, Jaan/ })).toBeVisible();
  // The demo's front desk, administrator and accountant have no client work and no hours.
  const leftOut = page.getByRole("region", { name: "Arvestusest välja jäetud" });
  await expect(leftOut).toContainText("Kuusk, Karl");
  await expect(leftOut).toContainText("Raud, Anne");
  const karl = table.getByRole("row", { name: /Kuusk, Karl/ });
  await expect(karl).toHaveCount(0);

  await leftOut.getByRole("button", { name: "Arvesta tööaega: Kuusk, Karl" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Kuusk, Karl on taas tööaja arvestuses." })).toBeVisible();
  await expect(karl).toBeVisible();
  await expect(leftOut).not.toContainText("Kuusk, Karl");

  await table.getByRole("button", { name: "Ava tunnid: Kuusk, Karl" }).click();
  const details = page.getByRole("dialog", { name: "Töötaja tunnid" });
  await details.getByRole("button", { name: "Jäta tööaja arvestusest välja", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Kuusk, Karl jäeti tööaja arvestusest välja." })).toBeVisible();
  await expect(karl).toHaveCount(0);
  await expect(leftOut).toContainText("Kuusk, Karl");
});

test("a specialist logs general work; more than 24 hours a day is refused at the hours field; a deletion is asked first; the manager's time sheet follows", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  // Kadri's time sheet, open in a browser of its own: Jaan's general work total, live.
  const kadri = await signedIn(browser, DEMO.manager);
  await visit(kadri, "/time-accounting");
  const jaansLine = kadri.getByRole("table", { name: "Tööaja arvestus" }).getByRole("row", { name: /Saar, Jaan/ });
  await expect(jaansLine).toBeVisible();
  await expect(kadri.getByText("Uueneb reaalajas")).toBeVisible();
  // Cells from the end: approved, difference, possible, total, general work total.
  const jaansGeneral = async () => {
    const cells = jaansLine.getByRole("cell");
    return hoursOf(cells.nth((await cells.count()) - 5));
  };
  const sheetBefore = await jaansGeneral();

  await signInWithPassword(page, DEMO.psychologist);
  await visit(page, "/workload");
  await expect(page.getByRole("group", { name: "Üldtöö" })).toBeVisible();
  const generalBefore = await figure(page, "Üldtöö");
  // A weekend day of this month: the demo logs general work on working days only.
  const weekendDays = daysOfMonth(true);
  const day = weekendDays[Math.floor(Math.random() * weekendDays.length)]!;

  const add = async (hours: string) => {
    await page.getByRole("button", { name: "Lisa üldtöö", exact: true }).click();
    const form = page.getByRole("dialog", { name: "Lisa üldtöö" });
    await form.getByLabel("Kuupäev").fill(day);
    await form.getByLabel("Liik").selectOption({ label: "Koosolek" });
    await form.getByLabel("Tunnid").fill(hours);
    await form.getByRole("button", { name: "Salvesta", exact: true }).click();
    return form;
  };
  const tooMany = await add("25");
  await expect(tooMany.getByLabel("Tunnid")).toHaveAccessibleDescription(/Tunde peab olema rohkem kui 0 ja kuni 24\./);
  await tooMany.getByLabel("Tunnid").fill("20");
  await tooMany.getByRole("button", { name: "Salvesta", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Üldtöö sisestatud." })).toBeVisible();
  await expect.poll(() => figure(page, "Üldtöö")).toBe(generalBefore + 20);
  await expect.poll(jaansGeneral, LIVE).toBe(sheetBefore + 20);

  const overDay = await add("5");
  await expect(overDay.getByLabel("Tunnid")).toHaveAccessibleDescription(/on juba 20 tundi tööd: päevas saab kokku olla kuni 24 tundi\./);
  await overDay.getByRole("button", { name: "Loobu", exact: true }).click();

  const label = `${day.slice(8)}.${day.slice(5, 7)}`;
  await page.getByRole("button", { name: new RegExp(`^Kustuta: .*\\b${label.replace(".", "\\.")} Koosolek$`) }).click();
  const confirm = page.getByRole("dialog", { name: "Kustuta üldtöö" });
  await expect(confirm).toContainText("20 h");
  await confirm.getByRole("button", { name: "Kustuta sissekanne", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sissekanne kustutatud." })).toBeVisible();
  await expect.poll(() => figure(page, "Üldtöö")).toBe(generalBefore);
  await expect.poll(jaansGeneral, LIVE).toBe(sheetBefore);
  await kadri.context().close();
});

test("an approved month is locked for the team's people until the manager re-opens it", async ({ browser }) => {
  test.setTimeout(120_000);
  const previous = addDays(`${MONTH}-01`, -1).slice(0, 7);
  const kadri = await signedIn(browser, DEMO.manager);
  await visit(kadri, `/time-accounting?month=${previous}`);
  const unit = kadri.getByLabel("Üksus");
  const team = unit.locator("option", { hasText: "Tallinna meeskond 1" });
  await expect(team).toHaveCount(1);
  await unit.selectOption((await team.getAttribute("value"))!);
  // The team's own sheet: Jaan is on it, the head of Tallinn is not.
  const table = kadri.getByRole("table", { name: "Tööaja arvestus" });
  await expect(table).toContainText("Saar, Jaan");
  await expect(table).not.toContainText("Tamm, Kadri");
  await kadri.getByRole("button", { name: "Kinnita kuu", exact: true }).click();
  await kadri.getByRole("dialog", { name: "Kinnita tööajatabel" }).getByRole("button", { name: "Kinnita kuu", exact: true }).click();
  await expect(kadri.getByRole("status").filter({ hasText: /Kuu kinnitatud \d+ töötajal\./ })).toBeVisible();
  await expect(kadri.getByText(/^kinnitatud \d/)).toBeVisible();

  const jaan = await signedIn(browser, DEMO.psychologist);
  await visit(jaan, `/workload?month=${previous}`);
  await expect(jaan.getByText("Selle kuu tööajatabel on kinnitatud")).toBeVisible();
  await expect(jaan.getByRole("button", { name: "Lisa üldtöö", exact: true })).toHaveCount(0);

  await kadri.getByRole("button", { name: "Ava uuesti", exact: true }).click();
  await kadri.getByRole("dialog", { name: "Ava tööajatabel uuesti" }).getByRole("button", { name: "Ava uuesti", exact: true }).click();
  await expect(kadri.getByRole("status").filter({ hasText: "Tööajatabel on uuesti avatud" })).toBeVisible();
  // Jaan's plan, open all along, hears of it: no reload.
  await expect(jaan.getByRole("button", { name: "Lisa üldtöö", exact: true })).toBeVisible(LIVE);
  await expect(jaan.getByText("Selle kuu tööajatabel on kinnitatud")).toHaveCount(0);
  await expect(alertOf(jaan)).toHaveCount(0);
});

test("a manager adds a general work type for the team, which its people can then log time under, and retires it", async ({
  page,
  browser,
}) => {
  const type = unique("Supervisioon");
  await signInWithPassword(page, DEMO.manager);
  await visit(page, "/workload/types");
  // The list is fetched in the browser: once it shows, the page's buttons respond.
  await expect(page.getByRole("row").filter({ hasText: "Koosolek" })).toBeVisible();
  await page.getByRole("button", { name: "Lisa liik" }).click();
  const form = page.getByRole("dialog", { name: "Lisa liik" });
  await form.getByLabel("Kehtib").selectOption({ label: "Tallinn" });
  await form.getByRole("button", { name: "Salvesta", exact: true }).click();
  await expect(form.getByLabel("Nimi")).toHaveAccessibleDescription("Kohustuslik väli.");
  await form.getByLabel("Nimi").fill(type);
  await form.getByRole("button", { name: "Salvesta", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Liik salvestatud.");
  const row = page.getByRole("row").filter({ hasText: type });
  await expect(row).toContainText("Tallinn");
  await expect(row).toContainText("Kasutusel");

  // Jaan, in a team under Tallinn, may log general work under it.
  const jaan = await signedIn(browser, DEMO.psychologist);
  const offered = async () => {
    await visit(jaan, "/workload");
    await expect(jaan.getByRole("group", { name: "Üldtöö" })).toBeVisible();
    await jaan.getByRole("button", { name: "Lisa üldtöö", exact: true }).click();
    // The dialog's code loads with this first click: read its list once the standard types are in it.
    const kinds = jaan.getByRole("dialog", { name: "Lisa üldtöö" }).getByLabel("Liik").locator("option");
    await expect(kinds.filter({ hasText: "Koosolek" })).toHaveCount(1);
    const options = await kinds.allInnerTexts();
    return options.some((o) => o.includes(type));
  };
  expect(await offered()).toBe(true);

  // Retired, it is no longer offered for new entries.
  await page.getByRole("button", { name: `Muuda: ${type}` }).click();
  const edit = page.getByRole("dialog", { name: "Muuda liiki" });
  await edit.getByLabel("Kasutusel").uncheck();
  await edit.getByRole("button", { name: "Salvesta", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Liik salvestatud.");
  await expect(row).toContainText("Kasutusest väljas");
  expect(await offered()).toBe(false);
  await jaan.context().close();
});
