import { expect, test } from "@playwright/test";
import { DEMO, nav, signInWithPassword, unique, visit } from "./fixtures";

test("an administrator builds a price list; an overlapping version is refused naming the clash", async ({ page }) => {
  const funder = unique("Näidisvald");
  const code = `E${Date.now().toString(36).slice(-7)}`;
  const serviceName = unique("Psühholoogi nõustamine");

  await signInWithPassword(page, DEMO.admin);

  // A funder: a wrong registry code is refused at the field, a valid one is saved.
  await nav(page).getByRole("link", { name: "Rahastajad" }).click();
  await page.getByRole("button", { name: "Lisa rahastaja" }).click();
  const funderForm = page.getByRole("dialog", { name: "Lisa rahastaja" });
  await funderForm.getByLabel("Rahastuse liik").selectOption("KOV");
  await funderForm.getByLabel("Nimetus").fill(funder);
  await funderForm.getByLabel("Maksja juriidiline nimi").fill("Tallinna Sotsiaal- ja Tervishoiuamet");
  await funderForm.getByLabel("Maksja registrikood").fill("12345679");
  await funderForm.getByRole("button", { name: "Salvesta" }).click();
  await expect(funderForm.getByText("Registrikood ei ole korrektne (8 numbrit, kontrollnumber).")).toBeVisible();
  await expect(funderForm.getByLabel("Maksja registrikood")).toHaveAttribute("aria-invalid", "true");
  await funderForm.getByLabel("Maksja registrikood").fill("75014920");
  await funderForm.getByRole("button", { name: "Salvesta" }).click();
  await expect(page.getByRole("status")).toHaveText("Rahastaja lisatud.");
  await expect(page.getByRole("row").filter({ hasText: funder })).toContainText("75014920");

  // A service of the catalogue.
  await nav(page).getByRole("link", { name: "Teenused" }).click();
  await page.getByRole("button", { name: "Lisa teenus" }).click();
  const serviceForm = page.getByRole("dialog", { name: "Lisa teenus" });
  await serviceForm.getByLabel("Kood").fill(code);
  await serviceForm.getByLabel("Nimetus eesti keeles").fill(serviceName);
  await serviceForm.getByLabel("Nimetus inglise keeles").fill("Psychologist counselling");
  await serviceForm.getByLabel("Ühik").selectOption({ label: "akadeemiline tund (45 min)" });
  // A new service is in use; the checkbox is announced with its heading.
  await expect(
    serviceForm.getByRole("group", { name: "Staatus" }).getByRole("checkbox", { name: "Kasutusel (valitav sissekannetes)" }),
  ).toBeChecked();
  await serviceForm.getByRole("button", { name: "Salvesta" }).click();
  await expect(page.getByRole("status")).toHaveText("Teenus lisatud.");
  await page.getByRole("searchbox", { name: "Otsi" }).fill(code);
  await expect(page.getByRole("row").filter({ hasText: code })).toContainText("akadeemiline tund (45 min)");

  // A price list version from 2024-01-01, open-ended, with one price.
  await nav(page).getByRole("link", { name: "Hinnakirjad" }).click();
  await page.getByLabel("Rahastaja", { exact: true }).selectOption({ label: funder });
  await expect(page.getByText("Sellel rahastajal pole veel hinnakirja. Lisa esimene versioon.")).toBeVisible();
  await page.getByRole("button", { name: "Lisa versioon" }).click();
  const versionForm = page.getByRole("dialog", { name: "Uus hinnakirja versioon" });
  await versionForm.getByLabel("Kehtib alates").fill("2024-01-01");
  await versionForm.getByRole("button", { name: "Salvesta" }).click();
  await expect(page.getByRole("status")).toHaveText("Versioon lisatud. Sisesta hinnad.");
  const editor = page.getByRole("region", { name: "Hinnakiri 01.01.2024 – tähtajatu" });
  const price = editor.getByLabel(`Hind eurodes: ${code}`);
  await price.fill("29,4x");
  await editor.getByRole("button", { name: "Salvesta hinnakiri" }).click();
  await expect(editor.getByText("Sisesta hind eurodes, nt 29,40.")).toBeVisible();
  await expect(price).toHaveAttribute("aria-invalid", "true");
  await price.fill("29,40");
  await editor.getByRole("button", { name: "Salvesta hinnakiri" }).click();
  await expect(page.getByRole("status")).toHaveText("Hinnakiri salvestatud.");
  const first = page.getByRole("listitem").filter({ hasText: "01.01.2024 – tähtajatu" });
  await expect(first).toContainText("1 hind");
  await expect(first).toContainText("Kehtib täna");

  // An overlapping version is refused before the database's constraint, naming the clash.
  await page.getByRole("button", { name: "Lisa versioon" }).click();
  await versionForm.getByLabel("Kehtib alates").fill("2024-06-01");
  await versionForm.getByRole("button", { name: "Salvesta" }).click();
  await expect(
    versionForm.getByText("Kehtivusaeg kattub tähtajatu versiooniga, mis kehtib alates 01.01.2024. Sulge see versioon enne uue algust."),
  ).toBeVisible();
  await expect(versionForm.getByLabel("Kehtib alates")).toHaveAttribute("aria-invalid", "true");
  await versionForm.getByRole("button", { name: "Loobu" }).click();

  // The way forward: a new version based on this one, which closes it the day before.
  await page.getByRole("button", { name: "Loo uus versioon versiooni 01.01.2024 – tähtajatu põhjal" }).click();
  const copyForm = page.getByRole("dialog", { name: "Uus versioon versiooni 01.01.2024 – tähtajatu põhjal" });
  await expect(copyForm.getByLabel("Lõpeta praegune versioon uue alguse eelmisel päeval")).toBeChecked();
  await copyForm.getByLabel("Kehtib alates").fill("2025-01-01");
  await copyForm.getByRole("button", { name: "Salvesta" }).click();
  await expect(page.getByRole("status")).toHaveText("Uus versioon loodud. Kontrolli ja muuda hindu.");
  await expect(page.getByRole("listitem").filter({ hasText: "01.01.2024 – 31.12.2024" })).toBeVisible();
  const copied = page.getByRole("region", { name: "Hinnakiri 01.01.2025 – tähtajatu" });
  await expect(copied.getByLabel(`Hind eurodes: ${code}`)).toHaveValue("29,40");

  // An unused version can go, after a confirmation.
  await page.getByRole("button", { name: "Kustuta versioon 01.01.2025 – tähtajatu" }).click();
  await page.getByRole("dialog", { name: "Kustutada versioon?" }).getByRole("button", { name: "Kustuta versioon" }).click();
  await expect(page.getByRole("status")).toHaveText("Versioon kustutatud.");
  await expect(page.getByRole("listitem").filter({ hasText: "01.01.2025" })).toHaveCount(0);
});

test("a specialist reads the catalogue but cannot change it", async ({ page }) => {
  await signInWithPassword(page, DEMO.psychologist);
  await expect(nav(page).getByRole("link", { name: "Hinnakirjad" })).toHaveCount(0);
  await visit(page, "/admin/services");
  await expect(page.getByRole("heading", { name: "Teenused" })).toBeVisible();
  await expect(page.getByText("Sul on lugemisõigus: muuta saavad administraator ja raamatupidaja.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Lisa teenus" })).toHaveCount(0);
  await visit(page, "/admin/price-lists");
  await expect(page.getByRole("heading", { name: "Hinnakirjad" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Lisa versioon" })).toHaveCount(0);
});
