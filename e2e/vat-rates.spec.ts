import { expect, test } from "@playwright/test";
import { DEMO, nav, signInWithPassword } from "./fixtures";

test("an administrator sees the dated VAT rates; an overlapping rate is refused naming the clash", async ({ page }) => {
  await signInWithPassword(page, DEMO.admin);
  await nav(page).getByRole("link", { name: "Käibemaksumäärad" }).click();
  await expect(page.getByRole("heading", { name: "Käibemaksumäärad" })).toBeVisible();
  const standard = page.getByRole("row").filter({ hasText: "Standardmäär" });
  await expect(standard).toHaveCount(3);
  await expect(standard.filter({ hasText: "kehtib täna" })).toContainText("24 %");

  await page.getByRole("button", { name: "Lisa määr" }).click();
  const form = page.getByRole("dialog", { name: "Uus määr" });
  await form.getByLabel("Liik").selectOption("standard");
  await form.getByLabel("Määr %").fill("25");
  await form.getByLabel("Kehtib alates").fill("2027-01-01");
  await form.getByRole("button", { name: "Salvesta" }).click();
  await expect(form.getByText(/kattub sama liigi tähtajatu määraga 24%, mis kehtib alates 01\.07\.2025/)).toBeVisible();
  await expect(form.getByLabel("Kehtib alates")).toHaveAttribute("aria-invalid", "true");
  await form.getByRole("button", { name: "Loobu" }).click();
  await expect(standard).toHaveCount(3);

  // The funder's form offers the e-invoice format, EN 16931 unless agreed otherwise.
  await nav(page).getByRole("link", { name: "Rahastajad" }).click();
  await page.getByRole("button", { name: "Lisa rahastaja" }).click();
  await expect(page.getByRole("dialog", { name: "Lisa rahastaja" }).getByLabel("E-arve vorming")).toHaveValue("en16931");
});
