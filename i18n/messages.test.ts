import { describe, expect, it } from "vitest";
import { MESSAGES } from "./messages";

const { en, et } = MESSAGES;

type Tree = { [key: string]: string | Tree };

function keys(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}

/** A select's or plural's branches (`apiKeyId {Võtme ID}`) are wording: keep only its argument. */
function withoutBranches(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const head = /^\{(\w+),\s*(select|plural),/.exec(text.slice(i));
    if (!head) {
      out += text[i];
      continue;
    }
    let depth = 0;
    let j = i;
    for (; j < text.length; j++) {
      if (text[j] === "{") depth++;
      if (text[j] === "}" && --depth === 0) break;
    }
    out += `{${head[1]}}`;
    i = j;
  }
  return out;
}

function placeholders(tree: Tree): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (t: Tree, prefix: string) => {
    for (const [k, v] of Object.entries(t)) {
      if (typeof v !== "string") {
        walk(v, `${prefix}${k}.`);
        continue;
      }
      const args = withoutBranches(v);
      out.set(`${prefix}${k}`, [...args.matchAll(/\{(\w+)\s*[,}]/g)].map((m) => m[1]!).sort());
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

describe("refusals name things as the screen names them", () => {
  it("a missing e-Financials setting is named by its label and the menu it is under, not its code", async () => {
    const { createTranslator } = await import("use-intl");
    for (const [locale, messages, label, menu] of [
      ["et", et, "Võtme ID", "Haldus → e-arveldaja ühendus"],
      ["en", en, "Key id", "Administration → e-Financials connection"],
    ] as const) {
      const t = createTranslator({ locale, messages });
      const text = t("billingErrors.eFinancialsNotConfigured" as never, { field: "apiKeyId" } as never);
      expect(text).toContain(label);
      expect(text).toContain(menu);
      expect(text).not.toContain("apiKeyId");
    }
  });
});

describe("the menu", () => {
  it("every entry has its name and, beyond the home page, a line for the home page's card in both languages", async () => {
    const { NAV_ITEMS } = await import("@/components/shell/nav");
    for (const tree of [et, en] as unknown as Tree[]) {
      const texts = new Set(keys(tree));
      for (const item of NAV_ITEMS) {
        expect(texts, item.labelKey).toContain(`nav.${item.labelKey}`);
        if (item.href !== "/") expect(texts, item.labelKey).toContain(`home.describe.${item.labelKey}`);
      }
    }
  });
});

describe("the role dialog's permission matrix", () => {
  it("names every resource, action and scope of the permission catalogue in both languages", async () => {
    const { CATALOGUE } = await import("@/server/policy/permissions");
    for (const tree of [et, en] as unknown as Tree[]) {
      const texts = new Set(keys(tree));
      for (const [resource, entry] of Object.entries(CATALOGUE)) {
        expect(texts, resource).toContain(`roles.resources.${resource}`);
        for (const action of entry.actions) expect(texts, `${resource}.${action}`).toContain(`roles.actions.${action}`);
        for (const scope of entry.scopes) expect(texts, `${resource}: ${scope}`).toContain(`roles.scopes.${scope}`);
      }
    }
  });
});
