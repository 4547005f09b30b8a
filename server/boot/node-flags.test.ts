import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SERVER_NODE_FLAGS } from "./node-flags";

const scripts = (JSON.parse(readFileSync(path.join(process.cwd(), "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

describe("the server's V8 flags", () => {
  it("npm start runs the server with them, and bench:reports measures its screens with the same", () => {
    for (const name of ["start", "bench:reports"]) {
      const words = scripts[name]!.split(/\s+/);
      for (const flag of SERVER_NODE_FLAGS) expect(words, `${name}: ${scripts[name]}`).toContain(flag);
    }
  });
});
