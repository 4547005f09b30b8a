import { describe, expect, it } from "vitest";
import { MESSAGES } from "./messages";

const { en, et } = MESSAGES;

type Tree = { [key: string]: string | Tree };

function keys(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}

function placeholders(tree: Tree): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (t: Tree, prefix: string) => {
    for (const [k, v] of Object.entries(t)) {
      if (typeof v === "string") out.set(`${prefix}${k}`, [...v.matchAll(/\{(\w+)\s*[,}]/g)].map((m) => m[1]!).sort());
      else walk(v, `${prefix}${k}.`);
    }
  };
  walk(tree, "");
  return out;
}

describe("messages", () => {
  it("English has every Estonian text and nothing else", () => {
    expect(keys(en as Tree).sort()).toEqual(keys(et as Tree).sort());
  });
  it("both languages use the same placeholders", () => {
    const etPlaceholders = placeholders(et as Tree);
    for (const [key, names] of placeholders(en as Tree)) expect([key, names]).toEqual([key, etPlaceholders.get(key)]);
  });
});
