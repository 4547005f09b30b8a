import { expect, test, type Browser, type Page } from "@playwright/test";
import { addDays } from "@/lib/calendar-days";
import { publicHolidays } from "@/lib/holidays";
import { DEMO, freshPersonalCode, signInWithPassword, unique, visit } from "./fixtures";

/**
 * A Thursday in the first half of 2027, not a holiday, at random: the calendar spec books on
 * Wednesdays, so the two never meet. Tiit Toomingas's SRT decision is valid then.
 */
const DAY = (() => {
  const holidays = new Set(publicHolidays(2027).map((h) => h.date));
  const days = Array.from({ length: 20 }, (_, week) => addDays("2027-01-14", 7 * week)).filter((d) => !holidays.has(d));
  return days[Math.floor(Math.random() * days.length)]!;
})();

async function signedIn(browser: Browser, code: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInWithPassword(page, code);
  return page;
}

/**
 * The case manager opens a client in Tallinn's first team, with Jaan on the team and an SRT
 * decision for 2027; `periodCap` in euros ("5,00") when the decision has a money cap.
 */
async function openClient(page: Page, lastName: string, periodCap: string | null) {
  await visit(page, "/clients");
  await page.getByRole("button", { name: "Lisa klient" }).click();
  const form = page.getByRole("dialog", { name: "Lisa klient" });
  await form.getByLabel("Isikukood", { exact: true }).fill(freshPersonalCode());
  await form.getByLabel("Eesnimi").fill("Peeter");
  await form.getByLabel("Perekonnanimi").fill(lastName);
  await form.getByRole("checkbox", { name: "Tallinna meeskond 1" }).check();
  await form.getByRole("button", { name: "Salvesta" }).click();
  await expect(page.getByRole("heading", { name: new RegExp(`Peeter ${lastName}`) })).toBeVisible();

  await page.getByRole("link", { name: "Meeskond ja võrgustik" }).click();
  await page.getByRole("button", { name: "Muuda meeskonda" }).click();
  const team = page.getByRole("dialog", { name: "Muuda meeskonda" });
  // The list of colleagues loads after the dialog opens.
  await team.getByRole("checkbox", { name: /Saar, Jaan/ }).check();
  await team.getByRole("button", { name: "Salvesta" }).click();
  await expect(page.getByRole("status")).toHaveText("Meeskond salvestatud.");

  await page.getByRole("link", { name: "Rahastus ja limiidid" }).click();
  await page.getByRole("button", { name: "Lisa rahastusotsus" }).click();
  const decision = page.getByRole("dialog", { name: "Lisa rahastusotsus" });
  await decision.getByLabel("Rahastaja").selectOption({ label: "Sotsiaalkindlustusamet – sotsiaalne rehabilitatsioon" });
  await decision.getByLabel("Otsuse number").fill(`K${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`);
  await decision.getByLabel("Otsuse kuupäev").fill("2026-12-01");
  await decision.getByLabel("Periood algab").fill("2027-01-01");
  await decision.getByLabel("Periood lõpeb").fill("2027-12-31");
  if (periodCap) await decision.getByLabel("Perioodi limiit").fill(periodCap);
  await decision.getByRole("button", { name: "Salvesta" }).click();
  await expect(page.getByRole("status")).toHaveText("Rahastusotsus lisatud.");
}

/** Opens the client's dataset, as someone on the client's team, once it has loaded. */
async function openDataset(page: Page, search: string, link: string) {
  await visit(page, "/clients");
  await page.getByLabel("Otsi").fill(search);
  await page.getByRole("link", { name: link }).click();
  await page.getByRole("link", { name: "Andmestik" }).click();
  await expect(page.getByRole("columnheader", { name: "Kuupäev" }).or(page.getByText("Sissekandeid veel pole."))).toBeVisible();
}

