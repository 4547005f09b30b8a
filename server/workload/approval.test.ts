import { and, eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { timeEntries, timesheetLocks } from "@/db/schema";
import { translateDbError } from "@/server/errors";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf, pgErrorFrom } from "@/server/testing/errors";
import { auditRows } from "@/server/testing/factories";
import { makeTimeEntry, makeWorkloadWorld, makeWorkType, type WorkloadWorld } from "@/server/testing/workload-factories";
import { approveSheet, reopenSheet } from "./locks";
import { setPossibleHours } from "./plan";
import { deleteTimeEntry, saveTimeEntry } from "./time-entries";

/**
 * Approving a month's time sheet locks it for the people it covers: the app refuses with
 * MONTH_LOCKED naming the field, the triggers refuse any other writer, and an entry racing the
 * approval either lands before it or is refused after it. Re-opening is an audited exception.
 */

const t = await useTestDatabase({ max: 12 });
let w: WorkloadWorld;
let meeting: string;

beforeAll(async () => {
  w = await makeWorkloadWorld(t.db);
  meeting = await makeWorkType(t.db, { name: "Koosolek" });
});

const entry = (employeeId: string, workDate: string, hours = 1) => ({ employeeId, workTypeId: meeting, workDate, hours, note: "" });
const isLocked = async (employeeId: string, month: string) =>
  (
    await t.db
      .select()
      .from(timesheetLocks)
      .where(and(eq(timesheetLocks.employeeId, employeeId), eq(timesheetLocks.month, `${month}-01`)))
  ).length === 1;

