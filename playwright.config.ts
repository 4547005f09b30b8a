import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end: the real server.ts on a fresh embedded PostgreSQL (seeded demo institution) plus
 * the TARA-like OpenID provider, driven in Chromium. Debian's Chromium is used when present
 * (these machines cannot download Playwright's browsers).
 */
// E2E_APP_PORT / E2E_TARA_PORT let a second checkout run its suite beside this one.
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
export const TARA_PORT = Number(process.env.E2E_TARA_PORT ?? 3199);
// The SMTP server that e2e/invoice-sending.spec.ts starts; the app sends invoice e-mails to it.
export const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? APP_PORT + 1000);
const appUrl = `http://localhost:${APP_PORT}`;
const dataDir = process.env.E2E_DATA_DIR ?? ".data-e2e";
const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? [["list"], ["json", { outputFile: ".test-reports/e2e.json" }]] : "list",
  use: {
    baseURL: appUrl,
    locale: "et-EE",
    timezoneId: "Europe/Tallinn",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: [
    {
      command: "npx tsx e2e/tara-mock/server.ts",
      url: `http://localhost:${TARA_PORT}/.well-known/openid-configuration`,
      env: {
        TARA_MOCK_PORT: String(TARA_PORT),
        APP_URL: appUrl,
        OIDC_CLIENT_ID: "hoolekanne-e2e",
        OIDC_CLIENT_SECRET: "hoolekanne-e2e-secret",
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // A fresh database every run: the demo institution is seeded on first start.
      command: `rm -rf ${dataDir} && npx tsx server.ts`,
      url: `${appUrl}/api/health`,
      env: {
        PORT: String(APP_PORT),
        DATA_DIR: dataDir,
        EMBEDDED_PG_DURABLE: "0",
        AUTH_URL: appUrl,
        OIDC_ISSUER: `http://localhost:${TARA_PORT}`,
        OIDC_CLIENT_ID: "hoolekanne-e2e",
        OIDC_CLIENT_SECRET: "hoolekanne-e2e-secret",
        OIDC_SCOPES: "openid mid",
        OIDC_NAME: "eID (Mobiil-ID, Smart-ID, ID-kaart)",
        SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
        SMTP_FROM: "Arved <arved@hoolekanne.example>",
      },
      reuseExistingServer: false,
      // The first start builds the app.
      timeout: 600_000,
      stdout: "pipe",
      // Without it Playwright SIGKILLs the process group; PostgreSQL runs in a group of its own
      // and the app stops it only when it is asked to stop, so it would be left running.
      gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    },
  ],
});
