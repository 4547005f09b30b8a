import { expect, test } from "@playwright/test";
import { alertOf, DEMO, freshPersonalCode, signInWithPassword, unique, visit } from "./fixtures";

test("a case manager opens a client with an SRT decision and a case plan; the hard limit refuses the entry that would break it", async ({
  page,
  browser,
}) => {
  const code = freshPersonalCode();
  const lastName = unique("Limiit");
  await signInWithPassword(page, DEMO.caseManager);

  // A new client: the case manager becomes its case manager.
  await page.getByRole("navigation", { name: "Peamenüü" }).getByRole("link", { name: "Kliendid" }).click();
  await page.getByRole("button", { name: "Lisa klient" }).click();
  const form = page.getByRole("dialog", { name: "Lisa klient" });
  await form.getByLabel("Isikukood", { exact: true }).fill("36805280108");
  await form.getByLabel("Eesnimi").fill("Peeter");
  await form.getByLabel("Perekonnanimi").fill(lastName);
  await form.getByRole("checkbox", { name: "Tallinna meeskond 1" }).check();
  await form.getByRole("button", { name: "Salvesta" }).click();
  await expect(form.getByText("Isikukood ei ole korrektne (kontrollnumber või kuupäev ei klapi).")).toBeVisible();
  await form.getByLabel("Isikukood", { exact: true }).fill(code);
  await form.getByRole("button", { name: "Salvesta" }).click();
  await expect(page.getByRole("heading", { name: new RegExp(`Peeter ${lastName}`) })).toBeVisible();
  const clientUrl = page.url();

  // The SRT decision with a period cap of 60 euros: room for two hours of psychologist work.
  await page.getByRole("link", { name: "Rahastus ja limiidid" }).click();
  await page.getByRole("button", { name: "Lisa rahastusotsus" }).click();
  const decision = page.getByRole("dialog", { name: "Lisa rahastusotsus" });
  await decision.getByLabel("Rahastaja").selectOption({ label: "Sotsiaalkindlustusamet – sotsiaalne rehabilitatsioon" });
  await decision.getByLabel("Otsuse number").fill(`K${Date.now().toString().slice(-6)}`);
  await decision.getByLabel("Otsuse kuupäev").fill("2026-11-01");
  await decision.getByLabel("Periood algab").fill("2026-11-01");
  await decision.getByLabel("Periood lõpeb").fill("2026-10-01");
  await decision.getByLabel("Perioodi limiit").fill("60,00");
  await decision.getByRole("button", { name: "Salvesta" }).click();
  await expect(decision.getByText("Lõpp ei saa olla enne algust.")).toBeVisible();
  await decision.getByLabel("Periood lõpeb").fill("2027-10-31");
  await decision.getByRole("button", { name: "Salvesta" }).click();
  await expect(page.getByRole("status")).toHaveText("Rahastusotsus lisatud.");
  await expect(page.getByText(/kasutatud 0,00\s€ \/ 60,00\s€/)).toBeVisible();

  // The case plan plans one hour of the psychologist (a soft limit).
  await page.getByRole("link", { name: "Juhtumiplaan" }).click();
  await page.getByRole("button", { name: "Koosta juhtumiplaan" }).click();
  const plan = page.getByRole("dialog", { name: "Koosta juhtumiplaan" });
  await plan.getByLabel("Eesmärgid").fill("Ärevuse vähendamine, igapäevane toimetulek.");
  await plan.getByRole("button", { name: "Lisa teenus" }).click();
  await plan.getByLabel("Teenus").selectOption({ label: "2010 Psühholoogi individuaalne teenus" });
  await plan.getByLabel("Planeeritud").fill("1");
  await plan.getByRole("button", { name: "Salvesta" }).click();
  await expect(page.getByRole("status")).toHaveText("Juhtumiplaan salvestatud.");

  // Entries until the hard limit refuses one, naming the limit, what remains and what was asked.
  await page.getByRole("link", { name: "Andmestik" }).click();
  const entry = page.getByRole("form", { name: "Lisa sissekanne" });
  // 0 units: the form's own check (the procedure's schema) says so beside the field, and nothing is sent.
  const sent: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("funding.entries.create")) sent.push(r.url());
  });
  await entry.getByLabel("Teenus").selectOption({ label: "2010 Psühholoogi individuaalne teenus (h)" });
  await entry.getByLabel("Kogus").fill("0");
  await entry.getByRole("button", { name: "Salvesta sissekanne" }).click();
  const units = entry.getByLabel("Kogus");
  await expect(units).toHaveAttribute("aria-invalid", "true");
  await expect(units).toHaveAccessibleDescription(/Kogus peab olema positiivne arv\./);
  expect(sent).toEqual([]);
  const addHour = async () => {
    await entry.getByLabel("Teenus").selectOption({ label: "2010 Psühholoogi individuaalne teenus (h)" });
    await entry.getByLabel("Kuupäev").fill("2026-11-20");
    await entry.getByLabel("Kogus").fill("1");
    await entry.getByRole("button", { name: "Salvesta sissekanne" }).click();
  };
  await addHour();
  await expect(page.getByRole("status").filter({ hasText: "Sissekanne lisatud" })).toHaveText(/Sissekanne lisatud: 29,40\s€/);
  await addHour();
  await expect(page.getByText("Juhtumiplaani maht teenusele 2010: planeeritud 1 h, koos selle sissekandega tehtud 2 h.")).toBeVisible();
  await addHour();
  await expect(alertOf(page)).toHaveText(/Otsuse perioodi rahaline limiit \(60,00\s€\): jääk 1,20\s€, soovid lisada 29,40\s€\./);
  await expect(page.getByRole("row").filter({ hasText: "20.11.2026" })).toHaveCount(2);

  // A specialist outside the team finds nothing, by name or by code, and not by the address either.
  const outsider = await (await browser.newContext()).newPage();
  await signInWithPassword(outsider, DEMO.physiotherapist);
  await visit(outsider, "/clients");
  await outsider.getByLabel("Otsi").fill(lastName);
  await expect(outsider.getByText("Otsingule vastavaid kliente ei leitud.")).toBeVisible();
  await outsider.getByLabel("Otsi").fill(code);
  await expect(outsider.getByText("Otsingule vastavaid kliente ei leitud.")).toBeVisible();
  await visit(outsider, clientUrl);
  await expect(alertOf(outsider)).toHaveText("Ei leitud: see on kustutatud või sul pole sellele ligipääsu.");
  await expect(outsider.getByText(lastName)).toHaveCount(0);

  // The client's access history shows the reads.
  await page.getByRole("link", { name: "Ligipääsude ajalugu" }).click();
  const reads = page.getByRole("row").filter({ hasText: "Liis Mets" });
  await expect(reads.filter({ hasText: "Vaatas: andmestik" }).first()).toBeVisible();
  await expect(reads.filter({ hasText: "Vaatas: rahastus ja limiidid" }).first()).toBeVisible();
  await expect(reads.filter({ hasText: "Sissekanne lisatud" })).toHaveCount(2);
});

