import { expect, test } from "@playwright/test";
import { alertOf, DEMO, nav, signInWithPassword, signOut, visit } from "./fixtures";

test.describe("signing in", () => {
  test("with personal code and password, then out again", async ({ page }) => {
    await signInWithPassword(page, DEMO.admin);
    await expect(page.getByRole("heading", { name: "Tere, Mart!" })).toBeVisible();
    await expect(nav(page).getByRole("link", { name: "Tegevuste logi" })).toBeVisible();
    await signOut(page);
    // The session is gone: protected pages send the person back to sign-in.
    await visit(page, "/admin/units");
    await expect(page).toHaveURL(/\/login/);
  });

  test("a wrong password and an invalid code are refused with a clear message", async ({ page }) => {
    await visit(page, "/login");
    await page.getByLabel("Isikukood").fill("36805280108");
    await page.getByLabel("Parool").fill("whatever-it-is");
    await page.getByRole("button", { name: "Logi sisse", exact: true }).click();
    await expect(page.getByText("Isikukood ei ole korrektne: kontrolli numbreid.")).toBeVisible();

    await page.getByLabel("Isikukood").fill(DEMO.frontDesk);
    await page.getByLabel("Parool").fill("not-the-password");
    await page.getByRole("button", { name: "Logi sisse", exact: true }).click();
    await expect(alertOf(page)).toHaveText("Isikukood või parool on vale.");
    await expect(page).toHaveURL(/\/login/);
  });

  test("through the TARA-like eID provider with the full redirect flow", async ({ page }) => {
    await visit(page, "/login");
    await page.getByRole("button", { name: /eID/ }).click();
    await expect(page.getByRole("heading", { name: /Riigi autentimisteenus/ })).toBeVisible();
    await page.getByLabel("Isikukood").fill(DEMO.caseManager);
    await page.getByRole("button", { name: "Jätka" }).click();
    await expect(page.getByRole("heading", { name: "Tere, Liis!" })).toBeVisible();
    await expect(page.getByText("Liis Mets")).toBeVisible();
  });

  test("eID with a code that belongs to no employee is refused and audited", async ({ page, browser }) => {
    const stranger = "39912319997"; // valid code, not an employee
    await visit(page, "/login");
    await page.getByRole("button", { name: /eID/ }).click();
    await expect(page.getByRole("heading", { name: /Riigi autentimisteenus/ })).toBeVisible();
    await page.getByLabel("Isikukood").fill(stranger);
    await page.getByRole("button", { name: "Jätka" }).click();
    await expect(alertOf(page)).toHaveText("Selle isikukoodiga töötajat selles asutuses ei ole.");
    await expect(page).toHaveURL(/\/login/);

    // The administrator finds the refusal in the audit log.
    const admin = await (await browser.newContext()).newPage();
    await signInWithPassword(admin, DEMO.admin);
    await visit(admin, "/admin/audit");
    await admin.getByLabel("Otsi").fill(stranger);
    await admin.getByRole("button", { name: "Näita", exact: true }).click();
    const row = admin.getByRole("row").filter({ hasText: stranger });
    await expect(row).toContainText("Sisselogimine");
    await expect(row).toContainText("Keelatud");
    await expect(row).toContainText("unknown_code");
  });
});
