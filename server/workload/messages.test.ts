import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MESSAGES } from "@/i18n/messages";

/** Every message key the workload code and its constraints can send to the UI exists in both languages. */

const root = path.resolve(__dirname, "../..");
const sources = [
  ...readdirSync(__dirname)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .map((f) => readFileSync(path.join(__dirname, f), "utf8")),
  readFileSync(path.join(root, "server/errors.ts"), "utf8")
    .split("\n")
    .filter((line) => /^\s*(time_entries|possible_hours_overrides|work_types|timesheet)_/.test(line))
    .join("\n"),
];

const lookup = (tree: unknown, key: string) =>
  key.split(".").reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], tree);

const keys = [...new Set(sources.flatMap((text) => [...text.matchAll(/"(errors\.[A-Za-z0-9]+)"/g)].map((m) => m[1]!)))].sort();

describe("workload message keys", () => {
  it("finds the keys", () => {
    expect(keys).toEqual(
      expect.arrayContaining(["errors.monthApproved", "errors.workDayOver24", "errors.workTypeOtherUnit", "errors.possibleHoursNegative"]),
    );
  });

  it.each(keys)("%s exists in Estonian and English", (key) => {
    expect(typeof lookup(MESSAGES.et, key), `et ${key}`).toBe("string");
    expect(typeof lookup(MESSAGES.en, key), `en ${key}`).toBe("string");
  });

  it("the export's column labels exist in both languages", () => {
    for (const locale of ["et", "en"] as const) {
      for (const label of ["title", "employee", "sessionTotal", "generalTotal", "total", "possible", "difference", "totals", "file"]) {
        expect(typeof lookup(MESSAGES[locale], `workload.export.${label}`), `${locale} ${label}`).toBe("string");
      }
    }
  });
});
