import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MESSAGES } from "./messages";
import {
  errorNamespaces,
  pickNamespaces,
  ROOT_NAMESPACES,
  SECTION_NAMESPACES,
  sectionMessages,
  SHELL_NAMESPACES,
  type Section,
} from "./namespaces";

/**
 * Each provider hands its client components only some namespaces (namespaces.ts): a text they ask
 * for from any other would show the person its raw key. This walks the imports (the project's own
 * files, static and dynamic) of what each provider wraps and checks the translators they bind.
 */

const ROOT = path.resolve(__dirname, "..");
const APP = "app/(app)";
/** The files that bind a translator to the whole catalogue: each words refusals by the server's message keys. */
const WHOLE_CATALOGUE = ["components/documents/scan-cell.tsx", "components/ui/schema-resolver.ts", "components/ui/use-error-text.ts"];

function resolve(from: string, spec: string): string | null {
  const base = spec.startsWith("@/")
    ? path.join(ROOT, spec.slice(2))
    : spec.startsWith(".")
      ? path.resolve(path.dirname(from), spec)
      : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.tsx`, `${base}.ts`, path.join(base, "index.tsx"), path.join(base, "index.ts")]) {
    if (existsSync(candidate) && statSync(candidate).isFile() && candidate.match(/\.tsx?$/)) return candidate;
  }
  return null;
}

/** Files reachable from the entries through imports, re-exports and import(); server/ is never sent to the browser. */
function reachable(entries: string[]): string[] {
  const seen = new Set<string>();
  const queue = entries.map((e) => path.join(ROOT, e));
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, "utf8").matchAll(/(?:^(?:import|export)\s[^"]*?from\s+|\bimport\(\s*)"([^"]+)"/gm)) {
      const next = resolve(file, m[1]!);
      if (next && !next.startsWith(path.join(ROOT, "server"))) queue.push(next);
    }
  }
  return [...seen];
}

/** The namespaces the files' translators are bound to; "" for one bound to the whole catalogue. */
function asked(files: string[]): Set<string> {
  const out = new Set<string>();
  for (const file of files) {
    for (const m of readFileSync(file, "utf8").matchAll(/useTranslations\(([^)]*)\)/g)) {
      const arg = m[1]!.trim();
      // A namespace in a variable could be anything: only string literals, so this test sees them.
      expect(arg, `${path.relative(ROOT, file)}: useTranslations(${arg})`).toMatch(/^("[\w.]+")?$/);
      out.add(arg === "" ? "" : arg.slice(1, -1).split(".")[0]!);
    }
  }
  return out;
}

function pagesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => path.basename(f) === "page.tsx")
    .map((f) => path.join(dir, f));
}

const errors = errorNamespaces(MESSAGES.et);
const sorted = (xs: Iterable<string>) => [...xs].sort();

describe("the messages each provider hands to client components", () => {
  it("hold every namespace the sign-in page's client components ask for (the root layout's)", () => {
    const files = reachable(["app/login/page.tsx"]);
    expect(files.some((f) => f.endsWith("login-form.tsx"))).toBe(true);
    const namespaces = asked(files);
    expect(namespaces.size).toBeGreaterThan(0);
    // A translator bound to the whole catalogue could ask for anything: not allowed on this page.
    expect(sorted(namespaces).filter((ns) => !(ROOT_NAMESPACES as readonly string[]).includes(ns))).toEqual([]);
  });

  it("are exactly what the shell asks for, and the pages directly under it ask for nothing else", () => {
    const shell = asked(reachable([`${APP}/layout.tsx`, "components/shell/app-shell.tsx"]));
    expect(sorted(shell)).toEqual(sorted(SHELL_NAMESPACES));
    const direct = readdirSync(path.join(ROOT, APP)).filter((f) => f === "page.tsx");
    for (const page of direct) expect(sorted(asked(reachable([`${APP}/${page}`]))).filter((ns) => !shell.has(ns))).toEqual([]);
  });

  const sections = readdirSync(path.join(ROOT, APP)).filter((d) => statSync(path.join(ROOT, APP, d)).isDirectory());

  it("cover every section of the app, each with its layout", () => {
    expect(sections.length).toBeGreaterThan(5);
    expect(sorted(sections)).toEqual(sorted(Object.keys(SECTION_NAMESPACES).filter((s) => s !== "password")));
    for (const section of sections) {
      expect(readFileSync(path.join(ROOT, APP, section, "layout.tsx"), "utf8")).toContain(`<SectionMessages section="${section}">`);
    }
    expect(readFileSync(path.join(ROOT, "app/password/page.tsx"), "utf8")).toContain('<SectionMessages section="password">');
  });

  const entries: [Section, string[]][] = [
    ...sections.map((s): [Section, string[]] => [s as Section, [`${APP}/${s}/layout.tsx`, ...pagesUnder(`${APP}/${s}`)]]),
    ["password", ["components/account/forced-password-change.tsx"]],
  ];

  it.each(entries)("are exactly what the %s section's client components ask for, with the error namespaces", (section, files) => {
    const reached = reachable(files);
    const namespaces = asked(reached);
    const own = sorted(namespaces).filter((ns) => ns !== "" && !errors.includes(ns));
    expect(own, `SECTION_NAMESPACES["${section}"] in i18n/namespaces.ts`).toEqual(sorted(SECTION_NAMESPACES[section]));
    for (const file of reached) {
      if (asked([file]).has("")) expect(WHOLE_CATALOGUE).toContain(path.relative(ROOT, file));
    }
    const given = Object.keys(sectionMessages(MESSAGES.et, section));
    for (const ns of namespaces) if (ns !== "") expect(given).toContain(ns);
    for (const ns of errors) expect(given).toContain(ns);
  });

  it("name namespaces both languages have; the error namespaces are those of refusals", () => {
    expect(sorted(errors)).toEqual(sorted(errorNamespaces(MESSAGES.en)));
    expect(errors).toEqual(expect.arrayContaining(["errors", "validation", "billingErrors", "planErrors"]));
    for (const locale of ["et", "en"] as const) {
      for (const list of [ROOT_NAMESPACES, SHELL_NAMESPACES, ...Object.values(SECTION_NAMESPACES)]) {
        expect(sorted(Object.keys(pickNamespaces(MESSAGES[locale], list)))).toEqual(sorted(list));
      }
    }
  });

  it("leave out what a section does not use: the calendar gets under half the catalogue", () => {
    const size = (m: object) => JSON.stringify(m).length;
    expect(size(sectionMessages(MESSAGES.et, "calendar"))).toBeLessThan(size(MESSAGES.et) / 2);
    expect(Object.keys(sectionMessages(MESSAGES.et, "calendar"))).not.toContain("reports");
  });
});