test("a group session marked done: one priced entry per client who came; a client at the limit is refused by name first", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const present = unique("Kohal");
  const limited = unique("Limiidis");

  // Liis, the case manager, opens two clients for Jaan's group; one has only 5 euros left.
  const liis = await signedIn(browser, DEMO.caseManager);
  await openClient(liis, present, null);
  await openClient(liis, limited, "5,00");

  // Jaan books the group in his calendar: Tiit and the two new clients, in the group room.
  const jaan = await signedIn(browser, DEMO.psychologist);
  await visit(jaan, `/calendar?date=${DAY}`);
  await expect(jaan.getByRole("heading", { name: "Minu kalender" })).toBeVisible();
  await expect(jaan.getByText("Uueneb reaalajas")).toBeVisible();
  await jaan.getByRole("button", { name: "Broneeri aeg", exact: true }).click();
  const book = jaan.getByRole("dialog", { name: "Broneeri seanss" });
  await book.getByLabel("Teenus").selectOption({ label: "2012 Psühholoogi grupiteenus" });
  await book.getByLabel("Kuupäev").fill(DAY);
  await book.getByLabel("Algus").fill("09:00");
  await book.getByLabel("Lõpp").fill("10:00");
  const groupRoom = book.getByLabel("Ruum").locator("option", { hasText: "Tallinna grupiruum" });
  await expect(groupRoom).toHaveCount(1);
  await book.getByLabel("Ruum").selectOption((await groupRoom.getAttribute("value"))!);
  for (const [search, name] of [
    ["Toomingas", /Tiit Toomingas/],
    [present, new RegExp(`Peeter ${present}`)],
    [limited, new RegExp(`Peeter ${limited}`)],
  ] as const) {
    await book.getByLabel("Otsi klienti").fill(search);
    await book.getByRole("checkbox", { name }).check();
  }
  await book.getByRole("button", { name: "Broneeri", exact: true }).click();
  // Booked, with a warning that names the client and the limit the session would break once done.
  const booked = jaan.getByRole("status").filter({ hasText: "Seanss broneeritud" });
  await expect(booked).toContainText(`Hoiatus – Peeter ${limited}:`);
  await expect(booked).toContainText(/Otsuse perioodi rahaline limiit \(5,00\s€\): jääk 5,00\s€, soovid lisada 10,48\s€\./);

  // After the session: everyone came. Marking it done is refused for the client at the limit, by name.
  await jaan.getByRole("button", { name: new RegExp(`Psühholoogi grupiteenus.*Peeter ${present}`) }).click();
  const details = jaan.getByRole("dialog", { name: "Seanss" });
  for (const name of ["Tiit Toomingas", `Peeter ${present}`, `Peeter ${limited}`]) {
    await details.getByLabel(`Kohalolek: ${name}`).selectOption("present");
    await expect(details.getByRole("status")).toHaveText("Kohalolek salvestatud.");
    await expect(details.getByLabel(`Kohalolek: ${name}`)).toHaveValue("present");
  }
  await details.getByRole("button", { name: "Märgi tehtuks", exact: true }).click();
  await expect(details.getByRole("alert")).toHaveText(
    new RegExp(`Peeter ${limited}: Otsuse perioodi rahaline limiit \\(5,00\\s€\\): jääk 5,00\\s€, soovid lisada 10,48\\s€\\.`),
  );

  // The client at the limit is marked absent after all; now it is done, with two entries.
  await details.getByLabel(`Kohalolek: Peeter ${limited}`).selectOption("absent");
  await expect(details.getByLabel(`Kohalolek: Peeter ${limited}`)).toHaveValue("absent");
  await expect(details.getByRole("status")).toHaveText("Kohalolek salvestatud.");
  await details.getByRole("button", { name: "Märgi tehtuks", exact: true }).click();
  await expect(jaan.getByRole("status").filter({ hasText: "Seanss on tehtud" })).toHaveText(
    "Seanss on tehtud; andmestikku lisati 2 sissekannet.",
  );

  // Each client who came has one priced entry of that day in the dataset; the absent one none.
  for (const [search, link] of [
    [present, `${present}, Peeter`],
    ["Toomingas", "Toomingas, Tiit"],
  ] as const) {
    await openDataset(jaan, search, link);
    // The dataset writes the day as the reader does (dd.mm.yyyy).
    const rows = jaan.getByRole("row").filter({ hasText: DAY.split("-").reverse().join(".") });
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText("2012 Psühholoogi grupiteenus");
    await expect(rows).toContainText("Jaan Saar");
    await expect(rows).toContainText(/10,48\s€/);
  }
  await openDataset(jaan, limited, `${limited}, Peeter`);
  await expect(jaan.getByText("Sissekandeid veel pole.")).toBeVisible();
});