test("a monthly cap opens month by month over the whole decision, with each month's use and the confirmed months", async ({ page }) => {
  // Maarja is on Mihkel Mägi's team; his special-welfare decision has a monthly cap of 137 euros.
  await signInWithPassword(page, DEMO.physiotherapist);
  await page.getByRole("navigation", { name: "Peamenüü" }).getByRole("link", { name: "Kliendid" }).click();
  await page.getByRole("link", { name: /Mägi/ }).first().click();
  await page.getByRole("link", { name: "Rahastus ja limiidid" }).click();
  const decision = page.getByRole("article", { name: /EHT-2025-88/ });
  await decision.getByText(/^Kuu piirmäär kuude kaupa: 12 kuud, neist kinnitatud \d+$/).click();
  const months = decision.getByRole("table", { name: "Kuu piirmäära kasutus iga otsuse kuu kohta" });
  await expect(months.getByRole("row")).toHaveCount(13);
  const october = months.getByRole("row", { name: /oktoober 2026/ });
  await expect(october).toContainText("137,00");
  // October holds the demo's one day of everyday-life support: used, below the cap.
  await expect(october.getByRole("cell").first()).not.toHaveText(/^0,00/);
  await expect(
    months
      .getByRole("row", { name: /jaanuar 2026/ })
      .getByRole("cell")
      .first(),
  ).toHaveText(/^0,00/);
});
