import { expect, test, type Browser, type Page } from "@playwright/test";
import { addDays } from "@/lib/calendar-days";
import { publicHolidays } from "@/lib/holidays";
import { DEMO, nav, reloaded, signInWithPassword, unique, visit } from "./fixtures";

/**
 * A Wednesday in the first half of 2027, not a holiday, chosen at random so that runs against
 * a database kept from an earlier run do not meet their own bookings. Tiit Toomingas's SRT
 * decision is valid then; the demo's own sessions are at 10:00, so this test books 14:00.
 */
const DAY = (() => {
  const holidays = new Set(publicHolidays(2027).map((h) => h.date));
  const days = Array.from({ length: 20 }, (_, week) => addDays("2027-01-13", 7 * week)).filter((d) => !holidays.has(d));
  return days[Math.floor(Math.random() * days.length)]!;
})();

/** How long a change may take to reach another open page (the issue asks for a second). */
const LIVE = { timeout: 2_000 };

async function signedIn(browser: Browser, code: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInWithPassword(page, code);
  return page;
}

/** The room calendar of DAY, once it shows the room and listens for changes. */
async function openRoomCalendar(page: Page, room: string) {
  await visit(page, `/calendar/rooms?date=${DAY}`);
  await expect(page.getByRole("columnheader", { name: new RegExp(room) })).toBeVisible();
  await expect(page.getByText("Uueneb reaalajas")).toBeVisible();
}

/** Scrolls the grid so that the time row is in the middle of the window. */
async function centre(page: Page, time: string) {
  await page.locator(`td.fc-timegrid-slot-lane[data-time="${time}:00"]`).evaluate((el) => el.scrollIntoView({ block: "center" }));
}

/**
 * Where a half-hour row of the grid crosses a room's column, in page coordinates: its first
 * quarter-hour, or with `late` its second (selections snap to 15 minutes).
 */
async function pointAt(page: Page, room: string, time: string, late = false) {
  const slot = page.locator(`td.fc-timegrid-slot-lane[data-time="${time}:00"]`);
  const column = await page.getByRole("columnheader", { name: new RegExp(room) }).boundingBox();
  const row = await slot.boundingBox();
  return { x: column!.x + column!.width / 2, y: row!.y + row!.height * (late ? 0.75 : 0.25) };
}

/** Selects a time in the room's column by dragging over it, as a person does with the mouse. */
async function selectSlot(page: Page, room: string, from: string, lastSlot: string) {
  await centre(page, from);
  const start = await pointAt(page, room, from);
  const end = await pointAt(page, room, lastSlot, true);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(end.x, end.y, { steps: 8 });
  await page.mouse.up();
}

async function fillBooking(page: Page, room: string, service: string, notes: string) {
  const dialog = page.getByRole("dialog", { name: "Broneeri seanss" });
  // The day box writes the day the Estonian way (03.12.2026), not ISO.
  await expect(dialog.getByLabel("Kuupäev")).toHaveValue(DAY.split("-").reverse().join("."));
  await expect(dialog.getByLabel("Algus")).toHaveValue("14:00");
  await expect(dialog.getByLabel("Lõpp")).toHaveValue("15:00");
  await expect(dialog.getByLabel("Ruum").locator("option:checked")).toHaveText(new RegExp(room)); // preset from the column
  await dialog.getByLabel("Teenus").selectOption({ label: service });
  await dialog.getByLabel("Otsi klienti").fill("Toomingas");
  await dialog.getByRole("checkbox", { name: /Tiit Toomingas/ }).check();
  await dialog.getByLabel("Märkmed").fill(notes);
  return dialog;
}

