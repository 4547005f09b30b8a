import { expect, test, type Page } from "@playwright/test";
import { addDays } from "@/lib/calendar-days";
import { publicHolidays } from "@/lib/holidays";
import { DEMO, freshPersonalCode, signInWithPassword, unique, visit } from "./fixtures";

/**
 * A Tuesday in the first half of 2027, not a holiday, at random: other specs book on Wednesdays
 * and Thursdays, so the case manager's session never meets theirs.
 */
const DAY = (() => {
  const holidays = new Set(publicHolidays(2027).map((h) => h.date));
  const days = Array.from({ length: 22 }, (_, week) => addDays("2027-01-05", 7 * week)).filter((d) => !holidays.has(d));
  return days[Math.floor(Math.random() * days.length)]!;
})();

/** Liis opens a client in Tallinn's first team with a vocational rehabilitation (TRT) decision for 2027, without limits. */
async function openTrtClient(page: Page, lastName: string) {
  await visit(page, "/clients");
  await page.getByRole("button", { name: "Lisa klient" }).click();
  const form = page.getByRole("dialog", { name: "Lisa klient" });
  await form.getByLabel("Isikukood", { exact: true }).fill(freshPersonalCode());
  await form.getByLabel("Eesnimi").fill("Peeter");
  await form.getByLabel("Perekonnanimi").fill(lastName);
  await form.getByRole("checkbox", { name: "Tallinna meeskond 1" }).check();
  await form.getByRole("button", { name: "Salvesta" }).click();
  await expect(page.getByRole("heading", { name: new RegExp(`Peeter ${lastName}`) })).toBeVisible();

  await page.getByRole("link", { name: "Rahastus ja limiidid" }).click();
  await page.getByRole("button", { name: "Lisa rahastusotsus" }).click();
  const decision = page.getByRole("dialog", { name: "Lisa rahastusotsus" });
  await decision.getByLabel("Rahastaja").selectOption({ label: "Eesti Töötukassa – tööalane rehabilitatsioon" });
  await decision.getByLabel("Otsuse number").fill(`TK-${Math.floor(Math.random() * 1e6)}`);
  await decision.getByLabel("Otsuse kuupäev").fill("2026-12-01");
  await decision.getByLabel("Periood algab").fill("2027-01-01");
  await decision.getByLabel("Periood lõpeb").fill("2027-06-30");
  await decision.getByRole("button", { name: "Salvesta" }).click();
  await expect(page.getByRole("status")).toHaveText("Rahastusotsus lisatud.");
  await expect(page.getByText("Sellel otsusel pole rahalisi ega mahulimiite.")).toBeVisible();
}

