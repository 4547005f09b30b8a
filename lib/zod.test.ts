import { describe, expect, it } from "vitest";
import * as zod from "zod";
import { z } from "./zod";

describe("lib/zod's z", () => {
  it("does not carry zod's message catalogues, which a namespace would ship to every page", () => {
    expect("locales" in zod.z).toBe(true); // zod's own z does: the reason lib/zod-api.ts exists
    expect("locales" in z).toBe(false);
    expect("config" in z).toBe(false);
  });

  it("is zod itself: its schemas parse and refuse as zod's do", () => {
    const schema = z.object({ id: z.uuid(), hours: z.number().positive(), kind: z.enum(["a", "b"]) });
    expect(schema.safeParse({ id: "00000000-0000-4000-8000-000000000000", hours: 1.5, kind: "a" }).success).toBe(true);
    const refused = schema.safeParse({ id: "x", hours: 0, kind: "c" });
    expect(refused.success).toBe(false);
    expect(refused.error).toBeInstanceOf(zod.ZodError);
    expect(refused.error!.issues.map((i) => i.path.join("."))).toEqual(["id", "hours", "kind"]);
  });
});