test("two specialists book one room slot at once: one gets it, the other is told and sees it live; an outsider from another region sees only busy, on reload", async ({
  browser,
}) => {
  test.setTimeout(240_000); // five people sign in; on a busy machine a sign-in takes 10 s or more
  const room = unique("Nõustamisruum");

  // The administrator adds a room (the demo has none).
  const admin = await signedIn(browser, DEMO.admin);
  await nav(admin).getByRole("link", { name: "Ruumid" }).click();
  await admin.getByRole("button", { name: "Lisa ruum" }).click();
  const roomForm = admin.getByRole("dialog", { name: "Lisa ruum" });
  await roomForm.getByLabel("Nimi").fill(room);
  const unit = roomForm.getByLabel("Üksus");
  await unit.selectOption((await unit.locator("option", { hasText: /^\s*Tallinn$/ }).getAttribute("value"))!);
  await roomForm.getByLabel("Mahutavus").fill("0");
  await roomForm.getByRole("button", { name: "Salvesta" }).click();
  await expect(roomForm.getByText("Mahutavus on täisarv 1 kuni 500.")).toBeVisible();
  await roomForm.getByLabel("Mahutavus").fill("4");
  await roomForm.getByLabel("Varustus").fill("Laud, neli tooli");
  await roomForm.getByRole("button", { name: "Salvesta" }).click();
  await expect(admin.getByRole("status")).toHaveText("Ruum lisatud.");
  await expect(admin.getByRole("row").filter({ hasText: room })).toContainText("Tallinn");

  // Liis (Tiit's case manager) and Jaan (on Tiit's team) in the room calendar; Maarja from Tartu too.
  const liis = await signedIn(browser, DEMO.caseManager);
  const jaan = await signedIn(browser, DEMO.psychologist);
  const maarja = await signedIn(browser, DEMO.physiotherapist);
  await nav(liis).getByRole("link", { name: "Ruumikalender" }).click();
  await openRoomCalendar(liis, room);
  await openRoomCalendar(jaan, room);
  await openRoomCalendar(maarja, room);

  // Liis also has Tiit's record open on the calendar tab.
  const record = await liis.context().newPage();
  await visit(record, "/clients");
  await record.getByLabel("Otsi").fill("Toomingas");
  await record.getByRole("link", { name: "Toomingas, Tiit" }).click();
  await record.getByRole("navigation", { name: "Kliendi andmed" }).getByRole("link", { name: "Kalender" }).click();
  await expect(record).toHaveURL(/tab=calendar/);
  await visit(record, `${record.url()}&date=${DAY}`);
  await expect(record.getByText("Uueneb reaalajas")).toBeVisible();

  // Both select 14:00–15:00 in the room and book at the same moment.
  await selectSlot(liis, room, "14:00", "14:30");
  await selectSlot(jaan, room, "14:00", "14:30");
  const liisForm = await fillBooking(liis, room, "2004 Sotsiaaltöötaja individuaalne teenus", "Liisi broneering");
  const jaanForm = await fillBooking(jaan, room, "2010 Psühholoogi individuaalne teenus", "Jaani broneering");
  await Promise.all([
    liisForm.getByRole("button", { name: "Broneeri", exact: true }).click(),
    jaanForm.getByRole("button", { name: "Broneeri", exact: true }).click(),
  ]);

  const booked = (page: Page) => page.getByRole("status").filter({ hasText: "Seanss broneeritud" });
  const refused = (dialog: typeof liisForm) => dialog.getByRole("alert");
  await expect(booked(liis).or(refused(liisForm))).toBeVisible();
  await expect(booked(jaan).or(refused(jaanForm))).toBeVisible();
  const liisWon = await booked(liis).isVisible();
  const jaanWon = await booked(jaan).isVisible();
  expect(liisWon !== jaanWon, "exactly one booking succeeds").toBe(true);
  const [winner, loser, loserForm] = liisWon ? [liis, jaan, jaanForm] : [jaan, liis, liisForm];
  const winnerService = liisWon ? "Sotsiaaltöötaja individuaalne teenus" : "Psühholoogi individuaalne teenus";
  const loserService = liisWon ? "Psühholoogi individuaalne teenus" : "Sotsiaaltöötaja individuaalne teenus";

  // The other is told the room is taken, with the time, and keeps what was filled in.
  await expect(refused(loserForm)).toHaveText(new RegExp(`Ruum ${room} on sel ajal juba broneeritud \\(.*14:00–15:00\\)\\.`));
  await expect(loserForm.getByLabel("Märkmed")).toHaveValue(liisWon ? "Jaani broneering" : "Liisi broneering");
  await loserForm.getByRole("button", { name: "Loobu" }).click();

  // Without reloading, the loser's calendar and Tiit's record show it. Maarja (Tartu) is told
  // nothing live about a Tallinn room; reloading, she sees the time as busy and nothing more.
  const session = (page: Page) => page.getByRole("button", { name: new RegExp(`${winnerService}.*Tiit Toomingas.*${room}`) });
  await expect(session(winner)).toBeVisible();
  await expect(session(loser)).toBeVisible(LIVE);
  await expect(session(record)).toBeVisible(LIVE);
  const roomId = await maarja.getByRole("columnheader", { name: new RegExp(room) }).getAttribute("data-resource-id");
  const busyInRoom = maarja.locator(`td.fc-timegrid-col[data-resource-id="${roomId}"] .fc-event`).filter({ hasText: "Hõivatud" });
  const busy = busyInRoom.first();
  await reloaded(maarja);
  await expect(busyInRoom).toHaveCount(1);
  await expect(busy).toContainText(/Hõivatud .*14:00–15:00/);
  await expect(maarja.getByText("Tiit Toomingas")).toHaveCount(0);
  await expect(maarja.getByText(winnerService)).toHaveCount(0);
  await expect(maarja.getByRole("button", { name: /Hõivatud/ })).toHaveCount(0);

  // The winner drags it to 16:00; everyone sees it move.
  await centre(winner, "15:00");
  const two = await pointAt(winner, room, "14:00");
  const four = await pointAt(winner, room, "16:00");
  await winner.mouse.move(two.x, two.y);
  await winner.mouse.down();
  await winner.mouse.move(four.x, four.y, { steps: 12 });
  await winner.mouse.up();
  await expect(winner.getByRole("status")).toHaveText(/Seanss nihutatud: .*16:00–17:00\./);
  await expect(session(loser)).toHaveAccessibleName(/16:00–17:00/, LIVE);
  await expect(session(record)).toHaveAccessibleName(/16:00–17:00/, LIVE);
  await reloaded(maarja);
  await expect(busy).toContainText(/Hõivatud .*16:00–17:00/);

  // The loser now books the freed 14:00 for Tiit: the room is free, so it goes through.
  await selectSlot(loser, room, "14:00", "14:30");
  const again = await fillBooking(
    loser,
    room,
    liisWon ? "2010 Psühholoogi individuaalne teenus" : "2004 Sotsiaaltöötaja individuaalne teenus",
    "Teine katse",
  );
  await again.getByRole("button", { name: "Broneeri", exact: true }).click();
  await expect(booked(loser)).toBeVisible();
  await reloaded(maarja);
  await expect(busyInRoom).toHaveCount(2);

  // Dragging it back onto the loser's booking is refused with the reason, and it springs back.
  await centre(winner, "15:00");
  const back = await pointAt(winner, room, "16:00");
  const onto = await pointAt(winner, room, "14:00");
  await winner.mouse.move(back.x, back.y);
  await winner.mouse.down();
  await winner.mouse.move(onto.x, onto.y, { steps: 12 });
  await winner.mouse.up();
  await expect(winner.getByRole("alert").filter({ hasText: `Ruum ${room} on sel ajal juba broneeritud` })).toBeVisible();
  await expect(session(winner)).toHaveAccessibleName(/16:00–17:00/);

  // By keyboard: the loser opens their booking with Enter and asks for 16:00 in the form; refused too.
  const mine = loser.getByRole("button", { name: new RegExp(`${loserService}.*Tiit Toomingas.*${room}`) });
  await mine.focus();
  await loser.keyboard.press("Enter");
  const mineDialog = loser.getByRole("dialog", { name: "Seanss" });
  await mineDialog.getByRole("button", { name: "Muuda aega või ruumi" }).click();
  // An end before the start is said beside the end, in the domain's words, before any request.
  const moves: string[] = [];
  loser.on("request", (r) => {
    if (r.url().includes("scheduling.sessions.move")) moves.push(r.url());
  });
  await mineDialog.getByLabel("Algus").fill("16:00");
  await mineDialog.getByLabel("Lõpp").fill("15:30");
  await mineDialog.getByRole("button", { name: "Salvesta uus aeg" }).click();
  await expect(mineDialog.getByLabel("Lõpp")).toHaveAttribute("aria-invalid", "true");
  await expect(mineDialog.getByLabel("Lõpp")).toHaveAccessibleDescription("Seanss peab lõppema pärast algust.");
  expect(moves).toEqual([]);
  await mineDialog.getByLabel("Lõpp").fill("17:00");
  await mineDialog.getByRole("button", { name: "Salvesta uus aeg" }).click();
  await expect(mineDialog.getByRole("alert")).toHaveText(new RegExp(`Ruum ${room} on sel ajal juba broneeritud \\(.*16:00–17:00\\)`));
  await mineDialog.getByRole("button", { name: "Loobu" }).click();
  await mineDialog.getByRole("button", { name: "Sulge" }).click();
  await expect(mine).toHaveAccessibleName(/14:00–15:00/);

  // The winner cancels theirs (asked first); it disappears everywhere.
  await session(winner).click();
  const details = winner.getByRole("dialog", { name: "Seanss" });
  await expect(details).toContainText(room);
  await expect(details.getByLabel("Kohalolek: Tiit Toomingas")).toHaveValue("expected");
  await details.getByRole("button", { name: "Tühista seanss" }).click();
  await winner.getByRole("dialog", { name: "Tühistada seanss?" }).getByRole("button", { name: "Tühista seanss" }).click();
  await expect(winner.getByRole("status")).toHaveText("Seansi olek: tühistatud.");
  await expect(session(winner)).toHaveCount(0);
  await expect(session(loser)).toHaveCount(0, LIVE);
  await expect(session(record)).toHaveCount(0, LIVE);
  await reloaded(maarja);
  await expect(busyInRoom).toHaveCount(1);
});

