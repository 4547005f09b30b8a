import { expect, test, type Page } from "@playwright/test";
import { APP_PORT } from "../playwright.config";
import { DEMO, hydrated, reloaded, signInWithPassword, visit } from "./fixtures";

/**
 * The app reached the way an institution's staff reach it: by IP address, not by the localhost
 * that server.ts started Next with (and AUTH_URL names). Every redirect keeps that host, and no
 * page trips its own Content-Security-Policy.
 */
const host = `127.0.0.1:${APP_PORT}`;
const origin = `http://${host}`;
test.use({ baseURL: origin });

/** Collects CSP violations the page reports, from the first script on. */
async function watchPolicy(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction("reportViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      void (window as unknown as { reportViolation: (t: string) => void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return violations;
}

test.describe("reached by IP address", () => {
  test("a page without a session sends the person to sign in on the same host", async ({ page }) => {
    await visit(page, "/clients");
    expect(page.url()).toBe(`${origin}/login?next=%2Fclients`);
  });

  test("switching the language keeps the host and the session; signing out too", async ({ page }) => {
    await signInWithPassword(page, DEMO.admin);
    expect(new URL(page.url()).host).toBe(host);
    await visit(page, "/clients");

    await page.getByRole("button", { name: "ENG" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    expect(page.url()).toBe(`${origin}/clients`);
    await page.getByRole("button", { name: "EST" }).click();
    await expect(page.getByRole("button", { name: "Logi välja" })).toBeVisible();
    expect(page.url()).toBe(`${origin}/clients`);

    await hydrated(page);
    await page.getByRole("button", { name: "Logi välja" }).click();
    await expect(page).toHaveURL(`${origin}/login`);
  });

  test("the language switch refuses to leave the site", async ({ page }) => {
    await visit(page, "/api/locale?set=et&next=/%5Cevil.example");
    expect(page.url()).toBe(`${origin}/login`);
  });

  test("no page violates its Content-Security-Policy, and the calendar and live updates work", async ({ page }) => {
    test.setTimeout(120_000);
    const violations = await watchPolicy(page);
    await visit(page, "/login");
    const response = await reloaded(page);
    expect(response?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
    await page.waitForLoadState("load");
    expect(["/login", violations]).toEqual(["/login", []]);
    // Each person's own pages: the administrator's settings, the case manager's clients and
    // calendar, the head of unit's dashboards, the accountant's month end.
    const pagesOf: [string, string[]][] = [
      [DEMO.admin, ["/", "/admin/audit", "/admin/settings", "/admin/units"]],
      [DEMO.caseManager, ["/clients", "/calendar", "/calendar/rooms"]],
      [DEMO.manager, ["/dashboard", "/workload", "/time-accounting"]],
      [DEMO.accountant, ["/billing"]],
    ];
    for (const [person, paths] of pagesOf) {
      await page.context().clearCookies();
      await signInWithPassword(page, person);
      for (const path of paths) {
        const answer = await visit(page, path);
        expect([path, answer?.status()]).toEqual([path, 200]);
        expect(answer?.headers()["cache-control"]).toContain("no-store");
        expect([path, violations]).toEqual([path, []]);
      }
      if (person !== DEMO.caseManager) continue;
      await visit(page, "/clients");
      await page.getByLabel("Otsi").fill("Toomingas");
      await page.getByRole("link", { name: "Toomingas, Tiit" }).click();
      await expect(page.getByRole("heading", { name: /Tiit Toomingas/ })).toBeVisible();
      await visit(page, "/calendar");
      await expect(page.locator(".fc").first()).toBeVisible();
      // The socket's handshake passed the origin check: the calendar is live.
      await expect(page.getByText("Uueneb reaalajas")).toBeVisible();
    }
    expect(violations).toEqual([]);
  });
});
