import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MESSAGES } from "@/i18n/messages";

/** Every message key the catalogue code can send to the UI exists in both languages. */

const root = path.resolve(__dirname, "../..");
const sources = [
  ...readdirSync(__dirname)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .map((f) => readFileSync(path.join(__dirname, f), "utf8")),
  // Of the constraint table, the catalogue's own constraints.
  readFileSync(path.join(root, "server/errors.ts"), "utf8")
    .split("\n")
    .filter((line) => /^\s*(services|funding_sources|price_list)_/.test(line))
    .join("\n"),
];

const lookup = (tree: unknown, key: string) =>
  key.split(".").reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], tree);

const keys = [
  ...new Set(sources.flatMap((text) => [...text.matchAll(/"((?:catalogueErrors|errors)\.[A-Za-z]+)"/g)].map((m) => m[1]!))),
].sort();

describe("catalogue message keys", () => {
  it("finds the keys", () => {
    expect(keys).toEqual(
      expect.arrayContaining(["catalogueErrors.priceVersionOverlap", "catalogueErrors.versionInUse", "errors.required"]),
    );
  });

  it.each(keys)("%s exists in Estonian and English", (key) => {
    expect(typeof lookup(MESSAGES.et, key), `et ${key}`).toBe("string");
    expect(typeof lookup(MESSAGES.en, key), `en ${key}`).toBe("string");
  });
});
