/**
 * Which message namespaces each part of the app hands to its client components. The whole
 * catalogue is about 94 kB of JSON a language, and every page carries what its providers get in
 * its HTML (the calendar's was 136 kB, nearly all of it texts the page never shows), so each part
 * gets only what its client components ask for. namespaces.test.ts walks each part's imports and
 * fails when a list misses a namespace a component asks for (the person would see a raw key) or
 * holds one nothing asks for.
 */

/** The pages outside the signed-in app (sign-in's form and errors, the language switch): the root layout. */
export const ROOT_NAMESPACES = ["common", "login"] as const;

/** The signed-in app's shell (menu, header, search, connectivity): the (app) layout's provider. */
export const SHELL_NAMESPACES = ["common", "nav", "offline", "search"] as const;

/**
 * Each section's pages, below the shell (app/(app)/<section>/layout.tsx, and the password page).
 * Every section also gets the error namespaces (errorNamespaces): a refusal from the server names
 * its text by a message key of any of them.
 */
export const SECTION_NAMESPACES = {
  account: ["account", "common"],
  admin: [
    "audit",
    "backup",
    "catalogue",
    "common",
    "credentials",
    "documentTemplates",
    "einvoiceFormat",
    "employees",
    "exports",
    "pickers",
    "roles",
    "scheduling",
    "settings",
    "specialties",
    "units",
    "vatRates",
  ],
  billing: ["billing", "common", "einvoiceFormat", "exports", "invoiceSending", "payments", "pickers", "plans"],
  calendar: ["catalogue", "common", "exports", "pickers", "scheduling"],
  clients: ["audit", "catalogue", "clients", "common", "documentTemplates", "documents", "exports", "pickers", "plans", "scheduling"],
  dashboard: ["common", "scheduling", "workload"],
  password: ["account", "common"],
  reports: ["pickers", "reports"],
  "time-accounting": ["common", "pickers", "scheduling", "workload"],
  workload: ["catalogue", "common", "pickers", "scheduling", "workload"],
} as const satisfies Record<string, readonly string[]>;

export type Section = keyof typeof SECTION_NAMESPACES;

type Messages = Record<string, unknown>;

/** The namespaces of refusals: errors, validation and each area's own (billingErrors, planErrors…). */
export function errorNamespaces(messages: Messages): string[] {
  return Object.keys(messages).filter((ns) => ns === "errors" || ns === "validation" || ns.endsWith("Errors"));
}

export function pickNamespaces(messages: Messages, namespaces: readonly string[]): Messages {
  return Object.fromEntries(namespaces.filter((ns) => ns in messages).map((ns) => [ns, messages[ns]]));
}

/** What a section's client components get: its own namespaces and every error namespace. */
export function sectionMessages(messages: Messages, section: Section): Messages {
  return pickNamespaces(messages, [...new Set([...SECTION_NAMESPACES[section], ...errorNamespaces(messages)])]);
}
