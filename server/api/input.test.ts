import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/server/policy/actor";
import { everyPermissionExcept } from "@/server/testing/actors";
import { callProcedure } from "@/server/testing/callers";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { makeFundingWorld } from "@/server/testing/funding-factories";

/**
 * Bad input is a 400 naming the field, never a 500 (issue #11, item 10): days that do not exist,
 * days out of range, NUL and other control characters in text, times far beyond any use.
 */

const t = await useTestDatabase();
let admin: Actor;
let clientId: string;
let sourceId: string;
let unit: string;

beforeAll(async () => {
  unit = await makeUnit(t.db);
  admin = await makeActor(t.db, { permissions: everyPermissionExcept(), unitIds: [unit] });
  clientId = await makeClient(t.db, { unitIds: [unit] });
  sourceId = (await makeFundingWorld(t.db)).sourceId;
});

/** The tRPC code and the fields a refusal names. */
async function refusal(path: string, input: unknown) {
  const err = await callProcedure(t.db, admin, path, input).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `${path} should be refused`).toBeInstanceOf(TRPCError);
  const cause = (err as TRPCError).cause as { issues?: { path: PropertyKey[] }[]; field?: string } | undefined;
  return { code: (err as TRPCError).code, fields: cause?.issues?.map((i) => i.path.join(".")) ?? (cause?.field ? [cause.field] : []) };
}

const client = (over: Record<string, unknown>) => ({
  personalCode: null,
  birthDate: "1980-01-08",
  firstName: "Mari",
  lastName: "Maasikas",
  email: null,
  phone: null,
  address: "",
  preferredLanguage: "et",
  notes: "",
  unitIds: [],
  caseManagerId: null,
  ...over,
});
const decision = (over: Record<string, unknown>) => ({
  clientId,
  fundingSourceId: sourceId,
  decisionNumber: "K000123",
  decisionDate: "2026-01-05",
  startDate: "2026-01-05",
  endDate: "2026-12-31",
  targetGroup: "",
  periodCapCents: null,
  yearlyCapCents: null,
  monthlyCapCents: null,
  serviceLimits: [],
  ...over,
});

describe("dates are real calendar days in 1900-2100", () => {
  it.each(["2026-02-30", "2026-02-29", "0000-01-01", "2026-13-01"])("a birth date of %s is a 400 naming birthDate", async (day) => {
    expect(await refusal("clients.create", client({ birthDate: day }))).toEqual({ code: "BAD_REQUEST", fields: ["birthDate"] });
  });

  it("a decision ending on a day that does not exist is a 400 naming endDate", async () => {
    expect(await refusal("funding.decisions.create", decision({ endDate: "2026-02-30" }))).toEqual({
      code: "BAD_REQUEST",
      fields: ["endDate"],
    });
  });

  it("a month 13 is a 400 naming month", async () => {
    expect(await refusal("billing.months.list", { month: "2026-13" })).toEqual({ code: "BAD_REQUEST", fields: ["month"] });
  });

  it("an access grant valid until the year 275760 is a 400 naming validUntil", async () => {
    const grant = { clientId, employeeId: admin.employeeId, reason: "Asendus", validUntil: new Date(8.64e15) };
    expect(await refusal("clients.grantAccess", grant)).toEqual({ code: "BAD_REQUEST", fields: ["validUntil"] });
  });
});

describe("text is free of NUL and other control characters", () => {
  it("a NUL byte in a name is a 400 naming the field", async () => {
    expect(await refusal("clients.create", client({ firstName: "Ma\u0000ri" }))).toEqual({ code: "BAD_REQUEST", fields: ["firstName"] });
  });

  it("a NUL byte in notes is a 400; line breaks and tabs in notes are fine", async () => {
    expect(await refusal("clients.create", client({ notes: "esimene\u0000teine" }))).toEqual({ code: "BAD_REQUEST", fields: ["notes"] });
    await expect(
      callProcedure(t.db, admin, "clients.create", client({ notes: "esimene\r\n\tteine", unitIds: [unit] })),
    ).resolves.toBeTruthy();
  });

  it("a NUL byte in a search term is a 400, not a failed query", async () => {
    expect(await refusal("clients.list", { search: "Ma\u0000" })).toEqual({ code: "BAD_REQUEST", fields: ["search"] });
    expect(await refusal("audit.list", { text: "\u0000" })).toEqual({ code: "BAD_REQUEST", fields: ["text"] });
  });
});
