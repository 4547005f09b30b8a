import { beforeAll, describe, expect, it } from "vitest";
import { tallinnTime } from "@/lib/tallinn-time";
import { bookSession } from "@/server/scheduling/sessions";
import { completeSession } from "@/server/scheduling/complete";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { auditRows } from "@/server/testing/factories";
import { makeDecision } from "@/server/testing/funding-factories";
import { makeSession } from "@/server/testing/scheduling-factories";
import { makeTimeEntry, makeWorkloadWorld, makeWorkType, setWeeklyHours, type WorkloadWorld } from "@/server/testing/workload-factories";
import { getWorkloadPlan, setPossibleHours } from "./plan";

/**
 * The workload plan of a person and month: possible hours from the weekly hours and the
 * calendar (or set by hand), agreed and done hours of their sessions, by service and by client,
 * with client names only where the viewer may see them.
 */

const t = await useTestDatabase();
let w: WorkloadWorld;

beforeAll(async () => {
  w = await makeWorkloadWorld(t.db);
  await makeDecision(t.db, { clientId: w.client, fundingSourceId: w.scheduling.sourceId, startDate: "2024-01-01", endDate: "2027-12-31" });
});

const session = (opts: {
  day: string;
  from: string;
  to: string;
  status?: "planned" | "agreed" | "done" | "cancelled" | "no_show";
  clients?: string[];
  serviceId?: string;
  specialists?: string[];
}) =>
  makeSession(t.db, {
    serviceId: opts.serviceId ?? w.scheduling.individualServiceId,
    startsAt: tallinnTime(opts.day, opts.from),
    endsAt: tallinnTime(opts.day, opts.to),
    status: opts.status,
    specialistIds: opts.specialists ?? [w.jaan.employeeId],
    participants: (opts.clients ?? [w.client]).map((clientId) => ({ clientId })),
  });

