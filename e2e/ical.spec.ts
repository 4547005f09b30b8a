import { expect, test } from "@playwright/test";
import { DEMO, signInWithPassword, visit } from "./fixtures";

test("a specialist makes a phone calendar address: times and room only, and revoking ends it", async ({ page, request }) => {
  await signInWithPassword(page, DEMO.psychologist);
  await visit(page, "/calendar");
  const panel = page.getByRole("region", { name: "Telefoni kalender" });
  await panel.getByRole("button", { name: "Loo aadress" }).click();
  const address = (await panel.getByRole("status").locator("code").textContent())!;
  expect(address).toMatch(/\/api\/ical\/[A-Za-z0-9_-]+\.ics$/);

  const feed = await request.get(address);
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toContain("text/calendar");
  const ics = await feed.text();
  // The demo has Jaan's sessions with Tiit Toomingas in room Tallinn 101 this fortnight.
  expect(ics).toContain("BEGIN:VEVENT");
  expect(ics).toContain("Tallinn 101");
  expect(ics).not.toContain("Toomingas");

  await panel.getByRole("button", { name: "Tühista" }).first().click();
  await page.getByRole("dialog").getByRole("button", { name: "Tühista" }).click();
  await expect(panel.getByRole("button", { name: "Tühista" })).toHaveCount(0);
  expect((await request.get(address)).status()).toBe(404);
});
