import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { cents, euroAmount, isoDate, personalCode } from "@/lib/schemas";
import { createCaller } from "@/server/api/root";
import { AppError } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor, makeClient, makeUnit, newPersonalCode } from "@/server/testing/factories";
import { makeFundingWorld, type FundingWorld } from "@/server/testing/funding-factories";

/**
 * The forms check personal codes, dates and money with the schemas in lib/schemas.ts; the
 * procedures must refuse exactly what the forms refuse, naming the same field, and take what
 * they take. Each case runs through both.
 */
const t = await useTestDatabase();

let unit: string;
let caseManager: Actor;
let srt: FundingWorld;
let decisionNo = 0;

beforeAll(async () => {
  unit = await makeUnit(t.db, { name: "Skeemide üksus" });
  caseManager = await makeActor(t.db, {
    permissions: { "clients:read": "own", "clients:read_clinical": "own", "clients:create": "own", "clients:update": "own" },
    unitIds: [unit],
  });
  srt = await makeFundingWorld(t.db, "SRT");
});

const caller = () => createCaller({ db: t.db, actor: caseManager, ip: null });

const client = (over: { personalCode: string | null; birthDate: string | null }) =>
  caller().clients.create({
    firstName: "Mari",
    lastName: "Maasikas",
    email: null,
    phone: null,
    address: "",
    preferredLanguage: "et",
    notes: "",
    unitIds: [unit],
    caseManagerId: caseManager.employeeId,
    ...over,
  });

const decision = async (periodCapCents: number) =>
  caller().funding.decisions.create({
    clientId: await makeClient(t.db, { unitIds: [unit], caseManagerId: caseManager.employeeId }),
    fundingSourceId: srt.sourceId,
    decisionNumber: `S${++decisionNo}`,
    decisionDate: "2026-01-05",
    startDate: "2026-01-05",
    endDate: "2026-12-31",
    targetGroup: "täisealine",
    periodCapCents,
    yearlyCapCents: null,
    monthlyCapCents: null,
    serviceLimits: [],
  });

/** The field a refusal names, whether the input schema or the domain refused. */
async function refusedField(promise: Promise<unknown>): Promise<string | null> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (err === null) return null;
  expect(err).toBeInstanceOf(TRPCError);
  const cause = (err as TRPCError).cause;
  expect((err as TRPCError).code).toBe("BAD_REQUEST");
  if (cause instanceof AppError) return cause.field ?? "";
  expect(cause).toBeInstanceOf(ZodError);
  return (cause as ZodError).issues.map((i) => i.path.join(".")).join(",");
}

describe("a form and the server refuse the same", () => {
  it("personal codes", async () => {
    const good = newPersonalCode();
    const cases = [good, ` ${newPersonalCode()} `, "38001085719", "38002305710", "3800108571", "3800108571a"];
    for (const code of cases) {
      const formRefuses = !personalCode.safeParse(code).success;
      expect(await refusedField(client({ personalCode: code, birthDate: null })), code).toBe(formRefuses ? "personalCode" : null);
    }
    expect(personalCode.safeParse(good).success).toBe(true);
  });

  it("dates", async () => {
    for (const day of ["1990-02-28", "2000-02-29", "1990-02-29", "2026-02-30", "1990-13-01", "1899-12-31", "12.03.1990"]) {
      const formRefuses = !isoDate.safeParse(day).success;
      expect(await refusedField(client({ personalCode: null, birthDate: day })), day).toBe(formRefuses ? "birthDate" : null);
    }
  });

  it("money: what the euro field gives, the server takes; amounts the schema refuses, the server refuses", async () => {
    for (const text of ["29,40", "0,01", "1 234,50"]) {
      const parsed = euroAmount.parse(text);
      expect(await refusedField(decision(parsed)), text).toBeNull();
    }
    for (const amount of [0, -100, 29.4]) {
      expect(cents.safeParse(amount).success, String(amount)).toBe(false);
      expect(await refusedField(decision(amount)), String(amount)).toBe("periodCapCents");
    }
  });
});