describe("the month's figures", () => {
  it("December 2026: possible hours after Christmas and the shortened days, agreed and done by service and client, general work and what is free", async () => {
    await session({ day: "2026-12-01", from: "10:00", to: "11:30" });
    await session({ day: "2026-12-02", from: "10:00", to: "11:00", status: "agreed" });
    await session({ day: "2026-12-03", from: "10:00", to: "12:00", status: "done" });
    await session({ day: "2026-12-04", from: "10:00", to: "11:00", status: "cancelled" });
    await session({ day: "2026-12-07", from: "10:00", to: "11:00", status: "no_show" });
    // A group with a client Jaan may not see: counted in his hours, named nowhere.
    await session({
      day: "2026-12-08",
      from: "13:00",
      to: "14:00",
      serviceId: w.scheduling.groupServiceId,
      clients: [w.client, w.hiddenClient],
      status: "done",
    });
    const type = await makeWorkType(t.db, { name: "Koosolek" });
    await makeTimeEntry(t.db, { employeeId: w.jaan.employeeId, workTypeId: type, workDate: "2026-12-09", hours: 2.5 });

    const plan = await getWorkloadPlan({ db: t.db, actor: w.jaan, ip: null }, { employeeId: w.jaan.employeeId, month: "2026-12" });
    expect(plan.possible).toMatchObject({
      hours: 162,
      computed: 162,
      override: null,
      workingDays: 21,
      shortenedDays: ["2026-12-23", "2026-12-31"],
    });
    expect(plan).toMatchObject({
      agreedHours: 2.5,
      doneHours: 3,
      generalHours: 2.5,
      freeHours: 162 - 2.5 - 3 - 2.5,
      locked: false,
      canManage: false,
      canLog: true,
    });
    // By service code: the individual service was made first.
    expect(plan.byService.map((s) => [s.id, s.agreedHours, s.doneHours, s.sessions])).toEqual([
      [w.scheduling.individualServiceId, 2.5, 2, 3],
      [w.scheduling.groupServiceId, 0, 1, 1],
    ]);
    expect(plan.byClient).toEqual([
      { clientId: w.client, name: "Client Toomingas", agreedHours: 2.5, doneHours: 3, sessions: 4 },
      { clientId: null, name: null, agreedHours: 0, doneHours: 1, sessions: 1 },
    ]);
    expect(plan.hiddenClients).toBe(1);
    expect(JSON.stringify(plan)).not.toContain("Varjatud");
    expect(JSON.stringify(plan)).not.toContain(w.hiddenClient);
  });

  it("a session belongs to the month of its Tallinn start: 23:30 on 31 March is March, 00:30 on 1 April is April (after the DST switch)", async () => {
    const liis = w.liis.employeeId;
    await session({ day: "2026-03-31", from: "23:00", to: "23:30", specialists: [liis], clients: [w.client] });
    await session({ day: "2026-04-01", from: "00:30", to: "01:30", specialists: [liis], clients: [w.client] });
    // The night the clocks go forward: 01:00 to 05:00 is three hours.
    await session({ day: "2026-03-29", from: "01:00", to: "05:00", specialists: [liis], clients: [w.client], status: "done" });
    const march = await getWorkloadPlan({ db: t.db, actor: w.manager, ip: null }, { employeeId: liis, month: "2026-03" });
    const april = await getWorkloadPlan({ db: t.db, actor: w.manager, ip: null }, { employeeId: liis, month: "2026-04" });
    expect([march.agreedHours, march.doneHours, april.agreedHours]).toEqual([0.5, 3, 1]);
    expect(march.possible).toMatchObject({ hours: 176, workingDays: 22 });
  });

  it("a booking and its completion through the scheduling functions move hours from agreed to done", async () => {
    const maarja = w.maarja;
    const client = w.hiddenClient;
    await makeDecision(t.db, { clientId: client, fundingSourceId: w.scheduling.sourceId, startDate: "2024-01-01", endDate: "2027-12-31" });
    const before = await getWorkloadPlan({ db: t.db, actor: maarja, ip: null }, { employeeId: maarja.employeeId, month: "2026-11" });
    const booked = await bookSession(
      { db: t.db, actor: maarja, ip: null },
      {
        serviceId: w.scheduling.individualServiceId,
        roomId: w.tartuRoom,
        startsAt: tallinnTime("2026-11-16", "09:00"),
        endsAt: tallinnTime("2026-11-16", "10:30"),
        specialistIds: [maarja.employeeId],
        participants: [{ clientId: client, decisionId: null }],
        notes: "",
      },
    );
    const agreed = await getWorkloadPlan({ db: t.db, actor: maarja, ip: null }, { employeeId: maarja.employeeId, month: "2026-11" });
    expect([agreed.agreedHours - before.agreedHours, agreed.doneHours - before.doneHours]).toEqual([1.5, 0]);
    await completeSession({ db: t.db, actor: maarja, ip: null }, { sessionId: booked.id });
    const done = await getWorkloadPlan({ db: t.db, actor: maarja, ip: null }, { employeeId: maarja.employeeId, month: "2026-11" });
    expect([done.agreedHours - before.agreedHours, done.doneHours - before.doneHours]).toEqual([0, 1.5]);
    expect(done.byClient).toEqual([{ clientId: client, name: "Client Varjatud", agreedHours: 0, doneHours: 1.5, sessions: 1 }]);
  });
});