describe("approving a month", () => {
  it("locks it for everyone in the unit subtree: their entries cannot be added, corrected or removed, the next month stays open", async () => {
    const kept = await saveTimeEntry({ db: t.db, actor: w.jaan, ip: null }, { ...entry(w.jaan.employeeId, "2026-09-14"), id: null });
    const result = await approveSheet({ db: t.db, actor: w.manager, ip: null }, { unitId: w.units.tallinn, month: "2026-09" });
    // The manager, Jaan (team 1) and Liis (team 2); not Maarja in Tartu.
    expect(result.locked).toBe(3);
    expect([
      await isLocked(w.jaan.employeeId, "2026-09"),
      await isLocked(w.liis.employeeId, "2026-09"),
      await isLocked(w.maarja.employeeId, "2026-09"),
    ]).toEqual([true, true, false]);

    for (const attempt of [
      () => saveTimeEntry({ db: t.db, actor: w.jaan, ip: null }, { ...entry(w.jaan.employeeId, "2026-09-15"), id: null }),
      () => saveTimeEntry({ db: t.db, actor: w.jaan, ip: null }, { ...entry(w.jaan.employeeId, "2026-09-14", 2), id: kept.id }),
      () => saveTimeEntry({ db: t.db, actor: w.jaan, ip: null }, { ...entry(w.jaan.employeeId, "2026-10-01", 1), id: kept.id }),
      () => deleteTimeEntry({ db: t.db, actor: w.jaan, ip: null }, { id: kept.id }),
    ]) {
      expect(await appErrorOf(attempt())).toMatchObject({
        code: "MONTH_LOCKED",
        field: "workDate",
        messageKey: "errors.monthApproved",
        params: { month: "2026-09" },
      });
    }
    await saveTimeEntry({ db: t.db, actor: w.jaan, ip: null }, { ...entry(w.jaan.employeeId, "2026-10-01"), id: null });
    await saveTimeEntry({ db: t.db, actor: w.maarja, ip: null }, { ...entry(w.maarja.employeeId, "2026-09-15"), id: null });
    expect(
      await appErrorOf(
        setPossibleHours(
          { db: t.db, actor: w.manager, ip: null },
          { employeeId: w.liis.employeeId, month: "2026-09", hours: 100, note: "" },
        ),
      ),
    ).toMatchObject({ code: "MONTH_LOCKED", field: "possibleHours" });
    expect((await auditRows(t.db, "timesheet.approve")).at(-1)).toMatchObject({
      actorEmployeeId: w.manager.employeeId,
      targetId: w.units.tallinn,
      details: { month: "2026-09", people: 3 },
    });
  });

  it("the triggers refuse every other writer too, in both directions of a move", async () => {
    const locked = (await t.db.select().from(timeEntries).where(eq(timeEntries.employeeId, w.jaan.employeeId))).find(
      (e) => e.workDate === "2026-09-14",
    )!;
    const open = await makeTimeEntry(t.db, { employeeId: w.jaan.employeeId, workTypeId: meeting, workDate: "2026-10-02", hours: 1 });
    const refusals = [
      () =>
        t.sql`INSERT INTO time_entries (employee_id, work_type_id, work_date, hours) VALUES (${w.jaan.employeeId}, ${meeting}, '2026-09-30', 1)`,
      () => t.sql`UPDATE time_entries SET hours = 3 WHERE id = ${locked.id}`,
      () => t.sql`UPDATE time_entries SET work_date = '2026-10-05' WHERE id = ${locked.id}`,
      () => t.sql`UPDATE time_entries SET work_date = '2026-09-29' WHERE id = ${open}`,
      () => t.sql`DELETE FROM time_entries WHERE id = ${locked.id}`,
    ];
    for (const write of refusals)
      expect(await pgErrorFrom(write())).toEqual({ code: "23514", constraint: "time_entries_month_not_approved" });
    expect(
      await pgErrorFrom(
        t.sql`INSERT INTO possible_hours_overrides (employee_id, month, hours) VALUES (${w.jaan.employeeId}, '2026-09-01', 10)`,
      ),
    ).toEqual({ code: "23514", constraint: "possible_hours_overrides_month_not_approved" });
    const caught = await t.sql`DELETE FROM time_entries WHERE id = ${locked.id}`.catch((e: unknown) => e);
    expect(translateDbError(caught)).toMatchObject({ code: "MONTH_LOCKED", field: "workDate", params: { month: "2026-09" } });
  });

  it("approving again says so; a team inside the approved unit has nothing left to approve", async () => {
    for (const unitId of [w.units.tallinn, w.units.team1]) {
      expect(await appErrorOf(approveSheet({ db: t.db, actor: w.manager, ip: null }, { unitId, month: "2026-09" }))).toMatchObject({
        code: "CONFLICT",
        messageKey: "errors.sheetAlreadyApproved",
      });
    }
  });

  it("only a manager whose scope reaches the unit approves, and only a month that has begun", async () => {
    expect((await appErrorOf(approveSheet({ db: t.db, actor: w.jaan, ip: null }, { unitId: w.units.team1, month: "2026-08" }))).code).toBe(
      "FORBIDDEN",
    );
    expect(
      (await appErrorOf(approveSheet({ db: t.db, actor: w.manager, ip: null }, { unitId: w.units.tartu, month: "2026-08" }))).code,
    ).toBe("FORBIDDEN");
    expect(
      await appErrorOf(approveSheet({ db: t.db, actor: w.manager, ip: null }, { unitId: w.units.tallinn, month: "2099-01" })),
    ).toMatchObject({ code: "INVALID_INPUT", field: "month", messageKey: "errors.sheetFutureMonth" });
  });

  it("re-opening a team locked from above names the unit; re-opening the unit frees its people and is audited", async () => {
    expect(
      await appErrorOf(reopenSheet({ db: t.db, actor: w.manager, ip: null }, { unitId: w.units.team1, month: "2026-09" })),
    ).toMatchObject({ code: "CONFLICT", messageKey: "errors.sheetApprovedAbove" });
    expect(await reopenSheet({ db: t.db, actor: w.manager, ip: null }, { unitId: w.units.tallinn, month: "2026-09" })).toEqual({
      released: 3,
    });
    expect(await isLocked(w.jaan.employeeId, "2026-09")).toBe(false);
    await saveTimeEntry({ db: t.db, actor: w.jaan, ip: null }, { ...entry(w.jaan.employeeId, "2026-09-16"), id: null });
    expect((await auditRows(t.db, "timesheet.reopen")).at(-1)).toMatchObject({
      actorEmployeeId: w.manager.employeeId,
      details: { month: "2026-09", people: 3 },
    });
    expect(
      await appErrorOf(reopenSheet({ db: t.db, actor: w.manager, ip: null }, { unitId: w.units.tallinn, month: "2026-09" })),
    ).toMatchObject({ code: "CONFLICT", messageKey: "errors.sheetNotApproved" });
    // After re-opening, the month can be approved again.
    expect((await approveSheet({ db: t.db, actor: w.manager, ip: null }, { unitId: w.units.team1, month: "2026-09" })).locked).toBe(1);
  });
});

