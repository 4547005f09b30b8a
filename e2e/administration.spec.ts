import { expect, test, type Page } from "@playwright/test";
import { alertOf, DEMO, freshPersonalCode, nav, reloaded, signInWithPassword, unique, visit } from "./fixtures";

async function chooseOption(page: Page, label: string, optionText: string) {
  const select = page.getByLabel(label, { exact: true });
  const value = await select.locator("option", { hasText: optionText }).getAttribute("value");
  await select.selectOption(value!);
}

test("an administrator builds units, a role and an employee; the employee sees only what the role allows", async ({ page, browser }) => {
  test.setTimeout(120_000); // two people sign in and the administrator builds a unit tree, a role and an employee
  const region = unique("Ida regioon");
  const team = unique("Narva meeskond");
  const roleName = unique("Koordinaator");
  const code = freshPersonalCode();
  const password = "koordinaator-2026";

  await signInWithPassword(page, DEMO.admin);

  // Units: a region and a team below it.
  await nav(page).getByRole("link", { name: "Üksused" }).click();
  // As a person would: act once the tree is there (a change made while the list is still
  // loading is only shown with the next refresh).
  await expect(page.getByText("Põhja regioon")).toBeVisible();
  await page.getByRole("button", { name: "Lisa üksus" }).click();
  const unitDialog = page.getByRole("dialog", { name: "Lisa üksus" });
  await unitDialog.getByLabel("Nimi").fill(region);
  await unitDialog.getByRole("button", { name: "Salvesta" }).click();
  await expect(page.getByRole("status")).toHaveText("Üksus lisatud.");
  await page.getByRole("button", { name: `Lisa alamüksus üksusele ${region}` }).click();
  await page.getByRole("dialog").getByLabel("Nimi").fill(team);
  await page.getByRole("dialog").getByRole("button", { name: "Salvesta" }).click();
  const regionNode = page.getByRole("listitem").filter({ hasText: region }).first();
  await expect(regionNode.getByRole("listitem").filter({ hasText: team })).toBeVisible();

  // A cycle is refused with the reason, and nothing changes.
  await page.getByRole("button", { name: `Muuda üksust ${region}` }).click();
  await chooseOption(page, "Ülemüksus", team);
  await page.getByRole("dialog").getByRole("button", { name: "Salvesta" }).click();
  await expect(page.getByRole("dialog").getByText("Üksust ei saa paigutada iseenda ega oma alamüksuse alla.")).toBeVisible();
  await page.getByRole("dialog").getByRole("button", { name: "Loobu" }).click();

  // A role: refused without permissions, saved with two.
  await nav(page).getByRole("link", { name: "Rollid ja õigused" }).click();
  await expect(page.getByRole("row").filter({ hasText: "Administraator" })).toBeVisible();
  await page.getByRole("button", { name: "Lisa roll" }).click();
  const roleDialog = page.getByRole("dialog", { name: "Lisa roll" });
  await roleDialog.getByLabel("Nimi").fill(roleName);
  await roleDialog.getByRole("button", { name: "Salvesta" }).click();
  await expect(roleDialog.getByText("Vali rollile vähemalt üks õigus.")).toBeVisible();
  await roleDialog.getByLabel("Üksused: Vaata", { exact: true }).selectOption("unit");
  await roleDialog.getByLabel("Töötajad: Vaata", { exact: true }).selectOption("unit");
  await roleDialog.getByRole("button", { name: "Salvesta" }).click();
  await expect(page.getByRole("row").filter({ hasText: roleName })).toContainText("2");

  // An employee: a bad code and a taken code are refused naming the field, then saved.
  await nav(page).getByRole("link", { name: "Töötajad" }).click();
  await expect(page.getByRole("row").filter({ hasText: DEMO.admin })).toBeVisible();
  await page.getByRole("button", { name: "Lisa töötaja" }).click();
  const form = page.getByRole("dialog", { name: "Lisa töötaja" });
  await form.getByLabel("Isikukood").fill("36805280108");
  await form.getByLabel("Eesnimi").fill("Kati");
  await form.getByLabel("Perekonnanimi").fill("Koordinaator");
  await form.getByRole("checkbox", { name: team }).check();
  await form.getByRole("checkbox", { name: roleName }).check();
  await form.getByLabel("Parool").fill(password);
  await form.getByRole("button", { name: "Salvesta" }).click();
  await expect(form.getByText("Isikukood ei ole korrektne (kontrollnumber või kuupäev ei klapi).")).toBeVisible();
  await form.getByLabel("Isikukood").fill(DEMO.psychologist);
  await form.getByRole("button", { name: "Salvesta" }).click();
  await expect(form.getByText("Selle isikukoodiga töötaja on juba olemas.")).toBeVisible();
  await form.getByLabel("Isikukood").fill(code);
  await form.getByRole("button", { name: "Salvesta" }).click();
  await expect(page.getByRole("status")).toHaveText("Töötaja lisatud.");
  await expect(page.getByRole("row").filter({ hasText: code })).toContainText(roleName);

  // A unit with members cannot be deleted; the reason names what is left.
  await nav(page).getByRole("link", { name: "Üksused" }).click();
  await page.getByRole("button", { name: `Kustuta üksus ${team}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Kustuta üksus" }).click();
  await expect(alertOf(page)).toHaveText("Üksust ei saa kustutada: selles on 1 töötajat ja 0 klienti.");

  // The new employee signs in and sees only what the role allows.
  const employee = await (await browser.newContext()).newPage();
  await signInWithPassword(employee, code, password);
  const menu = nav(employee);
  await expect(menu.getByRole("link", { name: "Üksused" })).toBeVisible();
  await expect(menu.getByRole("link", { name: "Töötajad" })).toBeVisible();
  for (const hidden of ["Rollid ja õigused", "Asutuse andmed", "Tegevuste logi", "Erialad"]) {
    await expect(menu.getByRole("link", { name: hidden })).toHaveCount(0);
  }
  await visit(employee, "/admin/roles");
  await expect(employee.getByRole("heading", { name: "Ligipääs puudub" })).toBeVisible();
  await visit(employee, "/admin/employees");
  await expect(employee.getByRole("row").filter({ hasText: code })).toBeVisible();
  await expect(employee.getByRole("row").filter({ hasText: DEMO.admin })).toHaveCount(0);
  await expect(employee.getByRole("button", { name: "Lisa töötaja" })).toHaveCount(0);
  await visit(employee, "/admin/units");
  await expect(employee.getByText(team)).toBeVisible();
  await expect(employee.getByText("Tallinna meeskond 1")).toHaveCount(0);

  // Deactivated: the open session ends and signing in again is refused and audited.
  await visit(page, "/admin/employees");
  await page.getByRole("button", { name: "Muuda töötajat Kati Koordinaator" }).click();
  await page.getByRole("dialog").getByLabel("Aktiivne (võib sisse logida)").uncheck();
  await page.getByRole("dialog").getByRole("button", { name: "Salvesta" }).click();
  await expect(page.getByRole("status")).toHaveText("Töötaja andmed salvestatud.");
  await reloaded(employee);
  await expect(employee).toHaveURL(/\/login/);
  await employee.getByLabel("Isikukood").fill(code);
  await employee.getByLabel("Parool").fill(password);
  await employee.getByRole("button", { name: "Logi sisse", exact: true }).click();
  await expect(alertOf(employee)).toHaveText("Sinu konto ei ole aktiivne. Pöördu administraatori poole.");

  await visit(page, "/admin/audit");
  await page.getByLabel("Otsi").fill(code);
  await page.getByRole("button", { name: "Näita", exact: true }).click();
  await expect(page.getByRole("row").filter({ hasText: "inactive" })).toContainText("Keelatud");
  await expect(page.getByRole("row").filter({ hasText: "Töötaja lisatud" }).first()).toBeVisible();
  await page.getByRole("button", { name: "Kontrolli logi terviklust" }).click();
  await expect(page.getByRole("status")).toHaveText("Logi on terve: ühtegi kirjet pole muudetud ega kustutatud.");
});

test("the interface switches to English and back", async ({ page }) => {
  await signInWithPassword(page, DEMO.manager);
  await page.getByRole("button", { name: "ENG" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Hello, Kadri!" })).toBeVisible();
  await page.getByRole("button", { name: "EST" }).click();
  await expect(page.getByRole("button", { name: "Logi välja" })).toBeVisible();
});

test("institution settings refuse an invalid registry code and save a valid one", async ({ page }) => {
  await signInWithPassword(page, DEMO.admin);
  await visit(page, "/admin/settings");
  const code = page.getByLabel("Registrikood");
  await code.fill("12345679");
  await page.getByRole("button", { name: "Salvesta", exact: true }).click();
  await expect(page.getByText("Registrikood ei ole korrektne (8 numbrit, kontrollnumber).")).toBeVisible();
  await code.fill("70001975");
  await page.getByRole("button", { name: "Salvesta", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Asutuse andmed salvestatud.");
  await reloaded(page);
  await expect(page.getByLabel("Registrikood")).toHaveValue("70001975");
});

test("an administrator adds, retires and deletes a specialty; a malformed or taken code is refused at the field; one still assigned stays", async ({
  page,
}) => {
  const name = unique("Loovterapeut");
  const code = `art_${Date.now().toString(36)}`;
  await signInWithPassword(page, DEMO.admin);
  await nav(page).getByRole("link", { name: "Erialad" }).click();
  // The list is fetched in the browser: once it shows, the page's buttons respond.
  await expect(page.getByRole("row").filter({ hasText: "Psühholoog" })).toBeVisible();

  await page.getByRole("button", { name: "Lisa eriala" }).click();
  const form = page.getByRole("dialog", { name: "Lisa eriala" });
  await form.getByLabel("Nimetus eesti keeles").fill(name);
  await form.getByLabel("Nimetus inglise keeles").fill("Art therapist");
  const codeField = form.getByLabel("Kood", { exact: true });
  await codeField.fill("Loov Terapeut");
  await form.getByRole("button", { name: "Salvesta" }).click();
  await expect(codeField).toHaveAccessibleDescription(/Kood: 2–40 väiketähte, numbrit, - või _\./);
  await expect(codeField).toHaveAttribute("aria-invalid", "true");
  await codeField.fill("psychologist");
  await form.getByRole("button", { name: "Salvesta" }).click();
  await expect(codeField).toHaveAccessibleDescription(/Sellise koodiga eriala on juba olemas\./);
  await codeField.fill(code);
  await form.getByRole("button", { name: "Salvesta" }).click();
  await expect(page.getByRole("status")).toHaveText("Eriala salvestatud.");
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(code);
  await expect(row).toContainText("Kasutusel");

  // Retired: it stays in the list, marked as no longer in use.
  await page.getByRole("button", { name: `Muuda eriala ${name}` }).click();
  const edit = page.getByRole("dialog", { name: "Muuda eriala" });
  await expect(edit.getByLabel("Kood", { exact: true })).toHaveValue(code);
  await edit.getByLabel("Kasutusel").uncheck();
  await edit.getByRole("button", { name: "Salvesta" }).click();
  await expect(page.getByRole("status")).toHaveText("Eriala salvestatud.");
  await expect(row).toContainText("Kasutusest väljas");

  // A specialty people still have is not deleted; the refusal says why and what to do instead.
  await page.getByRole("button", { name: "Kustuta eriala Psühholoog" }).click();
  await page.getByRole("dialog", { name: "Kustutada eriala?" }).getByRole("button", { name: "Kustuta eriala" }).click();
  await expect(alertOf(page)).toHaveText("Eriala ei saa kustutada: see on veel töötajatele määratud. Märgi see kasutusest väljas olevaks.");
  await expect(page.getByRole("row").filter({ hasText: "Psühholoog" })).toHaveCount(1);

  // Asked first, then gone.
  await page.getByRole("button", { name: `Kustuta eriala ${name}` }).click();
  const confirm = page.getByRole("dialog", { name: "Kustutada eriala?" });
  await expect(confirm).toContainText(`Eriala „${name}“ kustutatakse.`);
  await confirm.getByRole("button", { name: "Kustuta eriala" }).click();
  await expect(page.getByRole("status")).toHaveText("Eriala kustutatud.");
  await expect(row).toHaveCount(0);
});