test("a case manager writes an action plan, gets it approved, its services become the limits, and a session is done against them", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const lastName = unique("Plaan");
  await signInWithPassword(page, DEMO.caseManager);
  await openTrtClient(page, lastName);

  // The plan is written in the app; without goals it is refused, naming the field.
  await page.getByRole("link", { name: "Dokumendid" }).click();
  const plans = page.getByRole("region", { name: "Rehabilitatsiooniplaanid ja tegevuskavad" });
  await expect(plans.getByText("Kliendil ei ole veel plaani.")).toBeVisible();
  await plans.getByRole("button", { name: "Koosta uus plaan" }).click();
  const form = page.getByRole("form", { name: "Uus rehabilitatsiooniplaan / tegevuskava" });
  await form.getByLabel("Esimene kohtumine").fill("2027-01-04");
  await form.getByLabel("Hindamise kuupäev").fill("2027-01-11");
  await form.getByLabel("Kehtib alates").fill("2027-01-12");
  await form.getByLabel("Kehtib kuni").fill("2027-06-30");
  for (const [n, name, specialty] of [
    [1, "Liis Mets", "Sotsiaaltöötaja"],
    [2, "Jaan Saar", "Psühholoog"],
    [3, "Ülle Õunapuu", "Eripedagoog"],
  ] as const) {
    await form.getByLabel(`Spetsialisti ${n} nimi`).fill(name);
    await form.getByLabel(`Spetsialisti ${n} eriala`).selectOption({ label: specialty });
  }
  await form.getByLabel("Suhtlemine").fill("Vältib telefonikõnesid tööandjatega.");
  await form.getByLabel("Probleemid").fill("Ärevus tööle naasmisel.");
  await form.getByRole("button", { name: "Lisa teenus" }).click();
  await form.getByLabel("Teenus 1", { exact: true }).selectOption({ label: "T2004 TRT sotsiaaltöötaja nõustamine" });
  await form.getByLabel("Teenuse 1 maht").fill("2");
  await form.getByLabel("Teenuse 1 sagedus").fill("kord nädalas");
  await form.getByLabel("Teenuse 1 spetsialistid").fill("Liis Mets");
  await form.getByRole("button", { name: "Salvesta plaan" }).click();
  await expect(
    form.getByRole("alert").filter({ hasText: "Eesmärgid: kirjuta vähemalt üks kliendiga kokku lepitud eesmärk." }).first(),
  ).toBeVisible();
  await form.getByLabel("Eesmärk 1", { exact: true }).fill("Leiab osalise koormusega töö");
  await form.getByRole("button", { name: "Salvesta plaan" }).click();
  await expect(plans.getByRole("status").filter({ hasText: "Plaan on salvestatud." })).toBeVisible();

  // The first meeting makes the plan due 30 days later.
  await expect(plans.getByText(/plaan tuleb koostada hiljemalt 2027-02-03/)).toBeVisible();
  const row = plans.getByRole("row").filter({ hasText: "2027-01-11" });
  await expect(row).toContainText("Mustand");

  // The PDF holds what was written and is registered.
  const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("button", { name: "Prindi PDF" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^tegevuskava_TK-\d+_2027-01-11\.pdf$/);
  await expect(
    page.getByRole("table", { name: "Dokumentide register" }).getByRole("row").filter({ hasText: "Rehabilitatsiooniplaan / tegevuskava" }),
  ).toHaveCount(1);

  // Sent to the client, approved by the client, sent to Töötukassa, approved.
  for (const [action, state] of [
    ["Saada kliendile", "Saadetud kliendile"],
    ["Klient kinnitas", "Klient kinnitas"],
    ["Saada Töötukassale", "Saadetud Töötukassale"],
  ] as const) {
    await row.getByRole("button", { name: action }).click();
    await expect(row).toContainText(state);
  }
  await expect(row.getByRole("button", { name: "Muuda" })).toHaveCount(0);
  await row.getByRole("button", { name: "Kinnita plaan" }).click();
  const confirm = page.getByRole("dialog", { name: "Kinnita plaan" });
  await expect(confirm).toContainText("asendavad otsuse ranged limiidid");
  await confirm.getByRole("button", { name: "Kinnita plaan" }).click();
  await expect(
    plans.getByRole("status").filter({ hasText: "Plaan on kinnitatud: selle teenused ja mahud on nüüd otsuse ranged limiidid." }),
  ).toBeVisible();
  await expect(row).toContainText("Kinnitatud");
  await expect(plans.getByText(/plaan tuleb koostada/)).toHaveCount(0);

  // The plan's service and volume are now the decision's hard limit, nothing retyped.
  await page.getByRole("link", { name: "Rahastus ja limiidid" }).click();
  const limit = page.locator(".limit").filter({ hasText: "T2004 TRT sotsiaaltöötaja nõustamine" });
  await expect(limit).toContainText("kasutatud 0 ak h / 2 ak h");

  // Liis books a session of that service in her calendar and marks it done: it counts against the limit.
  await visit(page, `/calendar?date=${DAY}`);
  await expect(page.getByRole("heading", { name: "Minu kalender" })).toBeVisible();
  await page.getByRole("button", { name: "Broneeri aeg", exact: true }).click();
  const book = page.getByRole("dialog", { name: "Broneeri seanss" });
  await book.getByLabel("Teenus").selectOption({ label: "T2004 TRT sotsiaaltöötaja nõustamine" });
  await book.getByLabel("Kuupäev").fill(DAY);
  await book.getByLabel("Algus").fill("13:00");
  await book.getByLabel("Lõpp").fill("13:45");
  await book.getByLabel("Otsi klienti").fill(lastName);
  await book.getByRole("checkbox", { name: new RegExp(`Peeter ${lastName}`) }).check();
  await book.getByRole("button", { name: "Broneeri", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Seanss broneeritud" })).toBeVisible();
  await page.getByRole("button", { name: new RegExp(`TRT sotsiaaltöötaja nõustamine.*Peeter ${lastName}`) }).click();
  const details = page.getByRole("dialog", { name: "Seanss" });
  await details.getByRole("button", { name: "Märgi tehtuks", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Seanss on tehtud" })).toBeVisible();

  await visit(page, "/clients");
  await page.getByLabel("Otsi").fill(lastName);
  await page.getByRole("link", { name: `${lastName}, Peeter` }).click();
  await page.getByRole("link", { name: "Rahastus ja limiidid" }).click();
  await expect(page.locator(".limit").filter({ hasText: "T2004 TRT sotsiaaltöötaja nõustamine" })).toContainText(
    "kasutatud 1 ak h / 2 ak h",
  );
});
