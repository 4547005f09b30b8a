import { expect, test } from "@playwright/test";
import { DEMO, reloaded, signInWithPassword, visit } from "./fixtures";

test("an administrator switches the nightly backup on at 03:00 and sees that none has run yet", async ({ page }) => {
  await signInWithPassword(page, DEMO.admin);
  await visit(page, "/admin/settings");
  const section = page.getByRole("region", { name: "Varukoopiad" });
  await expect(section.getByText("Öist varukoopiat pole veel tehtud.")).toBeVisible();
  const nightly = section.getByRole("checkbox", { name: "Tee igal ööl varukoopia" });
  await expect(nightly).not.toBeChecked();
  await nightly.check();
  await section.getByLabel("Kellaaeg").selectOption("3");
  await section.getByRole("button", { name: "Salvesta ajakava" }).click();
  await expect(section.getByRole("status")).toHaveText("Varukoopia ajakava salvestatud.");

  await reloaded(page);
  const again = page.getByRole("region", { name: "Varukoopiad" });
  await expect(again.getByRole("checkbox", { name: "Tee igal ööl varukoopia" })).toBeChecked();
  await expect(again.getByLabel("Kellaaeg")).toHaveValue("3");
});
