import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO, freshPersonalCode, nav, reloaded, signInWithPassword, visit } from "./fixtures";

/**
 * Sessions end on the server: signing out everywhere, a password change and an administrator's
 * reset each sign out the other browsers on their next request. Each test makes its own
 * employee, so that no other spec's demo session is ended.
 */

async function newEmployee(admin: Page, firstName: string, password: string): Promise<string> {
  const code = freshPersonalCode();
  await nav(admin).getByRole("link", { name: "Töötajad" }).click();
  await expect(admin.getByRole("row").filter({ hasText: DEMO.admin })).toBeVisible();
  await admin.getByRole("button", { name: "Lisa töötaja" }).click();
  const form = admin.getByRole("dialog", { name: "Lisa töötaja" });
  await form.getByLabel("Isikukood").fill(code);
  await form.getByLabel("Eesnimi").fill(firstName);
  await form.getByLabel("Perekonnanimi").fill("Seansiproov");
  await form.getByRole("checkbox", { name: "Tallinna meeskond 1" }).check();
  await form.getByLabel("Parool").fill(password);
  await form.getByRole("button", { name: "Salvesta" }).click();
  await expect(admin.getByRole("status")).toHaveText("Töötaja lisatud.");
  return code;
}

async function browserFor(browser: Browser, code: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInWithPassword(page, code, password);
  return page;
}

/** What Auth.js itself says about the browser's cookie. */
const authSession = (page: Page) => page.evaluate(async () => (await fetch("/api/auth/session")).json());

async function changePassword(page: Page, current: string, next: string) {
  const form = page.getByRole("form", { name: "Parooli vahetus" });
  await form.getByLabel("Praegune parool").fill(current);
  await form.getByLabel("Uus parool", { exact: true }).fill(next);
  await form.getByLabel("Uus parool uuesti").fill(next);
  await form.getByRole("button", { name: "Vaheta parool" }).click();
}

test("sign out everywhere: the other browser is signed out on its next request", async ({ page, browser }) => {
  test.slow(); // three browsers and argon2 sign-ins: more than the default minute under load
  const password = "seansid-lopevad-2026";
  await signInWithPassword(page, DEMO.admin);
  const code = await newEmployee(page, "Laura", password);
  const first = await browserFor(browser, code, password);
  const second = await browserFor(browser, code, password);
  expect(await authSession(second)).toMatchObject({ user: { name: "Laura Seansiproov" } });
  // The browser is now a known device for Laura (the throttle spares it when her code is attacked).
  expect((await second.context().cookies()).map((c) => c.name)).toContain("hk.device");

  await first.getByRole("link", { name: /Minu konto/ }).click();
  const sessions = first.getByRole("table", { name: "Aktiivsed seansid" });
  await expect(sessions.getByRole("row")).toHaveCount(3); // header and two sessions
  await expect(sessions.getByRole("row").filter({ hasText: "See seade" })).toHaveCount(1);
  await first.getByRole("button", { name: "Logi välja kõikjal" }).click();
  await first.getByRole("dialog").getByRole("button", { name: "Logi välja kõikjal" }).click();
  await expect(first).toHaveURL(/\/login/);

  // The second browser still holds its cookie; the server no longer accepts it.
  expect(await authSession(second)).toBeNull();
  await reloaded(second);
  await expect(second).toHaveURL(/\/login/);
});

test("a password change keeps this browser and signs out the others", async ({ page, browser }) => {
  test.slow(); // three browsers and argon2 sign-ins: more than the default minute under load
  const password = "esimene-parool-2026";
  const changed = "teine-parool-on-pikem";
  await signInWithPassword(page, DEMO.admin);
  const code = await newEmployee(page, "Peeter", password);
  const here = await browserFor(browser, code, password);
  const elsewhere = await browserFor(browser, code, password);

  await here.getByRole("link", { name: /Minu konto/ }).click();
  await changePassword(here, "vale-parool-kull", changed);
  await expect(here.getByText("Praegune parool ei ole õige.")).toBeVisible();
  await changePassword(here, password, "qwerty123456");
  await expect(here.getByText("See parool on levinud paroolide hulgas. Vali teine.")).toBeVisible();
  await changePassword(here, password, changed);
  await expect(here.getByRole("status")).toHaveText("Parool on vahetatud. Teistes seadmetes avatud seansid lõpetati.");

  await reloaded(here);
  await expect(here.getByRole("heading", { name: "Minu konto" })).toBeVisible();
  await reloaded(elsewhere);
  await expect(elsewhere).toHaveURL(/\/login/);
  await signInWithPassword(elsewhere, code, changed);
});

test("an administrator resets a password: shown once, the person must choose a new one", async ({ page, browser }) => {
  test.slow(); // three browsers and argon2 sign-ins: more than the default minute under load
  const password = "enne-lahtestust-2026";
  const own = "minu-enda-uus-parool";
  await signInWithPassword(page, DEMO.admin);
  const code = await newEmployee(page, "Ruth", password);
  const person = await browserFor(browser, code, password);

  await page.getByRole("button", { name: "Lähtesta töötaja Ruth Seansiproov parool" }).click();
  await page.getByRole("dialog", { name: "Lähtestada parool?" }).getByRole("button", { name: "Lähtesta parool" }).click();
  const shown = page.getByRole("dialog", { name: "Ühekordne parool" });
  const oneTime = (await shown.getByRole("status", { name: "Ühekordne parool" }).textContent())!.trim();
  expect(oneTime).toMatch(/^\w{4}-\w{4}-\w{4}-\w{4}$/);
  await shown.getByRole("button", { name: "Valmis" }).click();
  await expect(shown).toBeHidden();

  // Their open session ended with the reset.
  await reloaded(person);
  await expect(person).toHaveURL(/\/login/);

  // The one-time password opens only the password change.
  await person.getByLabel("Isikukood").fill(code);
  await person.getByLabel("Parool").fill(oneTime);
  await person.getByRole("button", { name: "Logi sisse", exact: true }).click();
  await expect(person.getByRole("heading", { name: "Vali uus parool" })).toBeVisible();
  await visit(person, "/clients");
  await expect(person).toHaveURL(/\/password/);
  await changePassword(person, oneTime, own);
  await expect(person.getByRole("button", { name: "Logi välja" })).toBeVisible();
  await visit(person, "/clients");
  await expect(person).toHaveURL(/\/clients/);
});