test("the calendar marks Estonian public holidays and the shortened day before Christmas Eve", async ({ page }) => {
  await signInWithPassword(page, DEMO.psychologist);
  await visit(page, "/calendar?date=2026-12-24");
  await expect(page.getByRole("heading", { name: "Minu kalender" })).toBeVisible();
  for (const name of ["Jõululaupäev", "Esimene jõulupüha", "Teine jõulupüha"]) {
    await expect(page.getByRole("columnheader", { name: new RegExp(name) })).toBeVisible();
  }
  await expect(page.locator(".fc-bg-event.shortened-day")).toHaveCount(1);
  await expect(page.locator(".fc-bg-event.shortened-day")).toContainText("Lühendatud tööpäev");
  // The week starts on Monday (21 December).
  await expect(page.getByRole("columnheader").first()).toHaveAccessibleName("21. detsember 2026");
});

/** A Friday of 2027 before Tiit's decision ends (the other specs book Wednesdays and Thursdays). */
const FRIDAY = (() => {
  const holidays = new Set(publicHolidays(2027).map((h) => h.date));
  const days = Array.from({ length: 16 }, (_, week) => addDays("2027-02-05", 7 * week)).filter(
    (d) => !holidays.has(d) && !holidays.has(addDays(d, 7)) && !holidays.has(addDays(d, 14)),
  );
  return days[Math.floor(Math.random() * days.length)]!;
})();