describe("an entry and an approval at the same moment", () => {
  const other = postgres(t.url, { max: 2, onnotice: () => {} });
  afterAll(() => other.end());

  async function waitForAdvisoryWaiter() {
    for (let i = 0; ; i++) {
      const [row] = await t.sql<
        { n: number }[]
      >`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory'`;
      if (row!.n >= 1) return;
      if (i > 500) throw new Error("nobody waited for the person's lock");
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Runs `first` in a transaction of its own and keeps it open until `second` is waiting for it. */
  async function interleave<T>(first: (tx: postgres.TransactionSql) => Promise<unknown>, second: () => Promise<T>) {
    let release!: () => void;
    let started!: () => void;
    const isIn = new Promise<void>((r) => (started = r));
    const held = other.begin(async (tx) => {
      await first(tx);
      started();
      await new Promise<void>((r) => (release = r));
    });
    await isIn;
    const outcome = second().then(
      (v) => ({ ok: true as const, v }),
      (e: unknown) => ({ ok: false as const, e }),
    );
    await waitForAdvisoryWaiter();
    release();
    await held;
    return outcome;
  }

  it("an entry saved first lands, and the approval that waited for it covers it", async () => {
    const outcome = await interleave(
      (tx) =>
        tx`INSERT INTO time_entries (employee_id, work_type_id, work_date, hours) VALUES (${w.liis.employeeId}, ${meeting}, '2026-07-10', 2)`,
      () => approveSheet({ db: t.db, actor: w.manager, ip: null }, { unitId: w.units.team2, month: "2026-07" }),
    );
    expect(outcome).toMatchObject({ ok: true, v: { locked: 1 } });
    const rows = await t.db
      .select()
      .from(timeEntries)
      .where(and(eq(timeEntries.employeeId, w.liis.employeeId), eq(timeEntries.workDate, "2026-07-10")));
    expect(rows).toHaveLength(1);
  });

  it("an entry saved while the approval is being written is refused once it commits, as MONTH_LOCKED", async () => {
    const outcome = await interleave(
      async (tx) => {
        const [approval] = await tx<
          { id: string }[]
        >`INSERT INTO timesheet_approvals (unit_id, month) VALUES (${w.units.team2}, '2026-06-01') RETURNING id`;
        await tx`INSERT INTO timesheet_locks (employee_id, month, approval_id) VALUES (${w.liis.employeeId}, '2026-06-01', ${approval!.id})`;
      },
      () => saveTimeEntry({ db: t.db, actor: w.liis, ip: null }, { ...entry(w.liis.employeeId, "2026-06-11", 2), id: null }),
    );
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.e).toMatchObject({ code: "MONTH_LOCKED", field: "workDate", params: { month: "2026-06" } });
    const rows = await t.db
      .select()
      .from(timeEntries)
      .where(and(eq(timeEntries.employeeId, w.liis.employeeId), eq(timeEntries.workDate, "2026-06-11")));
    expect(rows).toEqual([]);
  });
});
