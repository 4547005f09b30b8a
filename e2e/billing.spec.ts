import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { validateXML } from "xmllint-wasm";
import { startEFinancialsMock, type EFinancialsMock } from "@/server/testing/e-financials-mock";
import { fatalRuleFailures, ublSchemaErrors } from "@/server/testing/ubl-validation";
import { alertOf, DEMO, reloaded, signInWithPassword, visit } from "./fixtures";

/**
 * Month end as the accountant lives it: confirm a client's October, number the funder's invoice,
 * find that sending needs the e-Financials connection, set it up, send all confirmed and watch
 * the status arrive without reloading; the month is then locked for the case manager too.
 * e-Financials is a local stand-in that checks the request signatures.
 */

const XSD = readFileSync(new URL("../server/testing/fixtures/estonian-e-invoice-1.2.xsd", import.meta.url), "utf8");
let mock: EFinancialsMock;

test.beforeAll(async () => {
  mock = await startEFinancialsMock();
});
test.afterAll(() => mock.close());

test("an accountant confirms a month, invoices the funder and sends the e-invoice; the month is locked", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signInWithPassword(page, DEMO.accountant);
  await visit(page, "/billing?month=2026-10");
  const reports = page.getByRole("region", { name: "Teenuse aruanded" });
  const tiit = reports.getByRole("row").filter({ hasText: "Toomingas" });
  await expect(tiit).toContainText("K000123");
  await expect(tiit).toContainText("Kinnitamata");

  // The report: Tiit's October is 2.5 psychologist hours at 29.40.
  await tiit.getByRole("button", { name: /Ava aruanne/ }).click();
  const report = page.getByRole("dialog", { name: "Teenuse aruanne" });
  await expect(report.getByRole("row").filter({ hasText: "2010" })).toContainText(/2,5\s+tund/);
  await expect(report.getByRole("row").filter({ hasText: "Kokku" })).toContainText(/73,50\s€/);
  await expect(report.getByText("Probleeme pole: kuu on kinnitamiseks valmis.")).toBeVisible();
  await report.getByRole("button", { name: "Kinnita kuu" }).click();
  await page.getByRole("dialog", { name: "Kinnitada kuu?" }).getByRole("button", { name: "Kinnita kuu" }).click();
  await expect(report.getByRole("alert").or(report.getByRole("status")).filter({ hasText: "Kuu on kinnitatud ja lukus." })).toBeVisible();
  await report.getByRole("button", { name: "Sulge" }).click();
  await expect(tiit).toContainText("Kinnitatud, lukus");

  // The funder's draft gets its number.
  const invoices = page.getByRole("region", { name: "Arved" });
  const draft = invoices.getByRole("row").filter({ hasText: "Mustand" });
  await expect(draft).toContainText(/73,50\s€/);
  await draft.getByRole("button", { name: /Kinnita arve/ }).click();
  await page.getByRole("dialog", { name: "Kinnitada arve?" }).getByRole("button", { name: "Kinnita arve" }).click();
  const numbered = invoices.getByRole("row").filter({ hasText: "ARV00001" });
  await expect(numbered).toContainText("Kinnitatud");

  // Sending before the connection is set up says what to configure.
  await numbered.getByRole("button", { name: /Saada e-arvena/ }).click();
  await expect(invoices.getByText(/e-arveldaja ühendus on seadistamata/)).toBeVisible();

  // The e-invoice XML is valid against the Estonian e-invoice 1.2 schema.
  const href = await numbered.getByRole("link", { name: /e-arve XML/ }).getAttribute("href");
  const xml = await (await page.request.get(href!)).text();
  const validation = await validateXML({
    xml: [{ fileName: "arve.xml", contents: xml }],
    schema: [{ fileName: "e-arve.xsd", contents: XSD }],
  });
  expect(validation.errors.map((e) => e.rawMessage)).toEqual([]);
  expect(xml).toContain("K000123");
  const pdf = await page.request.get(href!.replace(/xml$/, "pdf"));
  expect(pdf.headers()["content-type"]).toBe("application/pdf");

  // The invoice page offers the EN 16931 (Peppol BIS 3.0) XML: UBL-schema valid, no fatal CEN or Peppol rule.
  const detail = await page.context().newPage();
  await visit(detail, (await numbered.getByRole("link", { name: "ARV00001", exact: true }).getAttribute("href"))!);
  const download = detail.waitForEvent("download");
  await detail.getByRole("link", { name: "EN 16931 e-arve XML" }).click();
  const ubl = readFileSync((await (await download).path())!, "utf8");
  expect((await download).suggestedFilename()).toBe("ARV00001-en16931.xml");
  expect(await ublSchemaErrors(ubl)).toEqual([]);
  expect(await fatalRuleFailures(ubl)).toEqual([]);
  expect(ubl).toContain('<cbc:EndpointID schemeID="0191">70001975</cbc:EndpointID>');
  await detail.close();

  // An administrator sets up the connection meanwhile, in another browser.
  const admin = await (await browser.newContext()).newPage();
  await signInWithPassword(admin, DEMO.admin);
  await visit(admin, "/billing/connection");
  await admin.getByLabel("API aadress").fill(mock.url);
  await admin.getByLabel("Võtme ID").fill(mock.keyId);
  await admin.getByLabel("Avalik väärtus").fill(mock.publicValue);
  await admin.getByLabel("Parool", { exact: true }).fill(mock.password);
  await admin.getByRole("button", { name: "Salvesta" }).click();
  await expect(admin.getByText("Ühendus on salvestatud.")).toBeVisible();
  await admin.context().close();

  // Send all confirmed, on the page that stayed open: the status arrives live.
  await expect(page.getByText("Uueneb automaatselt")).toBeVisible();
  await page.getByRole("button", { name: "Saada kõik kinnitatud" }).click();
  await expect(page.getByText(/1 arve saadetakse/)).toBeVisible();
  const sent = page.getByRole("region", { name: "Arved" }).getByRole("row").filter({ hasText: "ARV00001" });
  await expect(sent.getByRole("status")).toHaveText("Kohale toimetatud");
  await expect(sent).toContainText("Saadetud");
  expect(mock.invoices.filter((i) => String(i.number).includes("ARV00001"))).toHaveLength(1);

  // The case manager can no longer add a service in the locked month.
  const caseManager = await (await browser.newContext()).newPage();
  await signInWithPassword(caseManager, DEMO.caseManager);
  await visit(caseManager, "/clients");
  await caseManager.getByLabel("Otsi").fill("Toomingas");
  await caseManager.getByRole("link", { name: "Toomingas, Tiit" }).click();
  await caseManager.getByRole("link", { name: "Andmestik" }).click();
  const entry = caseManager.getByRole("form", { name: "Lisa sissekanne" });
  await entry.getByLabel("Teenus").selectOption({ label: "2010 Psühholoogi individuaalne teenus (h)" });
  await entry.getByLabel("Kuupäev").fill("2026-10-27");
  await entry.getByLabel("Kogus").fill("1");
  await entry.getByRole("button", { name: "Salvesta sissekanne" }).click();
  await expect(alertOf(caseManager)).toHaveText(/Kuu 10.2026 on selle kliendi jaoks kinnitatud ja lukus/);
  await caseManager.context().close();

  // Nor can the specialist book a session in it, or move one of this month's sessions into it.
  const specialist = await (await browser.newContext()).newPage();
  await signInWithPassword(specialist, DEMO.psychologist);
  await visit(specialist, "/calendar?date=2026-10-28");
  await expect(specialist.getByText("Uueneb reaalajas")).toBeVisible();
  await specialist.getByRole("button", { name: "Broneeri aeg", exact: true }).click();
  const book = specialist.getByRole("dialog", { name: "Broneeri seanss" });
  await book.getByLabel("Teenus").selectOption({ label: "2010 Psühholoogi individuaalne teenus" });
  await book.getByLabel("Kuupäev").fill("2026-10-28");
  await book.getByLabel("Algus").fill("09:00");
  await book.getByLabel("Lõpp").fill("10:00");
  await book.getByLabel("Otsi klienti").fill("Toomingas");
  await book.getByRole("checkbox", { name: /Tiit Toomingas/ }).check();
  await book.getByRole("button", { name: "Broneeri", exact: true }).click();
  await expect(book.getByRole("alert")).toHaveText(/Kuu 10.2026 on selle kliendi jaoks kinnitatud ja lukus/);
  await book.getByRole("button", { name: "Loobu" }).click();

  await visit(specialist, "/calendar");
  await expect(specialist.getByText("Uueneb reaalajas")).toBeVisible();
  await specialist
    .getByRole("button", { name: /Psühholoogi individuaalne teenus, .*Tiit Toomingas/ })
    .first()
    .click();
  const details = specialist.getByRole("dialog", { name: "Seanss" });
  await details.getByRole("button", { name: "Muuda aega või ruumi" }).click();
  await details.getByLabel("Kuupäev").fill("2026-10-29");
  await details.getByRole("button", { name: "Salvesta uus aeg" }).click();
  await expect(details.getByRole("alert")).toHaveText(/Kuu 10.2026 on selle kliendi jaoks kinnitatud ja lukus/);
  await specialist.context().close();
});

