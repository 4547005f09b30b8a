import { writeFileSync } from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { formatFor } from "@/lib/format";
import { buildCamt053 } from "@/server/testing/camt-builder";
import { alertOf, DEMO, signInWithPassword, visit } from "./fixtures";

/**
 * The accountant's receivables: three of the demo's months are invoiced (set up through the
 * same tRPC calls the billing page makes), the bank's camt.053 statement comes in with one
 * payment by reference, one naming the invoice number with the exact amount and one the app
 * cannot place. Two invoices are paid at once, one payment waits; the accountant assigns it and
 * the invoice list and the invoice's own page agree. A second import changes nothing.
 */

const DEMO_IBAN = "EE382200221020145685";

type Invoice = { id: string; number: string; referenceNumber: string; totalCents: number };

async function trpc<T>(request: APIRequestContext, path: string, input: unknown, mutation = false): Promise<T> {
  const response = mutation
    ? await request.post(`/api/trpc/${path}`, { data: { json: input } })
    : await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

/** Confirms a client's month and numbers the funder's invoice for it, as the billing page does. */
async function invoiceMonth(request: APIRequestContext, client: string, month: string): Promise<Invoice> {
  const rows = await trpc<{ decisionId: string; clientName: string }[]>(request, "billing.months.list", { month });
  const row = rows.find((r) => r.clientName.includes(client));
  expect(row, `${client} in ${month}`).toBeDefined();
  const { invoiceId } = await trpc<{ invoiceId: string }>(request, "billing.reports.confirm", { decisionId: row!.decisionId, month }, true);
  return trpc<Invoice>(request, "billing.invoices.confirm", { id: invoiceId }, true);
}

const euros = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
/** An amount as the pages write it ("1 234,50 €", lib/format.ts), any kind of space matching. */
const shown = (cents: number) =>
  new RegExp(
    formatFor("et")
      .money(cents)
      .replace(/[\s\u00a0\u202f]/g, "\\s"),
  );

test("the accountant imports a statement, two invoices are paid, assigns the waiting payment; the receivables agree", async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await signInWithPassword(page, DEMO.accountant);
  const bySeptemberRef = await invoiceMonth(page.request, "Ivanova", "2026-09");
  const byNumber = await invoiceMonth(page.request, "Mägi", "2026-10");
  const waiting = await invoiceMonth(page.request, "Ivanova", "2026-10");

  const statement = testInfo.outputPath("valjavote.xml");
  writeFileSync(
    statement,
    buildCamt053({
      iban: DEMO_IBAN,
      entries: [
        { amount: euros(bySeptemberRef.totalCents), reference: bySeptemberRef.referenceNumber, payer: "Eesti Töötukassa" },
        { amount: euros(byNumber.totalCents), text: `Arve ${byNumber.number} tasumine`, payer: "Sotsiaalkindlustusamet" },
        { amount: euros(waiting.totalCents), text: "Teenuste eest", payer: "Eesti Töötukassa" },
      ],
    }),
  );

  await visit(page, "/billing?month=2026-10");
  const importPanel = page.getByRole("region", { name: "Pangaväljavõtte import" });
  // The file picker speaks the page's language, whatever the browser's: no "Choose File".
  await expect(importPanel.getByText("Faili pole valitud")).toBeVisible();
  await expect(importPanel.getByText("Vali fail", { exact: true })).toBeVisible();
  await importPanel.getByLabel("Väljavõtte fail (camt.053 XML)").setInputFiles(statement);
  await expect(importPanel.getByText("valjavote.xml")).toBeVisible();
  await importPanel.getByRole("button", { name: "Impordi väljavõte" }).click();
  await expect(importPanel.getByRole("status")).toContainText("3 uut laekumist, neist arvetega seotud 2, sidumist ootab 1.");
  await expect(importPanel.getByRole("status")).toContainText(
    `Makstuks said: ${[bySeptemberRef.number, byNumber.number].sort().join(", ")}.`,
  );

  // One payment waits, with why.
  const waitingList = page.getByRole("region", { name: "Sidumata laekumised" });
  const row = waitingList.getByRole("row").filter({ hasText: "Teenuste eest" });
  await expect(row).toContainText("Viitenumbrit ega arve numbrit ei leitud");
  await expect(row).toContainText(shown(waiting.totalCents));

  // Assigned by hand to the October invoice.
  await row.getByRole("button", { name: /Seo arvega/ }).click();
  const dialog = page.getByRole("dialog", { name: "Seo laekumine arvetega" });
  await dialog.getByRole("checkbox", { name: `Vali arve ${waiting.number}` }).check();
  await expect(dialog.getByRole("textbox", { name: `Summa arvele ${waiting.number}` })).toHaveValue(
    euros(waiting.totalCents).replace(".", ","),
  );
  await dialog.getByRole("button", { name: "Seo", exact: true }).click();
  await expect(waitingList.getByText("Laekumine on arvetega seotud.")).toBeVisible();
  await expect(waitingList.getByText("Sidumata laekumisi pole.")).toBeVisible();

  // The invoice list of October agrees: both paid, nothing open.
  const invoices = page.getByRole("region", { name: "Arved" });
  for (const inv of [byNumber, waiting]) {
    const line = invoices.getByRole("row").filter({ hasText: inv.number });
    await expect(line).toContainText("Makstud");
    // Cells: number, period, date, funder, client, total, paid, outstanding.
    await expect(line.getByRole("cell").nth(7)).toHaveText(/0,00\s€/);
  }
  // None of them is overdue.
  await expect(page.getByRole("region", { name: "Tähtaja ületanud arved" })).not.toContainText(waiting.number);

  // The September invoice's own page: paid by reference from the statement.
  await visit(page, `/billing/invoices/${bySeptemberRef.id}`);
  const payment = page.getByRole("region", { name: "Tasumine" });
  await expect(payment).toContainText("viitenumbri järgi · pangaväljavõte");
  await expect(payment.getByRole("definition").nth(2)).toHaveText(/0,00\s€/);

  // The income report agrees: by service month, Töötukassa's September and October are paid in
  // full, and the special-welfare October too.
  await visit(page, "/reports/income?from=2026-09-01&to=2026-10-31&basis=accrual&measure=paid");
  const income = page.locator("table.report-table");
  await expect(income.getByRole("row").filter({ hasText: "Töötukassa" })).toContainText(
    shown(bySeptemberRef.totalCents + waiting.totalCents),
  );
  await expect(income.getByRole("row").filter({ hasText: "erihoolekanne" })).toContainText(shown(byNumber.totalCents));

  // The same statement again changes nothing.
  await visit(page, "/billing?month=2026-10");
  await importPanel.getByLabel("Väljavõtte fail (camt.053 XML)").setInputFiles(statement);
  await importPanel.getByRole("button", { name: "Impordi väljavõte" }).click();
  await expect(importPanel.getByRole("status")).toHaveText("See väljavõte on juba imporditud; midagi ei muutunud.");
  await expect(waitingList.getByText("Sidumata laekumisi pole.")).toBeVisible();

  // Another account's statement is refused with both accounts named.
  const foreign = testInfo.outputPath("teine-konto.xml");
  writeFileSync(foreign, buildCamt053({ iban: "EE062200221055091967", entries: [{ amount: "1.00" }] }));
  await importPanel.getByLabel("Väljavõtte fail (camt.053 XML)").setInputFiles(foreign);
  await importPanel.getByRole("button", { name: "Impordi väljavõte" }).click();
  await expect(alertOf(page)).toContainText("Väljavõte on konto EE062200221055091967 kohta, asutuse konto on EE382200221020145685.");
});
