import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { addCompileHints, COMPILE_HINT } from "./compile-hints";

let dir: string;

function build(files: Record<string, string>) {
  dir = mkdtempSync(path.join(os.tmpdir(), "compile-hints-"));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
}

const read = (file: string) => readFileSync(path.join(dir, file), "utf8");

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("V8's compile hint on the build's scripts", () => {
  it("marks each script once, in subfolders too, and nothing else", () => {
    build({
      "static/chunks/runtime.js": "(globalThis.TURBOPACK||[]).push([1,(e)=>{}])",
      "static/chunks/app/page.js": "page();",
      "static/chunks/root.css": "body{}",
      "static/media/font.woff2": "font",
      "server/app/page.js": "server();",
    });
    expect(addCompileHints(dir)).toEqual(["app/page.js", "runtime.js"]);
    expect(read("static/chunks/runtime.js")).toBe(`${COMPILE_HINT}(globalThis.TURBOPACK||[]).push([1,(e)=>{}])`);
    expect(read("static/chunks/app/page.js")).toBe(`${COMPILE_HINT}page();`);
    expect(read("static/chunks/root.css")).toBe("body{}");
    expect(read("server/app/page.js")).toBe("server();");
    // A second start finds them marked and leaves them as they are.
    expect(addCompileHints(dir)).toEqual([]);
    expect(read("static/chunks/app/page.js")).toBe(`${COMPILE_HINT}page();`);
  });

  it("fails loudly when the build has no scripts where Next wrote them", () => {
    build({ "static/elsewhere/runtime.js": "runtime();" });
    expect(() => addCompileHints(dir)).toThrow(/no scripts in .*static\/chunks: Next.js changed where it writes them/);
  });
});
