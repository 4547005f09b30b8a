import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { services, sessions } from "@/db/schema";
import { listServices, saveService } from "@/server/catalogue/services";
import { AppError, translateDbError } from "@/server/errors";
import type { Actor } from "@/server/policy/actor";
import { callProcedure } from "@/server/testing/callers";
import { useTestDatabase } from "@/server/testing/database";
import { pgErrorFrom } from "@/server/testing/errors";
import { makeActor, makeClient, makeEmployee, makeUnit } from "@/server/testing/factories";
import { makeSchedulingService, makeSession } from "@/server/testing/scheduling-factories";
import { bookSession } from "./sessions";

/**
 * Only a service billed by time (hour, academic hour, session) is booked as a session (#16 item
 * 4). Before, only the booking dialog knew: the API booked a per-month service and completing it
 * billed 1 unit whatever the length.
 */

const t = await useTestDatabase();
const HOUR = 3_600_000;

let booker: Actor;
let specialist: string;
let client: string;
const unitOf: Record<string, string> = {};

beforeAll(async () => {
  const unit = await makeUnit(t.db);
  booker = await makeActor(t.db, {
    permissions: { "sessions:book": "all", "sessions:read": "all", "clients:read": "all", "catalogue:manage": "all" },
    unitIds: [unit],
  });
  specialist = await makeEmployee(t.db, { unitIds: [unit] });
  client = await makeClient(t.db, { unitIds: [unit] });
  for (const billingUnit of ["hour", "academic_hour", "session", "day", "month", "km"] as const) {
    unitOf[billingUnit] = await makeSchedulingService(t.db, { billingUnit, nameEt: `Teenus ${billingUnit}` });
  }
});

let hoursAhead = 24;
const booking = (serviceId: string) => {
  const startsAt = new Date(Math.floor(Date.now() / HOUR) * HOUR + (hoursAhead += 2) * HOUR);
  return {
    serviceId,
    roomId: null,
    startsAt,
    endsAt: new Date(startsAt.getTime() + HOUR),
    specialistIds: [specialist],
    participants: [{ clientId: client, decisionId: null }],
    notes: "",
  };
};

async function refusalThroughRouter(path: string, input: unknown) {
  const err = await callProcedure(t.db, booker, path, input).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `${path} should be refused`).toBeInstanceOf(TRPCError);
  const cause = (err as TRPCError).cause;
  expect(cause).toBeInstanceOf(AppError);
  return {
    code: (err as TRPCError).code,
    field: (cause as AppError).field,
    key: (cause as AppError).messageKey,
    service: (cause as AppError).params.service,
  };
}

describe("booking a service not billed by time", () => {
  it.each(["day", "month", "km"])("refuses a per-%s service through sessions.book, naming the service field", async (unit) => {
    expect(await refusalThroughRouter("scheduling.sessions.book", booking(unitOf[unit]!))).toEqual({
      code: "BAD_REQUEST",
      field: "serviceId",
      key: "errors.serviceNotBilledByTime",
      service: `Teenus ${unit}`,
    });
    expect(await t.db.select().from(sessions).where(eq(sessions.serviceId, unitOf[unit]!))).toEqual([]);
  });

  it("refuses a weekly series of a per-month service, and its preview, writing nothing", async () => {
    const recurrence = { intervalWeeks: 1, count: 3, until: null };
    expect(
      await refusalThroughRouter("scheduling.series.book", { booking: booking(unitOf.month!), recurrence, mode: "free" }),
    ).toMatchObject({ code: "BAD_REQUEST", field: "serviceId", key: "errors.serviceNotBilledByTime" });
    expect(await refusalThroughRouter("scheduling.series.preview", { booking: booking(unitOf.month!), recurrence })).toMatchObject({
      code: "BAD_REQUEST",
      field: "serviceId",
    });
    expect(await t.db.select().from(sessions).where(eq(sessions.serviceId, unitOf.month!))).toEqual([]);
  });

  it.each(["hour", "academic_hour", "session"])("books a service billed per %s", async (unit) => {
    await expect(bookSession({ db: t.db, actor: booker, ip: null }, booking(unitOf[unit]!))).resolves.toMatchObject({
      id: expect.any(String),
    });
  });

  it("is guaranteed by the database for a plain insert, and worded by the error mapping", async () => {
    const at = new Date(Date.now() + 40 * 24 * HOUR);
    const err = await pgErrorFrom(
      makeSession(t.db, {
        serviceId: unitOf.day!,
        startsAt: at,
        endsAt: new Date(at.getTime() + HOUR),
        specialistIds: [],
        participants: [],
      }),
    );
    expect(err).toEqual({ code: "23514", constraint: "sessions_service_billed_by_time" });
    const raw = await t.db.execute(sql`UPDATE sessions SET service_id = ${unitOf.km!} WHERE service_id = ${unitOf.hour!}`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(translateDbError(raw)).toMatchObject({ code: "INVALID_INPUT", field: "serviceId", messageKey: "errors.serviceNotBilledByTime" });
  });

  it("keeps a service with sessions billed by time: its unit cannot become per day", async () => {
    const [svc] = await t.db.select().from(services).where(eq(services.id, unitOf.session!));
    const change = saveService({ db: t.db, actor: booker, ip: null }, { ...svc!, id: svc!.id, billingUnit: "day" });
    const err = await change.then(
      () => null,
      (e: unknown) => e,
    );
    expect(translateDbError(err)).toMatchObject({
      code: "INVALID_INPUT",
      field: "billingUnit",
      messageKey: "catalogueErrors.billingUnitHasSessions",
    });
    // A service without sessions may still change, and from one unit by time to another.
    await expect(
      saveService({ db: t.db, actor: booker, ip: null }, { ...svc!, id: unitOf.hour!, code: "HR2", billingUnit: "academic_hour" }),
    ).resolves.toBeDefined();
  });

  it("tells the booking dialog which services it may offer", async () => {
    const listed = new Map((await listServices(t.db)).map((s) => [s.id, s.bookable]));
    expect(Object.fromEntries(Object.entries(unitOf).map(([unit, id]) => [unit, listed.get(id)]))).toEqual({
      hour: true,
      academic_hour: true,
      session: true,
      day: false,
      month: false,
      km: false,
    });
  });
});
