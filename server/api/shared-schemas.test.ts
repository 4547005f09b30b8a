import { zodResolver } from "@hookform/resolvers/zod";
import { TRPCError } from "@trpc/server";
import type { FieldValues, ResolverOptions } from "react-hook-form";
import { beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { cents, euroAmount, isoDate, personalCode } from "@/lib/schemas";
import { createCaller } from "@/server/api/root";
import { grantForm, saveContactInput, setTeamInput, type ContactValues, type GrantValues } from "@/server/clients/schemas";
import { AppError } from "@/server/errors";
import {
  casePlanForm,
  decisionForm,
  entryForm,
  type CasePlanValues,
  type DecisionValues,
  type EntryValues,
} from "@/server/funding/schemas";
import {
  copyVersionForm,
  createVersionForm,
  versionEditorForm,
  type CopyVersionValues,
  type VersionEditorValues,
  type VersionValues,
} from "@/server/catalogue/schemas";
import { changePasswordForm, changePasswordInput, type ChangePasswordValues } from "@/server/auth/schemas";
import { connectionForm, type ConnectionValues } from "@/server/billing/schemas";
import { assignForm, importStatementInput, type AssignValues } from "@/server/billing/payments/schemas";
import { payments } from "@/db/schema";
import { makeNumberedInvoice } from "@/server/testing/payment-factories";
import { roleForm, unitForm, type RoleValues, type UnitValues } from "@/server/org/schemas";
import { backupScheduleInput } from "@/server/settings/schemas";
import type { Actor } from "@/server/policy/actor";
import { possibleHoursForm, timeEntryForm, type PossibleHoursValues, type TimeEntryValues } from "@/server/workload/schemas";
import { useTestDatabase } from "@/server/testing/database";
import { makeActor, makeClient, makeUnit, newPersonalCode } from "@/server/testing/factories";
import { makeClientWithDecision, makeFundingSource, makeFundingWorld, type FundingWorld } from "@/server/testing/funding-factories";
import { makeWorkloadWorld, makeWorkType, type WorkloadWorld } from "@/server/testing/workload-factories";
import { bookForm, roomForm, type BookValues, type RoomValues } from "@/server/scheduling/schemas";
import { makeSchedulingWorld } from "@/server/testing/scheduling-factories";

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

/**
 * The forms validate with the procedures' own schemas (server/<area>/schemas.ts through
 * lib/form-schema.ts). For each form, cases generated from a valid entry by changing one field
 * at a time go through react-hook-form's zod resolver, as the form runs it, and through the
 * tRPC procedure with what the form would send: both take the same cases and refuse the same,
 * naming the same field.
 */
const resolverOptions = { fields: {}, shouldUseNativeValidation: false } as unknown as ResolverOptions<FieldValues>;

/** The fields the form's resolver refuses, or null when it lets the values through. */
async function formVerdict(schema: Parameters<typeof zodResolver>[0], values: object): Promise<string | null> {
  const { errors } = await zodResolver(schema)(values as never, undefined, resolverOptions);
  const fields = Object.keys(errors).sort();
  return fields.length ? fields.join(",") : null;
}

/** The fields the procedure refuses (input schema or domain), or null when it takes the input. */
async function serverVerdict(call: Promise<unknown>): Promise<string | null> {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (err === null) return null;
  expect(err).toBeInstanceOf(TRPCError);
  const cause = (err as TRPCError).cause;
  if (cause instanceof AppError) return cause.field ?? `(${cause.code} without a field)`;
  expect(cause).toBeInstanceOf(ZodError);
  // A series' procedures take the booking as one field: its fields are named as a single booking's.
  const field = (path: PropertyKey[]) => String(path[0] === "booking" ? path[1] : path[0]);
  return [...new Set((cause as ZodError).issues.map((i) => field(i.path)))].sort().join(",");
}

type Variants<V> = { [K in keyof V]?: { ok: V[K][]; refused: V[K][] } };

/** The base values, then each variant of one field: `expected` is null or the field refused. */
function* cases<V extends object>(base: V, variants: Variants<V>): Generator<{ values: V; expected: string | null; label: string }> {
  yield { values: base, expected: null, label: "base" };
  for (const [field, v] of Object.entries(variants) as [string, { ok: unknown[]; refused: unknown[] }][]) {
    for (const value of v.ok) yield { values: { ...base, [field]: value }, expected: null, label: `${field}=${JSON.stringify(value)}` };
    for (const value of v.refused)
      yield { values: { ...base, [field]: value }, expected: field, label: `${field}=${JSON.stringify(value)}` };
  }
}

const tooLong = (n: number) => "x".repeat(n + 1);
const CONTROL = "a\u0001b";

describe("a form and its procedure take and refuse the same", () => {
  let unitAdmin: Actor;
  let parentUnit: string;
  let srt: FundingWorld;
  let caseManager: Actor;
  let client: { clientId: string; decisionId: string };
  let w: WorkloadWorld;
  let meeting: string;

  beforeAll(async () => {
    parentUnit = await makeUnit(t.db, { name: "Pariteedi üksus" });
    unitAdmin = await makeActor(t.db, { permissions: { "units:read": "all", "units:manage": "all" }, unitIds: [parentUnit] });
    srt = await makeFundingWorld(t.db, "SRT");
    caseManager = await makeActor(t.db, {
      permissions: { "clients:read": "own", "clients:read_clinical": "own", "clients:update": "own" },
      unitIds: [parentUnit],
    });
    client = await makeClientWithDecision(t.db, {
      unitIds: [parentUnit],
      caseManagerId: caseManager.employeeId,
      decision: { fundingSourceId: srt.sourceId, startDate: "2026-01-01", endDate: "2026-12-31" },
    });
    w = await makeWorkloadWorld(t.db);
    meeting = await makeWorkType(t.db, { name: "Pariteedi koosolek" });
  });

  it("the unit form (units.create)", async () => {
    const base: UnitValues = { name: "Uus üksus", nameEn: "", parentId: "", headEmployeeId: "" };
    const variants: Variants<UnitValues> = {
      name: { ok: ["  Tühikutega  ", "Ü".repeat(120)], refused: ["", "   ", CONTROL, tooLong(120)] },
      parentId: { ok: [parentUnit], refused: ["pole-id"] },
      headEmployeeId: { ok: [unitAdmin.employeeId], refused: ["12345"] },
    };
    const caller = createCaller({ db: t.db, actor: unitAdmin, ip: null });
    let n = 0;
    for (const c of cases(base, variants)) {
      const values = { ...c.values, name: c.values.name === base.name ? `${base.name} ${++n}` : c.values.name };
      const form = await formVerdict(unitForm, values);
      const server = await serverVerdict(caller.units.create(unitForm.toInput(values) as never));
      expect({ form, server }, c.label).toEqual({ form: c.expected, server: c.expected });
    }
  });

  it("the dataset entry form (funding.entries.create)", async () => {
    const base: EntryValues = {
      clientId: client.clientId,
      decisionId: client.decisionId,
      serviceId: srt.serviceId,
      serviceDate: "2026-03-02",
      units: "1",
      specialistId: caseManager.employeeId,
      description: "",
    };
    const variants: Variants<EntryValues> = {
      units: { ok: ["0,5", "2", " 1.25 "], refused: ["0", "-1", "", "üks", "1000"] },
      serviceDate: { ok: ["2026-03-03"], refused: ["", "2026-02-30", "03.03.2026", "2026-13-01"] },
      serviceId: { ok: [srt.otherServiceId], refused: [""] },
      decisionId: { ok: [], refused: [""] },
      description: { ok: ["Rühmatöö\nteine rida\tja tab"], refused: [CONTROL, tooLong(5000)] },
    };
    const caller = createCaller({ db: t.db, actor: caseManager, ip: null });
    for (const c of cases(base, variants)) {
      const form = await formVerdict(entryForm, c.values);
      const server = await serverVerdict(caller.funding.entries.create(entryForm.toInput(c.values) as never));
      expect({ form, server }, c.label).toEqual({ form: c.expected, server: c.expected });
    }
  });

  it("the time entry form (workload.timeEntries.save)", async () => {
    let day = 0;
    // Each case on a day of its own, so the day's 24 hours (a database rule) never comes into it.
    const nextDay = () => `2026-11-${String(++day).padStart(2, "0")}`;
    const base: TimeEntryValues = { id: null, employeeId: w.jaan.employeeId, workTypeId: meeting, workDate: "", hours: "1,5", note: "" };
    const variants: Variants<TimeEntryValues> = {
      hours: { ok: ["0,25", "24", "7.75"], refused: ["0", "-1", "24,5", "1,255", "", "pool"] },
      workTypeId: { ok: [], refused: ["", "koosolek"] },
      note: { ok: ["Koosolek\nja arutelu"], refused: [CONTROL, tooLong(5000)] },
    };
    const caller = createCaller({ db: t.db, actor: w.jaan, ip: null });
    for (const c of cases(base, variants)) {
      const values = { ...c.values, workDate: nextDay() };
      const form = await formVerdict(timeEntryForm, values);
      const server = await serverVerdict(caller.workload.timeEntries.save(timeEntryForm.toInput(values) as never));
      expect({ form, server }, c.label).toEqual({ form: c.expected, server: c.expected });
    }
    for (const workDate of ["", "2026-02-29", "2026-11-31"]) {
      const values = { ...base, workDate };
      expect(await formVerdict(timeEntryForm, values), workDate).toBe("workDate");
      expect(await serverVerdict(caller.workload.timeEntries.save(timeEntryForm.toInput(values) as never)), workDate).toBe("workDate");
    }
  });

  it("the access grant form (clients.grantAccess)", async () => {
    const base: GrantValues = {
      clientId: client.clientId,
      employeeId: w.liis.employeeId,
      reason: "Asendab puhkuse ajal",
      validUntil: "2027-01-31",
    };
    const variants: Variants<GrantValues> = {
      reason: { ok: ["Asendus\nkaks nädalat"], refused: ["", "   ", CONTROL, tooLong(500)] },
      validUntil: { ok: ["2030-12-31"], refused: ["", "2027-02-30", "31.01.2027", "2020-01-31"] },
      employeeId: { ok: [], refused: ["", "liis"] },
    };
    const caller = createCaller({ db: t.db, actor: caseManager, ip: null });
    for (const c of cases(base, variants)) {
      const form = await formVerdict(grantForm, c.values);
      const server = await serverVerdict(caller.clients.grantAccess(grantForm.toInput(c.values) as never));
      expect({ form, server }, c.label).toEqual({ form: c.expected, server: c.expected });
    }
  });

  it("the possible hours form (workload.plan.setPossibleHours)", async () => {
    const base: PossibleHoursValues = { employeeId: w.liis.employeeId, month: "2026-10", hours: "120", note: "" };
    const variants: Variants<PossibleHoursValues> = {
      hours: { ok: ["0", "744", "96,5", " 80 "], refused: ["-1", "744,5", "", "palju"] },
      note: { ok: ["Puhkus 1.–10."], refused: [CONTROL, tooLong(500)] },
      month: { ok: ["2026-11"], refused: ["", "2026-13", "10.2026"] },
    };
    const caller = createCaller({ db: t.db, actor: w.manager, ip: null });
    for (const c of cases(base, variants)) {
      const form = await formVerdict(possibleHoursForm, c.values);
      // The domain names its own refusals of the hours "possibleHours"; the form shows them on its hours field.
      const refusal = await serverVerdict(caller.workload.plan.setPossibleHours(possibleHoursForm.toInput(c.values) as never));
      const server = refusal === "possibleHours" ? "hours" : refusal;
      expect({ form, server }, c.label).toEqual({ form: c.expected, server: c.expected });
    }
  });

  it("the e-Financials connection form (billing.connection.save)", async () => {
    const admin = await makeActor(t.db, { permissions: { "settings:read": "all", "settings:manage": "all" }, unitIds: [parentUnit] });
    const base: ConnectionValues = {
      mode: "demo",
      baseUrl: "https://demo-rmp-api.rik.ee/v1",
      apiKeyId: "võti",
      apiPublicValue: "avalik",
      apiPassword: "",
    };
    const variants: Variants<ConnectionValues> = {
      baseUrl: {
        ok: ["https://rmp-api.rik.ee/v1", "http://localhost:4010/v1", " https://rmp-api.rik.ee/v1/ "],
        refused: ["", "rmp-api.rik.ee", "http://rmp-api.rik.ee/v1", "ftp://rmp-api.rik.ee", CONTROL],
      },
      apiKeyId: { ok: [""], refused: [CONTROL, tooLong(200)] },
      apiPassword: { ok: ["salajane parool "], refused: [CONTROL, tooLong(500)] },
    };
    const caller = createCaller({ db: t.db, actor: admin, ip: null });
    for (const c of cases(base, variants)) {
      const form = await formVerdict(connectionForm, c.values);
      const server = await serverVerdict(caller.billing.connection.save(connectionForm.toInput(c.values) as never));
      expect({ form, server }, c.label).toEqual({ form: c.expected, server: c.expected });
    }
  });

  it("the password change form (account.changePassword): the lengths are the procedure's, the repeat the form's", async () => {
    const person = await makeActor(t.db, { permissions: {}, unitIds: [parentUnit] });
    const caller = createCaller({ db: t.db, actor: person, ip: null });
    const base: ChangePasswordValues = { currentPassword: "vana-parool-on-pikk", newPassword: "uus-parool-on-pikem", repeatPassword: "" };
    const refused: Variants<ChangePasswordValues> = {
      currentPassword: { ok: [], refused: ["", tooLong(200)] },
      newPassword: { ok: [], refused: ["", "lühike-11ch", tooLong(200)] },
    };
    for (const c of cases(base, refused)) {
      if (c.expected === null) continue;
      const values = { ...c.values, repeatPassword: c.values.newPassword };
      const form = await formVerdict(changePasswordForm, values);
      const server = await serverVerdict(caller.account.changePassword(values));
      expect({ form, server }, c.label).toEqual({ form: c.expected, server: c.expected });
    }
    // What the form lets through reaches the procedure's domain rules (here: a wrong current password).
    const good = { ...base, repeatPassword: base.newPassword };
    expect(await formVerdict(changePasswordForm, good)).toBeNull();
    expect(changePasswordInput.safeParse(good).success).toBe(true);
    expect(await formVerdict(changePasswordForm, { ...good, repeatPassword: "uus-parool-on-pikem!" })).toBe("repeatPassword");
  });

  it("the role form (roles.save)", async () => {
    const admin = await makeActor(t.db, { permissions: { "roles:read": "all", "roles:manage": "all" }, unitIds: [parentUnit] });
    const caller = createCaller({ db: t.db, actor: admin, ip: null });
    const base: RoleValues = {
      id: null,
      name: "Pariteedi roll",
      description: "",
      permissions: [{ resource: "units", action: "read", scope: "unit" }],
    };
    const variants: Variants<RoleValues> = {
      name: { ok: ["  Tühikutega roll  "], refused: ["", "   ", CONTROL, tooLong(80)] },
      description: { ok: ["Kaks\nrida"], refused: [CONTROL, tooLong(500)] },
      permissions: {
        ok: [[{ resource: "clients", action: "read", scope: "own" }]],
        refused: [
          [],
          [{ resource: "units", action: "read", scope: "everyone" as never }],
          [{ resource: "nothing" as never, action: "read", scope: "all" }],
        ],
      },
    };
    let n = 0;
    for (const c of cases(base, variants)) {
      const values = { ...c.values, name: c.values.name === base.name ? `${base.name} ${++n}` : c.values.name };
      const form = await formVerdict(roleForm, values);
      const server = await serverVerdict(caller.roles.save(values as never));
      expect({ form, server }, c.label).toEqual({ form: c.expected, server: c.expected });
    }
  });

  it("the decision form (funding.decisions.create), its limit rows included", async () => {
    const caller = createCaller({ db: t.db, actor: caseManager, ip: null });
    let n = 0;
    const base: DecisionValues = {
      fundingSourceId: srt.sourceId,
      decisionNumber: "P",
      decisionDate: "2026-01-05",
      startDate: "2026-01-05",
      endDate: "2026-06-30",
      targetGroup: "täisealine",
      periodCapCents: "",
      yearlyCapCents: "1 234,50",
      monthlyCapCents: "",
      serviceLimits: [{ serviceId: srt.serviceId, maxUnits: "10" }],
    };
    const variants: Variants<DecisionValues> = {
      fundingSourceId: { ok: [], refused: ["", "srt"] },
      decisionNumber: { ok: [], refused: ["", "  ", CONTROL, tooLong(60)] },
      endDate: { ok: ["2026-01-05"], refused: ["", "2026-01-04", "2026-02-30", "30.06.2026"] },
      periodCapCents: { ok: ["60,00", "0,01"], refused: ["0", "-5", "kuuskümmend", "12,345"] },
      serviceLimits: {
        ok: [[], [{ serviceId: srt.serviceId, maxUnits: "0,5" }]],
        refused: [
          [{ serviceId: "", maxUnits: "10" }],
          [{ serviceId: srt.serviceId, maxUnits: "0" }],
          [{ serviceId: srt.serviceId, maxUnits: "" }],
          [
            { serviceId: srt.serviceId, maxUnits: "1" },
            { serviceId: srt.serviceId, maxUnits: "2" },
          ],
        ],
      },
    };
    for (const c of cases(base, variants)) {
      // Each decision on a client of its own: overlapping rehabilitation decisions are a rule of the database's.
      const clientId = await makeClient(t.db, { unitIds: [parentUnit], caseManagerId: caseManager.employeeId });
      const values = { ...c.values, decisionNumber: c.values.decisionNumber === base.decisionNumber ? `P${++n}` : c.values.decisionNumber };
      const form = await formVerdict(decisionForm, values);
      const server = await serverVerdict(
        caller.funding.decisions.create({ clientId, ...(decisionForm.toInput(values) as object) } as never),
      );
      expect({ form, server }, c.label).toEqual({ form: c.expected, server: c.expected });
    }
  });

  it("the case plan form (funding.casePlan.save), its rows included", async () => {
    const caller = createCaller({ db: t.db, actor: caseManager, ip: null });
    const base: CasePlanValues = {
      decisionId: client.decisionId,
      goals: "Igapäevane toimetulek",
      items: [{ serviceId: srt.serviceId, plannedUnits: "10" }],
    };
    const variants: Variants<CasePlanValues> = {
      goals: { ok: ["", "Kaks\nrida\tja tab"], refused: [CONTROL, tooLong(10_000)] },
      items: {
        ok: [
          [],
          [{ serviceId: srt.serviceId, plannedUnits: "0,5" }],
          [{ serviceId: srt.serviceId, plannedUnits: " 1.25 " }],
          [
            { serviceId: srt.serviceId, plannedUnits: "1" },
            { serviceId: srt.otherServiceId, plannedUnits: "2" },
          ],
        ],
        refused: [
          [{ serviceId: "", plannedUnits: "10" }],
          [{ serviceId: "teenus", plannedUnits: "10" }],
          [{ serviceId: srt.serviceId, plannedUnits: "0" }],
          [{ serviceId: srt.serviceId, plannedUnits: "-1" }],
          [{ serviceId: srt.serviceId, plannedUnits: "" }],
          [{ serviceId: srt.serviceId, plannedUnits: "kümme" }],
          [{ serviceId: srt.serviceId, plannedUnits: "100000,5" }],
          [
            { serviceId: srt.serviceId, plannedUnits: "1" },
            { serviceId: srt.serviceId, plannedUnits: "2" },
          ],
        ],
      },
      decisionId: { ok: [], refused: ["", "otsus"] },
    };
    for (const c of cases(base, variants)) {
      const form = await formVerdict(casePlanForm, c.values);
      const server = await serverVerdict(caller.funding.casePlan.save(casePlanForm.toInput(c.values) as never));
      expect({ form, server }, c.label).toEqual({ form: c.expected, server: c.expected });
    }
  });

  it("the payment assign form (payments.assign), its invoice rows included", async () => {
    const accountant = await makeActor(t.db, { permissions: { "billing:read": "all", "billing:confirm": "all" }, unitIds: [parentUnit] });
    const caller = createCaller({ db: t.db, actor: accountant, ip: null });
    const funder = await makeFundingSource(t.db, { kind: "KOV" });
    // "A" and "B" stand for two open invoices of 30 and 20 euros, made anew with a 50-euro payment for each case.
    const base: AssignValues = { paymentId: "P", allocations: [{ invoiceId: "A", amountCents: "30,00" }] };
    const variants: Variants<AssignValues> = {
      allocations: {
        ok: [
          [{ invoiceId: "A", amountCents: "0,01" }],
          [{ invoiceId: "A", amountCents: " 12.30 " }],
          [
            { invoiceId: "A", amountCents: "30" },
            { invoiceId: "B", amountCents: "20,00" },
          ],
        ],
        refused: [
          [],
          [{ invoiceId: "A", amountCents: "" }],
          [{ invoiceId: "A", amountCents: "0" }],
          [{ invoiceId: "A", amountCents: "-5" }],
          [{ invoiceId: "A", amountCents: "kolm" }],
          [{ invoiceId: "A", amountCents: "12,345" }],
          [{ invoiceId: "arve", amountCents: "10" }],
          [
            { invoiceId: "A", amountCents: "10" },
            { invoiceId: "A", amountCents: "10" },
          ],
        ],
      },
      paymentId: { ok: [], refused: ["", "makse"] },
    };
    for (const c of cases(base, variants)) {
      const [payment] = await t.db
        .insert(payments)
        .values({ source: "manual", bookingDate: "2026-10-05", amountCents: 5000 })
        .returning({ id: payments.id });
      const ids: Record<string, string> = {
        P: payment!.id,
        A: (await makeNumberedInvoice(t.db, { fundingSourceId: funder, totalCents: 3000 })).id,
        B: (await makeNumberedInvoice(t.db, { fundingSourceId: funder, totalCents: 2000 })).id,
      };
      const values: AssignValues = {
        paymentId: ids[c.values.paymentId] ?? c.values.paymentId,
        allocations: c.values.allocations.map((a) => ({ ...a, invoiceId: ids[a.invoiceId] ?? a.invoiceId })),
      };
      const form = await formVerdict(assignForm, values);
      const server = await serverVerdict(caller.payments.assign(assignForm.toInput(values) as never));
      expect({ form, server }, c.label).toEqual({ form: c.expected, server: c.expected });
    }
    // The statement upload validates its file with the import's own input: an empty file is refused by that field.
    for (const [values, expected] of [
      [{ fileName: "valjavote.xml", content: "" }, "content"],
      [{ fileName: "valjavote.xml", content: "x".repeat(800_001) }, "content"],
      [{ fileName: `a${CONTROL}.xml`, content: "<xml/>" }, "fileName"],
    ] as [{ fileName: string; content: string }, string][]) {
      expect(await formVerdict(importStatementInput, values), values.fileName).toBe(expected);
      expect(await serverVerdict(caller.payments.statements.import(values)), values.fileName).toBe(expected);
    }
  });

  it("the booking form (scheduling.series.preview, which checks a booking without writing it)", async () => {
    const world = await makeSchedulingWorld(t.db);
    const booker = await makeActor(t.db, {
      permissions: { "sessions:book": "own", "sessions:read": "own", "clients:read": "own" },
      unitIds: [parentUnit],
    });
    const clientId = await makeClient(t.db, { unitIds: [parentUnit], caseManagerId: booker.employeeId });
    const caller = createCaller({ db: t.db, actor: booker, ip: null });
    const base: BookValues = {
      serviceId: world.individualServiceId,
      date: "2027-02-01",
      startsAt: "10:00",
      endsAt: "11:00",
      roomId: "",
      notes: "",
      clients: [{ id: clientId, label: "Klient" }],
      specialists: [{ id: booker.employeeId, label: "Spetsialist" }],
      repeat: false,
      intervalWeeks: "1",
      endMode: "count",
      count: "6",
      until: "",
    };
    // The form's fields under the names the procedures give them.
    const named: Record<string, string> = { clients: "participants", specialists: "specialistIds", date: "endsAt,startsAt" };
    const series: Partial<BookValues> = { repeat: true };
    const variants: Variants<BookValues> = {
      serviceId: { ok: [], refused: ["", "teenus"] },
      startsAt: { ok: ["09:30"], refused: ["", "25:00"] },
      endsAt: { ok: ["12:00"], refused: ["10:00", "09:00", ""] },
      date: { ok: ["2027-03-29"], refused: ["", "2027-02-30", "01.02.2027"] },
      roomId: { ok: [], refused: ["tuba"] },
      notes: { ok: ["Kaks\nrida"], refused: [CONTROL, tooLong(5000)] },
      clients: { ok: [], refused: [[], [{ id: "klient", label: "?" }]] },
      specialists: { ok: [], refused: [[]] },
    };
    const check = async (values: BookValues, expected: string | null, label: string) => {
      const { recurrence, ...booking } = bookForm.toInput(values);
      const form = await formVerdict(bookForm, values);
      const refusal = await serverVerdict(
        caller.scheduling.series.preview({ booking, recurrence: recurrence ?? { intervalWeeks: 1, count: 1, until: null } } as never),
      );
      // The series' own fields, refused by its schema (recurrence) or its domain (count, until), are the recurrence's.
      const server = refusal && ["count", "until", "intervalWeeks"].includes(refusal) ? "recurrence" : refusal;
      expect({ form, server }, label).toEqual({ form: expected, server: expected });
    };
    for (const c of cases(base, variants)) await check(c.values, c.expected && (named[c.expected] ?? c.expected), c.label);
    for (const [over, expected] of [
      [{ count: "4" }, null],
      [{ count: "0" }, "recurrence"],
      [{ count: "105" }, "recurrence"],
      [{ count: "" }, "recurrence"],
      [{ endMode: "until", until: "2027-03-01" }, null],
      [{ endMode: "until", until: "" }, "recurrence"],
      [{ endMode: "until", until: "2027-02-30" }, "recurrence"],
      [{ intervalWeeks: "9" }, "recurrence"],
    ] as [Partial<BookValues>, string | null][]) {
      await check({ ...base, ...series, ...over }, expected, JSON.stringify(over));
    }
  });

  it("the network contact and team forms (clients.saveContact, clients.setTeam) validate with the procedures' schemas themselves", async () => {
    const caller = createCaller({ db: t.db, actor: caseManager, ip: null });
    const base: ContactValues = {
      clientId: client.clientId,
      id: null,
      kind: "relative",
      name: "Mari Maasikas",
      organisation: "",
      phone: "",
      email: "",
      consents: ["share_information"],
      note: "",
    };
    const variants: Variants<ContactValues> = {
      name: { ok: ["  Jüri  "], refused: ["", "  ", CONTROL, tooLong(200)] },
      kind: { ok: ["municipal_social_worker"], refused: ["naaber" as never] },
      phone: { ok: ["+372 5555 5555"], refused: [CONTROL, tooLong(200)] },
      consents: { ok: [[]], refused: [["kõik" as never]] },
      note: { ok: ["Kaks\nrida"], refused: [CONTROL, tooLong(2000)] },
    };
    for (const c of cases(base, variants)) {
      const form = await formVerdict(saveContactInput, c.values);
      const server = await serverVerdict(caller.clients.saveContact(c.values as never));
      expect({ form, server }, c.label).toEqual({ form: c.expected, server: c.expected });
    }
    for (const [employeeIds, expected] of [
      [[caseManager.employeeId], null],
      [[], null],
      [["töötaja"], "employeeIds"],
    ] as [string[], string | null][]) {
      const values = { clientId: client.clientId, employeeIds };
      expect(await formVerdict(setTeamInput, values), JSON.stringify(employeeIds)).toBe(expected);
      expect(await serverVerdict(caller.clients.setTeam(values)), JSON.stringify(employeeIds)).toBe(expected);
    }
  });

  it("the price list version forms (catalogue.priceLists.create and .copy)", async () => {
    const admin = await makeActor(t.db, { permissions: { "catalogue:manage": "all" }, unitIds: [parentUnit] });
    const caller = createCaller({ db: t.db, actor: admin, ip: null });
    // Each case on a funder of its own, so versions never overlap (a database rule, said by the domain).
    const funder = () => makeFundingSource(t.db, { kind: "KOV" });
    const base: VersionValues = { fundingSourceId: "", validFrom: "2026-01-01", validTo: "", note: "" };
    const variants: Variants<VersionValues> = {
      validFrom: { ok: ["2024-02-29"], refused: ["", "2026-02-30", "01.01.2026"] },
      validTo: { ok: ["2026-12-31", "2026-01-01"], refused: ["2025-12-31", "2026-13-01"] },
      note: { ok: ["Kaks\nrida"], refused: [CONTROL, tooLong(500)] },
    };
    for (const c of cases(base, variants)) {
      const values = { ...c.values, fundingSourceId: await funder() };
      const form = await formVerdict(createVersionForm, values);
      const server = await serverVerdict(caller.catalogue.priceLists.create(createVersionForm.toInput(values)));
      expect({ form, server }, c.label).toEqual({ form: c.expected, server: c.expected });
    }
    for (const [over, expected] of [
      [{}, null],
      [{ validTo: "2026-05-31" }, "validTo"],
      [{ validTo: "2026-12-31", note: "Suvine" }, null],
      [{ validFrom: "2027-01-01", validTo: "2026-12-31" }, "validTo"],
      [{ validFrom: "" }, "validFrom"],
    ] as [Partial<CopyVersionValues>, string | null][]) {
      const source = await caller.catalogue.priceLists.create({
        fundingSourceId: await funder(),
        validFrom: "2026-01-01",
        validTo: null,
        note: "",
        items: [],
      });
      const values: CopyVersionValues = {
        sourceVersionId: source.id,
        validFrom: "2026-06-01",
        validTo: "",
        note: "",
        closeSource: true,
        ...over,
      };
      const form = await formVerdict(copyVersionForm, values);
      const server = await serverVerdict(caller.catalogue.priceLists.copy(copyVersionForm.toInput(values)));
      expect({ form, server }, JSON.stringify(over)).toEqual({ form: expected, server: expected });
    }
  });
  it("the price editor (catalogue.priceLists.update): the table's rows and the validity dates", async () => {
    const admin = await makeActor(t.db, { permissions: { "catalogue:manage": "all" }, unitIds: [parentUnit] });
    const caller = createCaller({ db: t.db, actor: admin, ip: null });
    type PriceRow = VersionEditorValues["items"][number];
    const row = (serviceId: string, unitPrice: string, vatStatus: PriceRow["vatStatus"] = "exempt"): PriceRow => ({
      serviceId,
      unitPrice,
      vatStatus,
      vatRateKind: "standard",
    });
    const base: VersionEditorValues = {
      id: "",
      validFrom: "2026-01-01",
      validTo: "",
      note: "",
      items: [row(srt.serviceId, "29,40"), row(srt.otherServiceId, "")],
    };
    const variants: Variants<VersionEditorValues> = {
      validFrom: { ok: ["2024-02-29"], refused: ["", "2026-02-30", "01.01.2026"] },
      validTo: { ok: ["2026-12-31", "2026-01-01"], refused: ["2025-12-31", "2026-13-01"] },
      note: { ok: ["Kaks\nrida"], refused: [CONTROL, tooLong(500)] },
      items: {
        ok: [
          [row(srt.serviceId, ""), row(srt.otherServiceId, "")],
          [row(srt.serviceId, " 1 234,50 "), row(srt.otherServiceId, "0", "taxable")],
          [row(srt.serviceId, "29.40", "not_taxable"), row(srt.otherServiceId, "12")],
        ],
        refused: [
          [row(srt.serviceId, "29,4x"), row(srt.otherServiceId, "")],
          [row(srt.serviceId, ""), row(srt.otherServiceId, "kolm")],
          [row(srt.serviceId, "12,345"), row(srt.otherServiceId, "")],
          [row(srt.serviceId, "-5"), row(srt.otherServiceId, "")],
        ],
      },
    };
    for (const c of cases(base, variants)) {
      // Each case on a version of its own, of a funder of its own (versions never overlap).
      const version = await caller.catalogue.priceLists.create({
        fundingSourceId: await makeFundingSource(t.db, { kind: "KOV" }),
        validFrom: "2026-01-01",
        validTo: null,
        note: "",
        items: [],
      });
      const values = { ...c.values, id: version.id };
      const form = await formVerdict(versionEditorForm, values);
      // The domain names a row's refusal by its service ("items.<id>.unitPrice"): the field is the items.
      const refusal = await serverVerdict(caller.catalogue.priceLists.update(versionEditorForm.toInput(values)));
      const server = refusal?.split(".")[0] ?? null;
      expect({ form, server }, c.label).toEqual({ form: c.expected, server: c.expected });
    }
  });
  it("the nightly backup form (settings.setBackupSchedule) validates with the procedure's schema itself", async () => {
    const admin = await makeActor(t.db, { permissions: { "settings:read": "all", "settings:manage": "all" }, unitIds: [parentUnit] });
    const caller = createCaller({ db: t.db, actor: admin, ip: null });
    for (const [hour, expected] of [
      [0, null],
      [3, null],
      [23, null],
      [24, "hour"],
      [-1, "hour"],
      [1.5, "hour"],
      [Number.NaN, "hour"],
    ] as [number, string | null][]) {
      const values = { enabled: true, hour };
      expect(await formVerdict(backupScheduleInput, values), String(hour)).toBe(expected);
      expect(await serverVerdict(caller.settings.setBackupSchedule(values)), String(hour)).toBe(expected);
    }
  });
  it("the room form (scheduling.rooms.save)", async () => {
    const admin = await makeActor(t.db, { permissions: { "units:read": "all", "units:manage": "all" }, unitIds: [parentUnit] });
    const caller = createCaller({ db: t.db, actor: admin, ip: null });
    const base: RoomValues = { id: null, name: "Pariteedi ruum", unitId: parentUnit, capacity: "4", equipment: "", active: true };
    const variants: Variants<RoomValues> = {
      name: { ok: ["  Tühikutega ruum  "], refused: ["", "   ", CONTROL, tooLong(100)] },
      unitId: { ok: [], refused: ["", "tallinn"] },
      capacity: { ok: ["1", "500", " 12 "], refused: ["0", "501", "1,5", "", "neli"] },
      equipment: { ok: ["Laud\nneli tooli"], refused: [CONTROL, tooLong(500)] },
    };
    let n = 0;
    for (const c of cases(base, variants)) {
      const values = { ...c.values, name: c.values.name === base.name ? `${base.name} ${++n}` : c.values.name };
      const form = await formVerdict(roomForm, values);
      const server = await serverVerdict(caller.scheduling.rooms.save(roomForm.toInput(values) as never));
      expect({ form, server }, c.label).toEqual({ form: c.expected, server: c.expected });
    }
  });
});
