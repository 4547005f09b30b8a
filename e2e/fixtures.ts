import { expect, type Page } from "@playwright/test";
import { estonianCheckDigit } from "@/lib/identifiers";

export const DEMO_PASSWORD = "demo-parool-2026";
export const DEMO = {
  admin: "38001085718",
  manager: "49003050224",
  caseManager: "60001019906",
  psychologist: "37605030299",
  physiotherapist: "48706150373",
  frontDesk: "50102030047",
  accountant: "47207150121",
} as const;

/** A valid personal code nobody else in this run has: a random date and serial in 1950-1999. */
export function freshPersonalCode(): string {
  const year = 50 + Math.floor(Math.random() * 50);
  const month = 1 + Math.floor(Math.random() * 12);
  const day = 1 + Math.floor(Math.random() * 28);
  const serial = Math.floor(Math.random() * 1000);
  const base = `${3 + Math.floor(Math.random() * 2)}${String(year).padStart(2, "0")}${String(month).padStart(2, "0")}${String(day).padStart(2, "0")}${String(serial).padStart(3, "0")}`;
  return base + String(estonianCheckDigit(base));
}

/** A unique suffix so parallel tests never collide on names. */
export const unique = (label: string) => `${label} ${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;

export async function signInWithPassword(page: Page, code: string, password = DEMO_PASSWORD) {
  await visit(page, "/login");
  await page.getByLabel("Isikukood").fill(code);
  await page.getByLabel("Parool").fill(password);
  await page.getByRole("button", { name: "Logi sisse", exact: true }).click();
  await expect(page.getByRole("button", { name: "Logi välja" })).toBeVisible();
  await hydrated(page);
}

/**
 * Waits until React has taken over the server-rendered page. Before that a click on a button is
 * lost and a menu link loads the next page in full, whose own buttons are dead again for a moment;
 * after it, menu links navigate in the browser and the next page is live at once.
 */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => {
    const main = document.querySelector("main");
    return main !== null && Object.keys(main).some((key) => key.startsWith("__reactFiber"));
  });
}

/**
 * Opens an address and waits for React, as every spec does instead of `page.goto`: a button
 * clicked on the server's HTML before the page's scripts run does nothing (lint forbids goto).
 */
export async function visit(page: Page, url: string) {
  const answer = await page.goto(url);
  await hydrated(page);
  return answer;
}

/** Reloads the page and waits for React, for the same reason as visit. */
export async function reloaded(page: Page) {
  const answer = await page.reload();
  await hydrated(page);
  return answer;
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Logi välja" }).click();
  await expect(page).toHaveURL(/\/login/);
}

export function nav(page: Page) {
  return page.getByRole("navigation", { name: "Peamenüü" });
}

/** The page's visible alert (Next's empty route announcer also has role=alert). */
export function alertOf(page: Page) {
  return page.locator('[role="alert"]:not(#__next-route-announcer__)');
}