test("a weekly series moves as a whole: this and the following by the form, all of it by dragging", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signInWithPassword(page, DEMO.psychologist);
  const week = async (day: string, on = page) => {
    await visit(on, `/calendar?date=${day}`);
    await expect(on.getByText("Uueneb reaalajas")).toBeVisible();
  };
  // Fridays only ("R, 05.03 12:00–13:00"): the week also shows the other tests' Wednesdays.
  const session = (on: Page) => on.getByRole("button", { name: /Psühholoogi individuaalne teenus, R, .*Tiit Toomingas/ });
  // The series; the single session booked at 08:00 further down is not one of it.
  const series = session(page).filter({ hasNotText: "08:00–09:00" });

  /** Books Tiit Toomingas with the psychologist on FRIDAY through the calendar's form. */
  const bookOnFriday = async (on: Page, start: string, end: string, times?: number) => {
    await on.getByRole("button", { name: "Broneeri aeg", exact: true }).click();
    const book = on.getByRole("dialog", { name: "Broneeri seanss" });
    await book.getByLabel("Teenus").selectOption({ label: "2010 Psühholoogi individuaalne teenus" });
    await book.getByLabel("Kuupäev").fill(FRIDAY);
    await book.getByLabel("Algus").fill(start);
    await book.getByLabel("Lõpp").fill(end);
    await book.getByLabel("Otsi klienti").fill("Toomingas");
    await book.getByRole("checkbox", { name: /Tiit Toomingas/ }).check();
    if (!times) return book.getByRole("button", { name: "Broneeri", exact: true }).click();
    await book.getByRole("checkbox", { name: "Kordub iga nädal" }).check();
    await book.getByLabel("Mitu korda").fill(String(times));
    await book.getByRole("button", { name: "Kontrolli ja broneeri seeria" }).click();
  };

  // Three Fridays at 12:00, booked as a series.
  await week(FRIDAY);
  await bookOnFriday(page, "12:00", "13:00", 3);
  await expect(page.getByRole("status").filter({ hasText: "Broneeritud 3 seanssi" })).toBeVisible();

  // The second one and the third move to 13:00 through the form.
  await week(addDays(FRIDAY, 7));
  await series.click();
  const details = page.getByRole("dialog", { name: "Seanss" });
  await details.getByRole("button", { name: "Muuda aega või ruumi" }).click();
  await details.getByLabel("Algus").fill("13:00");
  await details.getByLabel("Lõpp").fill("14:00");
  await details.getByRole("radio", { name: "See ja järgmised" }).check();
  await details.getByRole("button", { name: "Salvesta uus aeg" }).click();
  await expect(page.getByRole("status")).toHaveText(/Nihutatud 2 seanssi, esimene .*13:00–14:00\./);
  await expect(series).toHaveAccessibleName(/13:00–14:00/);

  // The first, still at 12:00, is dragged to 15:00, and the question is answered "all".
  const elsewhere = await signedIn(browser, DEMO.psychologist);
  await week(FRIDAY);
  await expect(series).toHaveAccessibleName(/12:00–13:00/);
  await page.locator('td.fc-timegrid-slot-lane[data-time="14:00:00"]').evaluate((el) => el.scrollIntoView({ block: "center" }));
  const from = (await series.boundingBox())!;
  const noon = (await page.locator('td.fc-timegrid-slot-lane[data-time="12:00:00"]').boundingBox())!;
  const three = (await page.locator('td.fc-timegrid-slot-lane[data-time="15:00:00"]').boundingBox())!;
  // Grabbed in its first quarter-hour and let go in the first quarter-hour of 15:00 (moves snap to 15 minutes).
  const grab = { x: from.x + from.width / 2, y: noon.y + noon.height * 0.25 };
  await page.mouse.move(grab.x, grab.y);
  await page.mouse.down();
  await page.mouse.move(grab.x, three.y + three.height * 0.25, { steps: 12 });
  // While the session is held, the same person books 08:00 on another computer: this calendar
  // hears of it and refetches, and the drag in hand goes on undisturbed.
  await week(FRIDAY, elsewhere);
  const refetched = page.waitForResponse((r) => r.url().includes("scheduling.sessions.list"));
  await bookOnFriday(elsewhere, "08:00", "09:00");
  await expect(elsewhere.getByRole("status")).toHaveText(/Seanss broneeritud/);
  await refetched;
  await page.mouse.up();
  const ask = page.getByRole("dialog", { name: "Seanss on osa seeriast" });
  await expect(ask).toContainText(/15:00–16:00/);
  await ask.getByRole("button", { name: "Kõik seeria seansid" }).click();
  await expect(page.getByRole("status")).toHaveText(/Nihutatud 3 seanssi, esimene .*15:00–16:00\./);
  await expect(series).toHaveAccessibleName(/15:00–16:00/);
  await expect(session(page).filter({ hasText: "08:00–09:00" })).toBeVisible();
  await elsewhere.context().close();
  // The others moved by as much: three hours later than their 13:00.
  await week(addDays(FRIDAY, 14));
  await expect(series).toHaveAccessibleName(/16:00–17:00/);
});

