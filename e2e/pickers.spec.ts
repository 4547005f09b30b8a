import { expect, test, type Page } from "@playwright/test";
import { DEMO, signInWithPassword, visit } from "./fixtures";

/**
 * Days are typed and chosen in the UI language (dd.mm.yyyy, dd/mm/yyyy in English, Monday
 * first), not the browser's; a day that does not exist is refused beside its field. The VAT rate
 * form is a modal dialog, so these also show that the calendar's Escape closes only the calendar.
 */
async function newRate(page: Page, locale: "et" | "en") {
  await signInWithPassword(page, DEMO.admin);
  if (locale === "en") {
    const url = new URL(page.url());
    await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", domain: url.hostname, path: "/" }]);
  }
  await visit(page, "/admin/vat-rates");
  await page.getByRole("button", { name: locale === "et" ? "Lisa määr" : "Add a rate" }).click();
  return page.getByRole("dialog", { name: locale === "et" ? "Uus määr" : "New rate" });
}

test("a day is typed the Estonian way, chosen by keyboard in a Monday-first calendar, and 31.02 is refused", async ({ page }) => {
  const form = await newRate(page, "et");
  const from = form.getByLabel("Kehtib alates");
  const field = form.locator(".field").filter({ has: page.getByLabel("Kehtib alates") });

  await from.fill("1.3.27");
  await from.press("Tab");
  await expect(from).toHaveValue("01.03.2027");
  await expect(field.getByRole("button", { name: "Ava kalender" })).toBeFocused();

  // By keyboard: the calendar opens on the chosen day; the arrow moves a day, Enter chooses it.
  await page.keyboard.press("Enter");
  const calendar = form.getByRole("dialog", { name: "Päeva valik" });
  await expect(calendar.getByRole("grid", { name: "märts 2027" })).toBeVisible();
  await expect(calendar.locator("thead th").first()).toHaveAttribute("aria-label", "esmaspäev");
  await expect(calendar.getByRole("button", { name: /, 1\. märts 2027/ })).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  await expect(calendar).toBeHidden();
  await expect(from).toHaveValue("02.03.2027");
  await expect(field.getByRole("button", { name: "Ava kalender" })).toBeFocused();

  // Escape closes the calendar, not the dialog around it, and focus goes back to its button.
  await page.keyboard.press("Enter");
  await expect(calendar.getByRole("button", { name: /, 2\. märts 2027/ })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(calendar).toBeHidden();
  await expect(form).toBeVisible();
  await expect(field.getByRole("button", { name: "Ava kalender" })).toBeFocused();

  // A day that does not exist is said beside the field, and the form does not go out.
  await from.fill("31.02.2027");
  await from.press("Tab");
  await expect(from).toHaveAttribute("aria-invalid", "true");
  await expect(from).toHaveAccessibleDescription("Kuupäeva 31.02.2027 ei ole olemas.");
  await form.getByLabel("Määr %").fill("25");
  await form.getByRole("button", { name: "Salvesta" }).click();
  await expect(form).toBeVisible();
  await expect(from).toBeFocused();
});

test("in English a day is written dd/mm/yyyy and the calendar speaks English", async ({ page }) => {
  const form = await newRate(page, "en");
  const from = form.getByLabel("Valid from");
  await from.fill("3/12/2027");
  await from.press("Tab");
  await expect(from).toHaveValue("03/12/2027");
  await form
    .locator(".field")
    .filter({ has: page.getByLabel("Valid from") })
    .getByRole("button", { name: "Open calendar" })
    .click();
  const calendar = form.getByRole("dialog", { name: "Choose a day" });
  await expect(calendar.getByRole("grid", { name: "December 2027" })).toBeVisible();
  await expect(calendar.locator("thead th").first()).toHaveAttribute("aria-label", "Monday");
  await calendar.getByRole("button", { name: /Friday, 24 December 2027/ }).click();
  await expect(from).toHaveValue("24/12/2027");
  await from.fill("12/25/2027");
  await from.press("Tab");
  await expect(from).toHaveAccessibleDescription("There is no date 12/25/2027.");
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

  test("the calendar fits the screen", async ({ page }) => {
    const form = await newRate(page, "et");
    const to = form.getByLabel("Kehtib kuni");
    await form
      .locator(".field")
      .filter({ has: page.getByLabel("Kehtib kuni") })
      .getByRole("button", { name: "Ava kalender" })
      .tap();
    const calendar = form.getByRole("dialog", { name: "Päeva valik" });
    await expect(calendar.getByRole("grid")).toBeVisible();
    const box = (await calendar.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    // A day chosen by touch lands in the box, written the Estonian way.
    await calendar.getByRole("gridcell").filter({ hasText: /^15$/ }).getByRole("button").tap();
    await expect(to).toHaveValue(/^15\.\d{2}\.\d{4}$/);
  });
});
