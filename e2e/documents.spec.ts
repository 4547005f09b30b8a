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

test("a case manager prints the dataset and the attendance sheet from the client record and finds them under Dokumendid", async ({
  page,
}) => {
  await signInWithPassword(page, DEMO.caseManager);
  await page.getByRole("navigation", { name: "Peamenüü" }).getByRole("link", { name: "Kliendid" }).click();
  await page.getByLabel("Otsi").fill("Toomingas");
  await page.getByRole("link", { name: "Toomingas, Tiit" }).click();
  await page.getByRole("link", { name: "Dokumendid" }).click();

  const form = page.getByRole("form", { name: "Kliendi andmestik" });
  await expect(form.getByLabel("Rahastusotsus")).not.toHaveValue("");
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
  const [again] = await Promise.all([
    page.waitForEvent("download"),
    register
      .getByRole("button", { name: /^Laadi alla: Andmestik/ })
      .first()
      .click(),
  ]);
  expect(again.suggestedFilename()).toBe(download.suggestedFilename());
  await expect(page.getByRole("status").filter({ hasText: "andmed on samad" })).toBeVisible();

  // The impact assessment is written, then the dataset of a past month is signed.
  const assessment = page.getByRole("region", { name: "Tulemuslikkuse hinnang ja allkiri" });
  await assessment.getByLabel("Tulemuslikkuse (mõju) hinnang").fill("Ärevus vähenes, klient osaleb grupitöös.");
  await assessment.getByRole("button", { name: "Salvesta hinnang" }).click();
  await expect(assessment.getByRole("status")).toHaveText("Hinnang on salvestatud.");
  await form.getByLabel("Perioodi algus").fill("2026-02-01");
  await form.getByLabel("Perioodi lõpp").fill("2026-02-28");
  await assessment.getByRole("button", { name: "Allkirjasta andmestik" }).click();
  const confirm = page.getByRole("dialog", { name: "Allkirjasta andmestik" });
  await expect(confirm).toContainText("2026-02-01 – 2026-02-28");
  await confirm.getByRole("button", { name: "Allkirjasta andmestik" }).click();
  await expect(assessment).toContainText(/Allkirjastas Liis Mets .+, periood 2026-02-01 – 2026-02-28\./);
  await expect(assessment.getByRole("button", { name: "Allkirjasta andmestik" })).toHaveCount(0);

  // A month without sessions says so and offers an empty sheet to fill in by hand.
  const attendance = page.getByRole("form", { name: "Osavõtuleht" });
  await attendance.getByLabel("Kuu").fill("2021-01");
  await attendance.getByRole("button", { name: "Koosta osavõtuleht" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Kliendil ei ole kuus 01.2021 toimunud seansse." }).first()).toBeVisible();
  const [sheet] = await Promise.all([page.waitForEvent("download"), attendance.getByRole("button", { name: "Koosta tühi leht" }).click()]);
  expect(sheet.suggestedFilename()).toBe("osavotuleht_2021-01.pdf");
  const sheetText = await pdfText((await sheet.path())!);
  expect(sheetText).toContain("Osavõtuleht");
  expect(sheetText).toContain("Kuu: jaanuar 2021");
  expect(sheetText).toContain("Kliendi allkiri");
  // Found by its month: another spec's sheet of this client (document-templates, 2020-02) may be newer.
  const sheetRow = register.getByRole("row").filter({ hasText: "Osavõtuleht (PDF)" }).filter({ hasText: "2021-01" }).first();
  await expect(sheetRow).toBeVisible();

  // The signed paper comes back as a scan: a text file is refused by its bytes, a PNG marks it signed.
  const picker = sheetRow.getByLabel(/Lisa allkirjastatud skaneering/);
  await picker.setInputFiles({ name: "leht.pdf", mimeType: "application/pdf", buffer: Buffer.from("see ei ole PDF") });
  await expect(page.getByRole("alert").filter({ hasText: "Skaneering peab olema PDF-, PNG- või JPEG-fail." })).toBeVisible();
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
  await picker.setInputFiles({ name: "leht.png", mimeType: "image/png", buffer: png });
  await expect(page.getByRole("status").filter({ hasText: "Allkirjastatud skaneering on lisatud" })).toBeVisible();
  await expect(sheetRow).toContainText("Allkirjastatud, saadud");
  await expect(sheetRow.getByRole("link", { name: "Ava skaneering" })).toBeVisible();
});
