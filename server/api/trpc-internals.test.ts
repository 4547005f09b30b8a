import superjson from "superjson";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { appRouter } from "./root";
import { isMutation, listProcedures, routerConfig } from "./trpc-internals";

/**
 * trpc-internals.ts reads tRPC's internal router definition. If an upgrade of @trpc/server
 * changes it, these fail here, before the booking path or the access matrix quietly stop working.
 */
describe("tRPC's internal definition", () => {
  const all = listProcedures(appRouter);
  const byPath = new Map(all.map((p) => [p.path, p]));

  it("lists every procedure with its kind, access and input schema", () => {
    expect(all.length).toBeGreaterThan(90);
    expect(byPath.get("scheduling.sessions.book")).toMatchObject({ type: "mutation", access: { resource: "sessions", action: "book" } });
    expect(byPath.get("scheduling.sessions.book")!.input).toBeInstanceOf(z.ZodType);
    expect(byPath.get("me.get")).toMatchObject({ type: "query", access: "signedIn" });
    expect(byPath.get("me.signInOptions")).toMatchObject({ access: "public" });
    for (const p of all) {
      expect(["query", "mutation", "subscription"], p.path).toContain(p.type);
      expect(p.access, p.path).toBeDefined();
    }
  });

  it("tells a mutation from a query, an unknown path and an object's own properties", () => {
    expect(isMutation(appRouter, "scheduling.sessions.book")).toBe(true);
    expect(isMutation(appRouter, "me.get")).toBe(false);
    expect(isMutation(appRouter, "scheduling.sessions.nothing")).toBe(false);
    expect(isMutation(appRouter, "__proto__")).toBe(false);
    expect(isMutation(appRouter, "constructor")).toBe(false);
  });

  it("gives the router's runtime config: the superjson transformer and an error formatter", () => {
    const config = routerConfig(appRouter);
    const when = new Date("2026-12-03T10:00:00Z");
    expect(config.transformer.input.deserialize(superjson.serialize({ when }))).toEqual({ when });
    expect(config.transformer.output.serialize({ when })).toEqual(superjson.serialize({ when }));
    expect(typeof config.errorFormatter).toBe("function");
  });
});