describe("possible hours by hand", () => {
  it("a manager sets a month's possible hours (leave) and goes back to the computed ones; both audited", async () => {
    await setWeeklyHours(t.db, w.liis.employeeId, 20);
    expect(
      (await getWorkloadPlan({ db: t.db, actor: w.manager, ip: null }, { employeeId: w.liis.employeeId, month: "2026-12" })).possible,
    ).toMatchObject({ hours: 78, computed: 78 });
    await setPossibleHours(
      { db: t.db, actor: w.manager, ip: null },
      { employeeId: w.liis.employeeId, month: "2026-12", hours: 40, note: "Puhkus 14.–31.12" },
    );
    const plan = await getWorkloadPlan({ db: t.db, actor: w.liis, ip: null }, { employeeId: w.liis.employeeId, month: "2026-12" });
    expect(plan.possible).toMatchObject({ hours: 40, computed: 78, override: { hours: 40, note: "Puhkus 14.–31.12" } });
    await setPossibleHours(
      { db: t.db, actor: w.manager, ip: null },
      { employeeId: w.liis.employeeId, month: "2026-12", hours: null, note: "" },
    );
    expect(
      (await getWorkloadPlan({ db: t.db, actor: w.liis, ip: null }, { employeeId: w.liis.employeeId, month: "2026-12" })).possible,
    ).toMatchObject({ hours: 78, override: null });
    expect((await auditRows(t.db)).filter((r) => r.action.startsWith("possible_hours.")).map((r) => r.action)).toEqual([
      "possible_hours.set",
      "possible_hours.clear",
    ]);
  });

  it("refuses possible hours below zero or beyond a month, naming the field; the database too", async () => {
    for (const [hours, key] of [
      [-1, "errors.possibleHoursNegative"],
      [745, "errors.possibleHoursTooMany"],
      [Number.NaN, "errors.possibleHoursInvalid"],
    ] as const) {
      expect(
        await appErrorOf(
          setPossibleHours({ db: t.db, actor: w.manager, ip: null }, { employeeId: w.liis.employeeId, month: "2026-12", hours, note: "" }),
        ),
      ).toMatchObject({ code: "INVALID_INPUT", field: "possibleHours", messageKey: key });
    }
    const caught =
      await t.sql`INSERT INTO possible_hours_overrides (employee_id, month, hours) VALUES (${w.liis.employeeId}, '2026-12-01', -5)`.catch(
        (e: unknown) => e,
      );
    expect(caught).toMatchObject({ code: "23514", constraint_name: "possible_hours_overrides_hours_not_negative" });
  });

  it("a specialist cannot set their own possible hours; a manager not those of another region", async () => {
    expect(
      (
        await appErrorOf(
          setPossibleHours({ db: t.db, actor: w.jaan, ip: null }, { employeeId: w.jaan.employeeId, month: "2026-12", hours: 10, note: "" }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      (
        await appErrorOf(
          setPossibleHours(
            { db: t.db, actor: w.manager, ip: null },
            { employeeId: w.maarja.employeeId, month: "2026-12", hours: 10, note: "" },
          ),
        )
      ).code,
    ).toBe("NOT_FOUND");
  });
});

describe("who sees whose plan", () => {
  it("a specialist sees only their own; a manager the people of the units below them, not another region's", async () => {
    expect(
      (await appErrorOf(getWorkloadPlan({ db: t.db, actor: w.jaan, ip: null }, { employeeId: w.liis.employeeId, month: "2026-12" }))).code,
    ).toBe("NOT_FOUND");
    expect(
      (await getWorkloadPlan({ db: t.db, actor: w.manager, ip: null }, { employeeId: w.jaan.employeeId, month: "2026-12" })).employee.id,
    ).toBe(w.jaan.employeeId);
    expect(
      (await getWorkloadPlan({ db: t.db, actor: w.manager, ip: null }, { employeeId: w.liis.employeeId, month: "2026-12" })).canManage,
    ).toBe(true);
    expect(
      (await appErrorOf(getWorkloadPlan({ db: t.db, actor: w.manager, ip: null }, { employeeId: w.maarja.employeeId, month: "2026-12" })))
        .code,
    ).toBe("NOT_FOUND");
  });

  it("the manager reads client names only for clients their own scope reaches", async () => {
    const plan = await getWorkloadPlan({ db: t.db, actor: w.manager, ip: null }, { employeeId: w.jaan.employeeId, month: "2026-12" });
    expect(plan.byClient.map((c) => c.name)).toEqual(["Client Toomingas", null]);
  });

  it("refuses a month that is not YYYY-MM naming it", async () => {
    expect(
      await appErrorOf(getWorkloadPlan({ db: t.db, actor: w.jaan, ip: null }, { employeeId: w.jaan.employeeId, month: "2026-13" })),
    ).toMatchObject({ code: "INVALID_INPUT", field: "month" });
  });
});
