import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MESSAGES } from "./messages";
import { pickNamespaces, ROOT_NAMESPACES } from "./namespaces";

/**
 * The pages outside the signed-in app get only ROOT_NAMESPACES from the root layout: a text they
 * ask for from any other namespace would show the person its raw key. This walks each such page's
 * imports (the project's own files) and checks every translator they bind.
 */

const ROOT = path.resolve(__dirname, "..");
/** Pages rendered under the root layout's messages alone (the password page brings its own). */
const OUTSIDE_APP = ["app/login/page.tsx"];

function resolve(from: string, spec: string): string | null {
  const base = spec.startsWith("@/")
    ? path.join(ROOT, spec.slice(2))
    : spec.startsWith(".")
      ? path.resolve(path.dirname(from), spec)
      : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.tsx`, `${base}.ts`, path.join(base, "index.tsx"), path.join(base, "index.ts")]) {
    if (existsSync(candidate) && candidate.match(/\.tsx?$/)) return candidate;
  }
  return null;
}

/** Client files reachable from a page; server-only code (server/) uses getTranslations, not the provider. */
function reachable(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [path.join(ROOT, entry)];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, "utf8").matchAll(/^import[^"]*?from\s+"([^"]+)"/gm)) {
      const next = resolve(file, m[1]!);
      if (next && !next.startsWith(path.join(ROOT, "server"))) queue.push(next);
    }
  }
  return [...seen];
}

function clientNamespaces(file: string): string[] {
  const source = readFileSync(file, "utf8");
  if (!/^"use client"/m.test(source)) return [];
  return [...source.matchAll(/useTranslations\(\s*(?:"([\w.]*)")?\s*\)/g)].map((m) => (m[1] ?? "").split(".")[0]!);
}

describe("the root layout's messages", () => {
  it.each(OUTSIDE_APP)("hold every namespace the client components of %s ask for", (page) => {
    const files = reachable(page);
    expect(files.some((f) => f.endsWith("login-form.tsx"))).toBe(true);
    const asked = new Set(files.flatMap(clientNamespaces));
    expect(asked.size).toBeGreaterThan(0);
    // A translator bound without a namespace could ask for anything: not allowed on these pages.
    expect([...asked].filter((ns) => !(ROOT_NAMESPACES as readonly string[]).includes(ns))).toEqual([]);
  });

  it("are those namespaces in both languages, and nothing else", () => {
    for (const locale of ["et", "en"] as const) {
      expect(Object.keys(pickNamespaces(MESSAGES[locale], ROOT_NAMESPACES)).sort()).toEqual([...ROOT_NAMESPACES].sort());
    }
  });
});
