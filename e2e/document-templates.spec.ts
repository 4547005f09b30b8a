import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { onePixelPng } from "@/server/testing/images";
import { DEMO, nav, signInWithPassword, signOut, unique } from "./fixtures";

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

test("an administrator changes the logo and the footer text of the attendance sheet, and the next sheet shows them", async ({ page }) => {
  const footer = unique("Jalus E2E");
  await signInWithPassword(page, DEMO.admin);
  await nav(page).getByRole("link", { name: "Dokumendipõhjad" }).click();
  await expect(page.getByRole("heading", { name: "Dokumendipõhjad", level: 1 })).toBeVisible();
  await page.getByLabel("Dokumendi liik").selectOption({ label: "Osavõtuleht" });
  const form = page.getByRole("form", { name: /^Osavõtuleht ·/ });
  await form.getByLabel("Jaluse tekst").fill(footer);
  await form.getByLabel("Vali põhja logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: onePixelPng([0, 160, 0]) });
  await expect(form.getByText("Uus logo valitud; jõustub salvestamisel.")).toBeVisible();
  await form.getByRole("button", { name: "Salvesta uue versioonina" }).click();
  await expect(page.getByText(/Põhi on salvestatud \(versioon \d+\)/)).toBeVisible();
  await expect(page.getByText("Põhjal on oma logo.")).toBeVisible();
  await signOut(page);

  await signInWithPassword(page, DEMO.caseManager);
  await nav(page).getByRole("link", { name: "Kliendid" }).click();
  await page.getByLabel("Otsi").fill("Toomingas");
  await page.getByRole("link", { name: "Toomingas, Tiit" }).click();
  await page.getByRole("link", { name: "Dokumendid" }).click();
  const attendance = page.getByRole("form", { name: "Osavõtuleht" });
  await attendance.getByLabel("Kuu").fill("2020-02");
  await attendance.getByRole("button", { name: "Koosta osavõtuleht" }).click();
  const [sheet] = await Promise.all([page.waitForEvent("download"), attendance.getByRole("button", { name: "Koosta tühi leht" }).click()]);
  const path = (await sheet.path())!;
  expect(await pdfText(path)).toContain(footer);
  expect(readFileSync(path).toString("latin1")).toMatch(/\/Subtype \/Image/);
});

test("the client list is exported as XLSX and as CSV with the columns on screen", async ({ page }) => {
  await signInWithPassword(page, DEMO.caseManager);
  await nav(page).getByRole("link", { name: "Kliendid" }).click();
  await expect(page.getByRole("link", { name: "Toomingas, Tiit" })).toBeVisible();

  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Ekspordi XLSX" }).click()]);
  expect(xlsx.suggestedFilename()).toMatch(/^clients-\d{4}-\d{2}-\d{2}\.xlsx$/);
  expect(
    readFileSync((await xlsx.path())!)
      .subarray(0, 2)
      .toString("latin1"),
  ).toBe("PK");

  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Ekspordi CSV" }).click()]);
  const bytes = readFileSync((await csv.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.toString("utf8").slice(1).split("\r\n");
  expect(lines[0]).toBe("Nimi;Isikukood;Üksused;Juhtumikorraldaja;Kehtiv rahastus");
  // The name holds a comma, so the cell is quoted.
  expect(lines.some((l) => l.startsWith('"Toomingas, Tiit";'))).toBe(true);
});
