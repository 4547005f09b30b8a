import { expect, test } from "@playwright/test";
import { DEMO, signInWithPassword, visit } from "./fixtures";

/**
 * The front desk (Karl Kuusk) registers clients and books times: the client's administrative
 * record, never the clinical one. The case manager, beside, still sees all of it.
 */
test("the front desk sees Tiit Toomingas's contacts and calendar but none of his clinical record", async ({ page, browser }) => {
  await signInWithPassword(page, DEMO.frontDesk);
  await visit(page, "/clients");
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Toomingas, Tiit" }) });
  await expect(row).toContainText("38507120228");
  // The funder is part of the clinical record: no SRT badge in the list.
  await expect(row).not.toContainText("SRT");

  await row.getByRole("link", { name: "Toomingas, Tiit" }).click();
  await expect(page.getByRole("heading", { name: /Tiit Toomingas/ })).toBeVisible();
  await expect(page.getByText("+372 5550 1234")).toBeVisible();
  await expect(page.getByText("Liis Mets")).toBeVisible();
  await expect(page.getByText(/Kliinilised andmed .* ei ole sinu rollile nähtavad/)).toBeVisible();
  await expect(page.getByText(/Ärevushäire/)).toHaveCount(0);

  const sections = page.getByRole("navigation", { name: "Kliendi andmed" });
  await expect(sections.getByRole("link", { name: "Kalender" })).toBeVisible();
  for (const clinical of ["Rahastus ja limiidid", "Juhtumiplaan", "Andmestik"]) {
    await expect(sections.getByRole("link", { name: clinical })).toHaveCount(0);
  }

  await sections.getByRole("link", { name: "Meeskond ja võrgustik" }).click();
  await expect(page.getByText(/Kliendi võrgustik .* ole sinu rollile nähtav/)).toBeVisible();
  await expect(page.getByText("Malle Toomingas")).toHaveCount(0);

  // A bookmarked clinical section answers with the note, not an error, and shows nothing of the plan.
  await visit(page, `${page.url().split("?")[0]}?tab=plan`);
  await expect(page.getByText(/Kliinilised andmed .* ei ole sinu rollile nähtavad/)).toBeVisible();
  await expect(page.getByText(/Iseseisva toimetuleku/)).toHaveCount(0);
  await expect(page.locator('[role="alert"]:not(#__next-route-announcer__)')).toHaveCount(0);

  // The case manager, in a browser of her own, sees what the front desk does not.
  const other = await browser.newContext();
  const liis = await other.newPage();
  await signInWithPassword(liis, DEMO.caseManager);
  await visit(liis, page.url());
  await expect(liis.getByText(/Iseseisva toimetuleku/)).toBeVisible();
  await liis.getByRole("navigation", { name: "Kliendi andmed" }).getByRole("link", { name: "Meeskond ja võrgustik" }).click();
  await expect(liis.getByText("Malle Toomingas")).toBeVisible();
  await other.close();
});
