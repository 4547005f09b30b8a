import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MESSAGES } from "./messages";

/**
 * Every text a page asks for by a literal key exists: a missing one shows the person its raw key
 * ("billing.report.whoConfirms" did, on the month report, until this test). It reads each file's
 * translators bound by name (`const t = useTranslations("ns")`, `await getTranslations("ns")`)
 * and checks every call of them with a literal key (`t("key")`, `t.rich("key", …)`); keys built
 * at run time (`t(\`tabs.${x}\`)`) and translators handed on as parameters are not checked here.
 */

type Tree = { [key: string]: string | Tree };
const ROOTS = ["app", "components", "server", "lib"];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "node_modules" ? [] : files(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

function has(tree: Tree, key: string): boolean {
  let node: string | Tree | undefined = tree;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null) return false;
    node = node[part];
  }
  return typeof node === "string";
}

/**
 * The literal keys a file asks its named translators for, with their namespaces. A name bound
 * again further down (each component its own `t`) counts from there on: each call takes the
 * nearest binding above it.
 */
export function literalKeys(source: string): { key: string; line: number }[] {
  const bindings: { name: string; namespace: string; at: number }[] = [];
  for (const m of source.matchAll(
    /(?:const|let)\s+(\w+)\s*=\s*(?:await\s+)?(?:useTranslations|getTranslations)\(\s*(?:"([\w.]*)")?\s*\)/g,
  )) {
    bindings.push({ name: m[1]!, namespace: m[2] ?? "", at: m.index });
  }
  const found: { key: string; line: number; at: number }[] = [];
  for (const name of new Set(bindings.map((b) => b.name))) {
    const call = new RegExp(`(?<![\\w.])${name}(?:\\.rich|\\.markup)?\\(\\s*"([\\w.-]+)"`, "g");
    for (const m of source.matchAll(call)) {
      const binding = bindings.filter((b) => b.name === name && b.at < m.index).at(-1);
      if (!binding) continue;
      const key = binding.namespace ? `${binding.namespace}.${m[1]}` : m[1]!;
      found.push({ key, line: source.slice(0, m.index).split("\n").length, at: m.index });
    }
  }
  return found.sort((a, b) => a.at - b.at).map(({ key, line }) => ({ key, line }));
}

describe("keys asked for", () => {
  it("finds the literal keys of named translators, and only those", () => {
    const source = [
      'const t = useTranslations("billing.report");',
      "const tc = useTranslations();",
      't("whoConfirms"); tc("common.save"); t.rich("note", {}); t(`tabs.${x}`); other("x"); t.has("maybe");',
      'function Other() { const t = useTranslations("reports"); return t("title"); }',
    ].join("\n");
    expect(literalKeys(source).map((k) => k.key)).toEqual([
      "billing.report.whoConfirms",
      "common.save",
      "billing.report.note",
      "reports.title",
    ]);
  });

  it("every literal key a page, PDF or e-mail asks for exists in Estonian and in English", () => {
    const missing: string[] = [];
    for (const root of ROOTS) {
      for (const file of files(root)) {
        for (const { key, line } of literalKeys(readFileSync(file, "utf8"))) {
          for (const locale of ["et", "en"] as const) {
            if (!has(MESSAGES[locale] as Tree, key)) missing.push(`${file}:${line} ${locale} ${key}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
