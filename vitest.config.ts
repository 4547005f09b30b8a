import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: {
    // tsconfig's `@/*` -> `./*`; a regex so that scoped packages (@trpc/…) are left alone.
    alias: [{ find: /^@\//, replacement: `${root}` }],
  },
  test: {
    environment: "node",
    include: ["**/*.test.ts"],
    exclude: ["e2e/**", "**/node_modules/**", ".next/**", ".data*/**", "test-results/**", "playwright-report/**"],
    // One embedded PostgreSQL for the run; every test file clones its own database from a migrated template.
    globalSetup: ["server/testing/global-setup.ts"],
    // A Drizzle query run twice fails the test (server/testing/query-once.ts).
    setupFiles: ["server/testing/query-once.ts"],
    // The files mostly wait on PostgreSQL, so more files than cores can run at once.
    maxWorkers: 4,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      NODE_ENV: "test",
      AUTH_SECRET: "test-secret-test-secret-test-secret-0123456789",
      // Replaced per file by useTestDatabase(); code that reaches the global pool before that fails loudly.
      DATABASE_URL: "postgres://nobody@127.0.0.1:1/not-configured",
    },
  },
});
