import { expect, test } from "@playwright/test";
import { SMTPServer } from "smtp-server";
import { SMTP_PORT } from "../playwright.config";
import { DEMO, nav, signInWithPassword, visit } from "./fixtures";

/**
 * A funder that takes its invoices by e-mail: the administrator sets the funder's channel, the
 * psychologist records Olga's November session in her dataset, the accountant confirms that month
 * (TRT), numbers the invoice and sends it from the
 * invoice's own page; the mail with the PDF and XML reaches the SMTP server, and the attempt
 * with the server's answer is listed on the page.
 */

const mails: { to: string[]; raw: string }[] = [];
let smtp: SMTPServer;

test.beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(SMTP_PORT, "127.0.0.1", resolve));
});
test.afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

test("the accountant sends an invoice by e-mail from its page and sees the attempt listed", async ({ page }) => {
  test.setTimeout(180_000);
  await signInWithPassword(page, DEMO.admin);
  await nav(page).getByRole("link", { name: "Rahastajad" }).click();
  await page.getByRole("button", { name: /Muuda rahastajat Eesti Töötukassa/ }).click();
  const form = page.getByRole("dialog", { name: "Muuda rahastajat" });
  await form.getByLabel("Maksja e-post").fill("arved@tootukassa.example");
  await form.getByLabel("Arvete saatmine").selectOption({ label: "E-postiga (PDF ja XML)" });
  await form.getByRole("button", { name: "Salvesta" }).click();
  await expect(page.getByRole("status")).toHaveText("Rahastaja andmed salvestatud.");
  await page.context().clearCookies();

  // Olga's November, a month of its own: September and October are payments.spec's.
  await signInWithPassword(page, DEMO.psychologist);
  await visit(page, "/clients");
  await page.getByRole("link", { name: "Ivanova, Olga" }).click();
  await page.getByRole("link", { name: "Andmestik" }).click();
  const entry = page.getByRole("form", { name: "Lisa sissekanne" });
  const service = entry.getByLabel("Teenus");
  await expect(service.locator("option", { hasText: "T2010" })).toHaveCount(1);
  await service.selectOption((await service.locator("option", { hasText: "T2010" }).getAttribute("value"))!);
  await entry.getByLabel("Kuupäev").fill("2026-11-10");
  await entry.getByLabel("Kogus").fill("1");
  await entry.getByRole("button", { name: "Salvesta sissekanne" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sissekanne lisatud" })).toBeVisible();
  await page.context().clearCookies();

  await signInWithPassword(page, DEMO.accountant);
  await visit(page, "/billing?month=2026-11");
  const olga = page.getByRole("region", { name: "Teenuse aruanded" }).getByRole("row").filter({ hasText: "Ivanova" });
  await olga.getByRole("button", { name: /Ava aruanne/ }).click();
  const report = page.getByRole("dialog", { name: "Teenuse aruanne" });
  await report.getByRole("button", { name: "Kinnita kuu" }).click();
  await page.getByRole("dialog", { name: "Kinnitada kuu?" }).getByRole("button", { name: "Kinnita kuu" }).click();
  await expect(report.getByRole("alert").or(report.getByRole("status")).filter({ hasText: "Kuu on kinnitatud ja lukus." })).toBeVisible();
  await report.getByRole("button", { name: "Sulge" }).click();

  const invoices = page.getByRole("region", { name: "Arved" });
  const draft = invoices.getByRole("row").filter({ hasText: "Töötukassa" }).filter({ hasText: "Mustand" });
  await draft.getByRole("button", { name: /Kinnita arve/ }).click();
  await page.getByRole("dialog", { name: "Kinnitada arve?" }).getByRole("button", { name: "Kinnita arve" }).click();
  const numbered = invoices.getByRole("row").filter({ hasText: "Töötukassa" }).filter({ hasText: "Kinnitatud" });
  const link = numbered.getByRole("link", { name: /^ARV\d+$/ });
  const number = (await link.textContent())!.trim();
  await link.click();

  await expect(page.getByRole("heading", { name: `Arve ${number}` })).toBeVisible();
  const sending = page.getByRole("region", { name: "Saatmine" });
  await expect(sending).toContainText("Saatmisviis: e-postiga (PDF ja XML)");
  await sending.getByRole("button", { name: "Saada e-postiga" }).click();
  await expect(sending.getByRole("status")).toContainText("Arve on saadetud.");

  const history = page.getByRole("region", { name: "Saatmise ajalugu" });
  const attempt = history.getByRole("row").filter({ hasText: "mailto:arved@tootukassa.example" });
  await expect(attempt).toContainText("e-postiga (PDF ja XML)");
  await expect(attempt).toContainText("250");
  expect(mails.at(-1)!.to).toEqual(["arved@tootukassa.example"]);
  expect(mails.at(-1)!.raw).toContain(`${number}.pdf`);
  // The funder's e-invoice: EN 16931 unless it agreed to the Estonian e-invoice 1.2.
  expect(mails.at(-1)!.raw).toContain(`${number}-en16931.xml`);
});