test("the accountant narrows the month by client, funder and status, keeps the filters in the address, and sorts the invoices", async ({
  page,
}) => {
  await signInWithPassword(page, DEMO.accountant);
  await visit(page, "/billing?month=2026-10");
  const reports = page.getByRole("region", { name: "Teenuse aruanded" });
  const tiit = reports.getByRole("row").filter({ hasText: "Toomingas" });
  const mihkel = reports.getByRole("row").filter({ hasText: "Mägi" });
  await expect(tiit).toBeVisible();
  const filters = page.getByRole("search", { name: "Arvelduse filtrid" });

  // A client's name, in any case: only that client's decisions remain, and the address keeps it.
  await filters.getByLabel("Klient").fill("mägi");
  await expect(tiit).toHaveCount(0);
  await expect(mihkel.first()).toBeVisible();
  await expect(page).toHaveURL(/client=m%C3%A4gi/);
  await reloaded(page);
  await expect(filters.getByLabel("Klient")).toHaveValue("mägi");
  await expect(tiit).toHaveCount(0);
  await expect(mihkel.first()).toBeVisible();

  // Mihkel's decision is special welfare: under the social rehabilitation funder nothing matches.
  await filters.getByLabel("Rahastaja").selectOption({ label: "Sotsiaalkindlustusamet – sotsiaalne rehabilitatsioon" });
  await expect(reports.getByText("Filtritele vastavaid kliente sel kuul ei ole.")).toBeVisible();
  await filters.getByRole("button", { name: "Tühjenda filtrid" }).click();
  await expect(tiit).toBeVisible();

  // Confirmed reports only: Tiit's October was confirmed above; every row left says so.
  await reports.getByLabel("Aruande seis").selectOption("confirmed");
  await expect(tiit).toContainText("Kinnitatud, lukus");
  for (const row of await reports.locator("tbody tr").all()) await expect(row).toContainText("Kinnitatud");

  // Invoices sort by any column header; the header says which way.
  const invoices = page.getByRole("region", { name: "Arved" });
  const total = invoices.getByRole("columnheader", { name: /Summa/ });
  await expect(total).toHaveAttribute("aria-sort", "none");
  await total.getByRole("button").click();
  await expect(total).toHaveAttribute("aria-sort", "ascending");
  await total.getByRole("button").click();
  await expect(total).toHaveAttribute("aria-sort", "descending");
  const sums = (await invoices.locator("tbody tr td:nth-child(6)").allInnerTexts()).map((s) =>
    Number(s.replace(/[^\d,-]/g, "").replace(",", ".")),
  );
  expect(sums).toEqual([...sums].sort((a, b) => b - a));
  await expect(invoices.getByRole("columnheader", { name: /Periood/ })).toBeVisible();
  await expect(invoices.getByRole("columnheader", { name: /Kuupäev/ })).toBeVisible();
});

test("a month report whose contents cannot be fetched says so instead of waiting for ever", async ({ page }) => {
  await signInWithPassword(page, DEMO.accountant);
  await visit(page, "/billing?month=2026-08");
  // The connection drops exactly when the report is asked for (and each time it is asked again).
  await page.route(/\/api\/trpc\/[^?]*billing\.reports\.preview/, (route) => route.abort("connectionreset"));
  const tiit = page.getByRole("region", { name: "Teenuse aruanded" }).getByRole("row").filter({ hasText: "Toomingas" });
  await tiit.getByRole("button", { name: /Ava aruanne/ }).click();
  const report = page.getByRole("dialog", { name: "Teenuse aruanne" });
  await expect(report.getByRole("alert")).toHaveText(/Ühendus serveriga katkes/);
  await expect(report.getByRole("button", { name: "Kinnita kuu" })).toHaveCount(0);
});