test("a specialist who books only their own sessions is offered first and stays among the specialists", async ({ browser }) => {
  const jaan = await signedIn(browser, DEMO.psychologist);
  await visit(jaan, `/calendar?date=${DAY}`);
  await jaan.getByRole("button", { name: "Broneeri aeg" }).click();
  const dialog = jaan.getByRole("dialog", { name: "Broneeri seanss" });
  const people = dialog.getByRole("group", { name: "Spetsialistid" });
  await expect(people.getByRole("checkbox").first()).toHaveAccessibleName(/Jaan Saar/);
  await expect(people.getByRole("checkbox", { name: /Jaan Saar/ })).toBeChecked();
  await dialog.getByLabel("Teenus").selectOption({ label: "2010 Psühholoogi individuaalne teenus" });
  await dialog.getByLabel("Otsi klienti").fill("Toomingas");
  await dialog.getByRole("checkbox", { name: /Tiit Toomingas/ }).check();

  // A colleague may come along, but not instead of him: the form says so beside the field, before sending.
  await people.getByRole("checkbox", { name: /Liis Mets/ }).check();
  await people.getByRole("checkbox", { name: /Jaan Saar/ }).uncheck();
  await dialog.getByRole("button", { name: "Broneeri", exact: true }).click();
  await expect(people).toHaveAccessibleDescription("Saad broneerida ainult seansse, kus oled ise üks spetsialistidest.");
  await expect(dialog.getByRole("alert").filter({ hasText: "Sul ei ole selleks õigust" })).toHaveCount(0);
  await jaan.context().close();
});
