import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { addCompileHints, COMPILE_HINT } from "./compile-hints";

let dir: string;

function build(manifest: unknown, files: Record<string, string>) {
  dir = mkdtempSync(path.join(os.tmpdir(), "compile-hints-"));
  mkdirSync(path.join(dir, "static", "chunks"), { recursive: true });
  writeFileSync(path.join(dir, "build-manifest.json"), JSON.stringify(manifest));
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
}

const read = (file: string) => readFileSync(path.join(dir, file), "utf8");

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("V8's compile hint on the scripts every page loads first", () => {
  it("marks the root scripts once, and no other chunk", () => {
    build(
      { rootMainFiles: ["static/chunks/runtime.js", "static/chunks/react.js", "static/chunks/root.css"] },
      {
        "static/chunks/runtime.js": "(globalThis.TURBOPACK||[]).push([1,(e)=>{}])",
        "static/chunks/react.js": "react();",
        "static/chunks/calendar.js": "calendar();",
      },
    );
    expect(addCompileHints(dir)).toEqual(["static/chunks/runtime.js", "static/chunks/react.js"]);
    expect(read("static/chunks/runtime.js")).toBe(`${COMPILE_HINT}(globalThis.TURBOPACK||[]).push([1,(e)=>{}])`);
    expect(read("static/chunks/react.js")).toBe(`${COMPILE_HINT}react();`);
    expect(read("static/chunks/calendar.js")).toBe("calendar();");
    // A second start finds them marked and leaves them as they are.
    expect(addCompileHints(dir)).toEqual([]);
    expect(read("static/chunks/react.js")).toBe(`${COMPILE_HINT}react();`);
  });

  it("fails loudly when the build manifest no longer names the root scripts", () => {
    build({ pages: { "/_app": [] } }, {});
    expect(() => addCompileHints(dir)).toThrow(/lists no rootMainFiles scripts: Next.js changed its build output/);
  });

  it("fails loudly when a listed script is not in the build", () => {
    build({ rootMainFiles: ["static/chunks/gone.js"] }, {});
    expect(() => addCompileHints(dir)).toThrow(/static\/chunks\/gone.js, listed in .*build-manifest.json, is not in the build/);
  });
});
