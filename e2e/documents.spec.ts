import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { DEMO, signInWithPassword } from "./fixtures";

async function pdfText(path: string): Promise<string> {
  const task = getDocument({ data: new Uint8Array(readFileSync(path)), verbosity: 0, disableFontFace: true, useSystemFonts: false });
  const doc = await task.promise;
  let text = "";
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    text += content.items.map((item) => ("str" in item ? `${item.str} ` : "")).join("");
  }
  await task.destroy();
  return text.replace(/\s+/g, " ");
}

test("a case manager prints the dataset from the client record and finds it under Dokumendid", async ({ page }) => {
  await signInWithPassword(page, DEMO.caseManager);
  await page.getByRole("navigation", { name: "Peamenüü" }).getByRole("link", { name: "Kliendid" }).click();
  await page.getByLabel("Otsi").fill("Toomingas");
  await page.getByRole("link", { name: "Toomingas, Tiit" }).click();
  await page.getByRole("link", { name: "Dokumendid" }).click();

  const form = page.getByRole("form", { name: "Kliendi andmestik" });
  await form.getByLabel("Perioodi algus").fill("1990-01-01");
  await form.getByRole("button", { name: "Koosta andmestik" }).click();
  await expect(page.getByText(/jääb väljapoole otsuse kehtivust/).first()).toBeVisible();

  await form.getByLabel("Perioodi algus").fill("");
  const [download] = await Promise.all([page.waitForEvent("download"), form.getByRole("button", { name: "Koosta andmestik" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^andmestik_.+\.pdf$/);
  const text = await pdfText((await download.path())!);
  expect(text).toContain("Kliendi andmestik");
  expect(text).toContain("Tiit Toomingas");
  expect(text).toContain("Tulemuslikkuse (mõju) hinnang");

  const register = page.getByRole("table", { name: "Dokumentide register" });
  await expect(register.getByRole("row").filter({ hasText: "Andmestik (PDF)" }).first()).toContainText("Liis Mets");
  const [again] = await Promise.all([page.waitForEvent("download"), register.getByRole("button", { name: /^Laadi alla: Andmestik/ }).first().click()]);
  expect(again.suggestedFilename()).toBe(download.suggestedFilename());
  await expect(page.getByRole("status").filter({ hasText: "andmed on samad" })).toBeVisible();
});
