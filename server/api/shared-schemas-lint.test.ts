import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The rule that lets forms share the procedures' schemas (eslint.config.mjs): components import
 * server code only through server/<area>/schemas.ts, and those files import only browser-safe
 * modules. Both directions are checked on real source text through the project's own config.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function refusals(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("shared schema boundaries", { timeout: 90_000 }, () => {
  it("a component may import a shared schema file", async () => {
    const source = `import { unitInput } from "@/server/org/schemas";\nimport { entryInput } from "@/server/funding/schemas";\nexport const s = [unitInput, entryInput];\n`;
    expect(await refusals("components/admin/example.tsx", source)).toEqual([]);
  });

  it("a component importing other server code fails the lint", async () => {
    for (const spec of ["@/server/org/units", "@/server/db/client", "@/server/funding/schemas-helper", "@/server/schemas"]) {
      const source = `import { x } from "${spec}";\nexport const y = x;\n`;
      expect(await refusals("components/admin/example.tsx", source), spec).toHaveLength(1);
    }
  });

  it("a component may still import server types", async () => {
    const source = `import type { Db } from "@/server/db/client";\nexport type D = Db;\n`;
    expect(await refusals("components/admin/example.tsx", source)).toEqual([]);
  });

  it("a schema file importing server-only code fails the lint", async () => {
    for (const spec of ["@/server/errors", "@/server/db/client", "./units", "drizzle-orm", "@/db/schema", "zod"]) {
      const source = `import { x } from "${spec}";\nexport const y = x;\n`;
      expect(await refusals("server/org/schemas.ts", source), spec).not.toEqual([]);
    }
  });

  it("a schema file may import lib/, the enum lists, permission names and other schema files", async () => {
    const source = [
      `import { z } from "@/lib/zod";`,
      `import { isoDate } from "@/lib/schemas";`,
      `import { LANGUAGES } from "@/db/schema/enums";`,
      `import { RESOURCES } from "@/server/policy/permissions";`,
      `import { clientRef } from "@/server/clients/schemas";`,
      `import { other } from "./schemas";`,
      `export const s = [z, isoDate, LANGUAGES, RESOURCES, clientRef, other];`,
      "",
    ].join("\n");
    expect(await refusals("server/funding/schemas.ts", source)).toEqual([]);
  });

  it("lib/ stays free of server code, since schema files load it", async () => {
    const source = `import { x } from "@/server/errors";\nexport const y = x;\n`;
    expect(await refusals("lib/example.ts", source)).toHaveLength(1);
  });
});
