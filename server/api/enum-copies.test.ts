import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as enums from "@/db/schema/enums";
import * as reportLists from "@/server/reports/schemas";
import * as scheduling from "@/server/scheduling/schemas";

/**
 * Item 6 of #16: a component takes an enumerated column's values from db/schema/enums.ts (or a
 * procedure's from its schemas.ts), never from a copy. This reads every file under components/
 * and refuses an array literal of two or more strings that all belong to one of the lists.
 */
const ROOT = path.resolve(__dirname, "../..");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith(".test.ts") ? [full] : [];
  });
}

const LISTS = Object.entries({ ...enums, ...scheduling, ...reportLists } as Record<string, unknown>).filter(
  (e): e is [string, readonly string[]] => Array.isArray(e[1]),
);
const STRING_ARRAY = /\[\s*("[^"\n]*"\s*(?:,\s*"[^"\n]*"\s*)+),?\s*\]/g;

function copies(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(STRING_ARRAY)) {
    const values = [...match[1]!.matchAll(/"([^"\n]*)"/g)].map((m) => m[1]!);
    const list = LISTS.find(([, list]) => values.every((v) => list.includes(v)));
    if (list) found.push(`${match[0]} copies ${list[0]}`);
  }
  return found;
}

describe("enum lists are not copied into components", () => {
  it("the check finds a copy", () => {
    expect(copies(`const S = ["e-financials", "operator", "email"] as const;`)).toEqual([
      `["e-financials", "operator", "email"] copies SEND_CHANNELS`,
    ]);
    expect(copies(`const tabs = ["overview", "team"];`)).toEqual([]);
  });

  it("no component holds one", () => {
    const found = files(path.join(ROOT, "components")).flatMap((file) =>
      copies(readFileSync(file, "utf8")).map((c) => `${path.relative(ROOT, file)}: ${c}`),
    );
    expect(found).toEqual([]);
  });
});
