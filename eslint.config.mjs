import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

// Browser code takes z from lib/zod.ts, which keeps zod from probing eval under the CSP.
function zodInBrowser() {
  return { regex: "^zod(/.*)?$", allowTypeImports: true, message: "Import z from @/lib/zod: it keeps zod from eval under the CSP." };
}

/**
 * The one rule for sharing validation: a procedure's input schema lives in a `schemas.ts` beside
 * its domain code (server/<area>/schemas.ts), and the form validates with that very object. So
 * components may import server/ only through those files, and those files may import only what
 * runs in a browser as well: lib/ (itself free of server code), the enum lists, the permission
 * names and other schema files.
 */
const SCHEMA_FILES = ["server/**/schemas.ts"];
const schemaModule = "@/server/(?:[\\w-]+/)+schemas";
const onlySchemasFromServer = {
  regex: `^@/server/(?!(?:[\\w-]+/)+schemas$)`,
  allowTypeImports: true,
  message: "Components talk to the server through tRPC; from server/ they import only the shared input schemas (server/<area>/schemas.ts).",
};
const schemaImportsBrowserSafe = {
  regex: `^(?!@/lib/|@/db/schema/enums$|@/server/policy/permissions$|${schemaModule}$|\\./schemas$|\\.\\./(?:[\\w-]+/)*schemas$)`,
  message: "A schemas.ts runs in the browser too: import only lib/, db/schema/enums, server/policy/permissions and other schemas.ts files.",
};

const noServerInUi = {
  patterns: [
    onlySchemasFromServer,
    {
      group: ["postgres", "drizzle-orm", "drizzle-orm/*"],
      allowTypeImports: true,
      message: "Components talk to the server through tRPC only.",
    },
    // The schema's value lists (db/schema/enums.ts, free of drizzle) are the one exception.
    { regex: "^@/db/(?!schema/enums$)", allowTypeImports: true, message: "Components talk to the server through tRPC only." },
    zodInBrowser(),
  ],
};
// lib/ is loaded by schema files and components alike, so it stays free of server and database code.
const libStaysIsomorphic = [
  { regex: "^@/server/", message: "lib/ runs in the browser too: no server code." },
  { regex: "^@/db/(?!schema/enums$)", message: "lib/ runs in the browser too: no database code." },
];
const noFrameworkInDomain = {
  patterns: [
    {
      group: ["next", "next/*", "next-auth", "next-auth/*", "@trpc/*", "react", "@/server/api/*", "@/components/*", "@/app/*"],
      message: "Domain code stays free of Next, tRPC and UI.",
    },
  ],
};

// Mock servers, factories and fixtures live in server/testing; production code must not load them.
const noTestCode = {
  group: ["@/server/testing", "@/server/testing/*", "**/testing", "**/testing/*"],
  message: "Test helpers stay out of production code.",
};
// People read numbers and dates written by lib/format.ts only (et-EE / en-GB, day before month).
const formatMessage = "Write numbers, money and dates with lib/format.ts (useFormat / formatFor); decimalText() for machine text.";
const noOwnFormatting = {
  "no-restricted-properties": [
    "error",
    ...["toFixed", "toLocaleString", "toLocaleDateString", "toLocaleTimeString"].map((property) => ({ property, message: formatMessage })),
  ],
  "no-restricted-syntax": [
    "error",
    {
      selector: "NewExpression[callee.object.name='Intl'][callee.property.name=/^(NumberFormat|DateTimeFormat)$/]",
      message: formatMessage,
    },
    {
      selector: "CallExpression[callee.object.name='Intl'][callee.property.name=/^(NumberFormat|DateTimeFormat)$/]",
      message: formatMessage,
    },
    { selector: "ImportSpecifier[imported.name=/^(useFormatter|getFormatter)$/]", message: formatMessage },
  ],
};

const testCode = ["**/*.test.ts", "server/testing/**", "e2e/**", "scripts/bench/**", "vitest.config.ts", "playwright.config.ts"];

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      ".data*/**",
      "db/migrations/**",
      "test-results/**",
      "playwright-report/**",
      ".test-reports/**",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.tsx", "components/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.mjs"],
    ignores: testCode,
    rules: { "no-restricted-imports": ["error", { patterns: [noTestCode] }] },
  },
  { files: ["components/**"], rules: { "no-restricted-imports": ["error", { patterns: [...noServerInUi.patterns, noTestCode] }] } },
  {
    files: ["lib/**"],
    ignores: ["lib/zod.ts", "lib/zod-api.ts", "**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [zodInBrowser(), noTestCode, ...libStaysIsomorphic] }] },
  },
  {
    files: [
      "server/org/**",
      "server/policy/**",
      "server/audit/**",
      "server/settings/**",
      "server/seed/**",
      "server/db/**",
      "server/clients/**",
      "server/funding/**",
      "server/catalogue/**",
      "server/scheduling/**",
      "server/billing/**",
      "server/workload/**",
      "server/errors.ts",
    ],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [...noFrameworkInDomain.patterns, noTestCode] }] },
  },
  // After the domain block, so that for schema files this stricter list is the one that counts.
  {
    files: SCHEMA_FILES,
    rules: { "no-restricted-imports": ["error", { patterns: [...noFrameworkInDomain.patterns, noTestCode, schemaImportsBrowserSafe] }] },
  },
  // lib/tallinn-time.ts reads the Tallinn wall clock (numbers, en-US) to convert instants; it shows nothing.
  { files: ["**/*.ts", "**/*.tsx"], ignores: [...testCode, "lib/format.ts", "lib/tallinn-time.ts"], rules: noOwnFormatting },
  { files: ["**/*.mjs"], languageOptions: { globals: { console: "readonly", process: "readonly" } } },
  {
    files: ["public/sw.js"],
    languageOptions: {
      globals: { self: "readonly", caches: "readonly", fetch: "readonly", Request: "readonly", Response: "readonly", URL: "readonly" },
    },
  },
  { files: ["**/*.test.ts", "e2e/**"], rules: { "@typescript-eslint/no-explicit-any": "off" } },
  // A spec clicking a button on the server's HTML before React takes over loses the click, and
  // passes or fails by the machine's speed; visit() and reloaded() (e2e/fixtures.ts) wait for React.
  {
    files: ["e2e/**"],
    ignores: ["e2e/fixtures.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name=/^(goto|reload)$/]",
          message: "Open pages with visit(page, url) or reloaded(page) from e2e/fixtures.ts: they wait until React has hydrated.",
        },
      ],
    },
  },
);
