import { TRPCError } from "@trpc/server";
import { beforeEach, describe, expect, it, vi } from "vitest";

const lookup = vi.hoisted(() => ({ fail: null as Error | null }));
vi.mock("@/server/auth/session-token", () => ({
  sessionFromCookies: async () => {
    if (lookup.fail) throw lookup.fail;
    return null;
  },
}));

const { createContext } = await import("./context");

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("the request context while the database restarts", () => {
  beforeEach(() => {
    lookup.fail = null;
  });

  it("a session lookup on a connection the restart cut answers 503, as a known-down database does", async () => {
    for (const code of ["ECONNRESET", "CONNECTION_CLOSED", "57P01", "08006"]) {
      lookup.fail = withCode("connection lost", code);
      const err = await createContext({ cookie: "x=y", ip: null }).catch((e: unknown) => e);
      expect(err, code).toBeInstanceOf(TRPCError);
      expect((err as TRPCError).code, code).toBe("SERVICE_UNAVAILABLE");
      expect((err as TRPCError).cause, code).toMatchObject({ code: "UNAVAILABLE", messageKey: "errors.databaseUnavailable" });
    }
  });

  it("any other failure of the lookup is not disguised as a restart", async () => {
    lookup.fail = withCode("syntax", "42601");
    await expect(createContext({ cookie: "x=y", ip: null })).rejects.toBe(lookup.fail);
  });

  it("without a failure there is a context, signed out", async () => {
    await expect(createContext({ cookie: "x=y", ip: null })).resolves.toMatchObject({ actor: null, sid: null });
  });
});
