import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { timeEntries } from "@/db/schema";
import { AppError, translateDbError } from "@/server/errors";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf, pgErrorFrom } from "@/server/testing/errors";
import { auditRows } from "@/server/testing/factories";
import { makeTimeEntry, makeWorkloadWorld, makeWorkType, type WorkloadWorld } from "@/server/testing/workload-factories";
import { deleteTimeEntry, listTimeEntries, saveTimeEntry, type TimeEntryInput } from "./time-entries";

/**
 * General work: people log their own time under the types of their units; the refusals name the
 * field, and the database refuses the same (day over 24 hours, a type of another unit) whatever
 * writes, also when two entries arrive at the same moment.
 */

const t = await useTestDatabase({ max: 12 });
let w: WorkloadWorld;
let meeting: string;
let tallinnType: string;
let tartuType: string;
let team2Type: string;

beforeAll(async () => {
  w = await makeWorkloadWorld(t.db);
  meeting = await makeWorkType(t.db, { name: "Koosolek" });
  tallinnType = await makeWorkType(t.db, { name: "Supervisioon", unitId: w.units.tallinn });
  tartuType = await makeWorkType(t.db, { name: "Tartu koolitus", unitId: w.units.tartu });
  team2Type = await makeWorkType(t.db, { name: "Meeskond 2 arutelu", unitId: w.units.team2 });
});

const entry = (over: Partial<TimeEntryInput> = {}): TimeEntryInput => ({
  employeeId: w.jaan.employeeId,
  workTypeId: meeting,
  workDate: "2026-11-02",
  hours: 1.5,
  note: "",
  ...over,
});
const fieldOf = async (p: Promise<unknown>) => {
  const err = await appErrorOf(p);
  return { code: err.code, field: err.field, key: err.messageKey };
};

describe("logging general work", () => {
  it("a specialist logs their own time under an institution-wide type and under a type of a unit above their team", async () => {
    await saveTimeEntry(
      { db: t.db, actor: w.jaan, ip: null },
      { ...entry({ workDate: "2026-11-03", note: "Meeskonna koosolek" }), id: null },
    );
    await saveTimeEntry(
      { db: t.db, actor: w.jaan, ip: null },
      { ...entry({ workDate: "2026-11-03", workTypeId: tallinnType, hours: 2 }), id: null },
    );
    const listed = await listTimeEntries({ db: t.db, actor: w.jaan, ip: null }, { employeeId: w.jaan.employeeId, month: "2026-11" });
    expect(listed.filter((e) => e.workDate === "2026-11-03").map((e) => [e.typeName, e.hours, e.note])).toEqual([
      ["Koosolek", 1.5, "Meeskonna koosolek"],
      ["Supervisioon", 2, ""],
    ]);
    expect((await auditRows(t.db, "time_entry.create")).some((r) => r.actorEmployeeId === w.jaan.employeeId)).toBe(true);
  });

  it("refuses a type of another unit (another region, or a sibling team) naming the type field", async () => {
    for (const workTypeId of [tartuType, team2Type]) {
      expect(await fieldOf(saveTimeEntry({ db: t.db, actor: w.jaan, ip: null }, { ...entry({ workTypeId }), id: null }))).toEqual({
        code: "INVALID_INPUT",
        field: "workTypeId",
        key: "errors.workTypeOtherUnit",
      });
    }
  });

  it("refuses negative, zero, more than 24 and over-precise hours naming the hours field", async () => {
    for (const hours of [-1, 0, 24.5, Number.NaN]) {
      expect(await fieldOf(saveTimeEntry({ db: t.db, actor: w.jaan, ip: null }, { ...entry({ hours }), id: null }))).toMatchObject({
        code: "INVALID_INPUT",
        field: "hours",
        key: "errors.workHoursRange",
      });
    }
    expect(await fieldOf(saveTimeEntry({ db: t.db, actor: w.jaan, ip: null }, { ...entry({ hours: 1.333 }), id: null }))).toMatchObject({
      field: "hours",
      key: "errors.workHoursPrecision",
    });
  });

  it("refuses an impossible date naming the date field", async () => {
    for (const workDate of ["2026-02-30", "30.11.2026", ""]) {
      expect(await fieldOf(saveTimeEntry({ db: t.db, actor: w.jaan, ip: null }, { ...entry({ workDate }), id: null }))).toMatchObject({
        field: "workDate",
        key: "errors.workDateInvalid",
      });
    }
  });

  it("adds up a day across entries: 20 h and then 5 h is refused with what is there, 4 h fits, the next day is free", async () => {
    await saveTimeEntry({ db: t.db, actor: w.jaan, ip: null }, { ...entry({ workDate: "2026-11-10", hours: 20 }), id: null });
    const err = await appErrorOf(
      saveTimeEntry({ db: t.db, actor: w.jaan, ip: null }, { ...entry({ workDate: "2026-11-10", hours: 5 }), id: null }),
    );
    expect(err).toMatchObject({
      code: "INVALID_INPUT",
      field: "hours",
      messageKey: "errors.workDayOver24",
      params: { used: 20, asked: 5, left: 4, date: "2026-11-10" },
    });
    await saveTimeEntry({ db: t.db, actor: w.jaan, ip: null }, { ...entry({ workDate: "2026-11-10", hours: 4 }), id: null });
    await saveTimeEntry({ db: t.db, actor: w.jaan, ip: null }, { ...entry({ workDate: "2026-11-11", hours: 5 }), id: null });
  });

  it("a correction does not count the entry's own old hours: 20 h corrected to 24 h is fine", async () => {
    const { id } = await saveTimeEntry(
      { db: t.db, actor: w.jaan, ip: null },
      { ...entry({ workDate: "2026-11-12", hours: 20 }), id: null },
    );
    await saveTimeEntry({ db: t.db, actor: w.jaan, ip: null }, { ...entry({ workDate: "2026-11-12", hours: 24 }), id });
    const [row] = await t.db.select().from(timeEntries).where(eq(timeEntries.id, id));
    expect(row!.hours).toBe("24.00");
  });

  it("a retired type takes no new time", async () => {
    const old = await makeWorkType(t.db, { name: "Vana liik", active: false });
    expect(await fieldOf(saveTimeEntry({ db: t.db, actor: w.jaan, ip: null }, { ...entry({ workTypeId: old }), id: null }))).toMatchObject({
      field: "workTypeId",
      key: "errors.workTypeMissing",
    });
  });

  it("a specialist logs only for themself; a manager for their people, not for another region's", async () => {
    expect(
      (await appErrorOf(saveTimeEntry({ db: t.db, actor: w.jaan, ip: null }, { ...entry({ employeeId: w.liis.employeeId }), id: null })))
        .code,
    ).toBe("FORBIDDEN");
    await saveTimeEntry(
      { db: t.db, actor: w.manager, ip: null },
      { ...entry({ employeeId: w.liis.employeeId, workDate: "2026-11-04" }), id: null },
    );
    expect(
      (
        await appErrorOf(
          saveTimeEntry({ db: t.db, actor: w.manager, ip: null }, { ...entry({ employeeId: w.maarja.employeeId }), id: null }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      (await appErrorOf(listTimeEntries({ db: t.db, actor: w.jaan, ip: null }, { employeeId: w.liis.employeeId, month: "2026-11" }))).code,
    ).toBe("NOT_FOUND");
  });

  it("deletes one's own entry; someone else's entry is not even found", async () => {
    const mine = await saveTimeEntry(
      { db: t.db, actor: w.liis, ip: null },
      { ...entry({ employeeId: w.liis.employeeId, workDate: "2026-11-05" }), id: null },
    );
    expect((await appErrorOf(deleteTimeEntry({ db: t.db, actor: w.jaan, ip: null }, { id: mine.id }))).code).toBe("NOT_FOUND");
    await deleteTimeEntry({ db: t.db, actor: w.liis, ip: null }, { id: mine.id });
    expect(await t.db.select().from(timeEntries).where(eq(timeEntries.id, mine.id))).toEqual([]);
  });
});

describe("the database refuses the same, whatever writes", () => {
  it("a negative or 25-hour entry breaks time_entries_hours_range", async () => {
    for (const hours of ["-1", "0", "25"]) {
      const err = await pgErrorFrom(
        t.sql`INSERT INTO time_entries (employee_id, work_type_id, work_date, hours) VALUES (${w.liis.employeeId}, ${meeting}, '2026-10-01', ${hours})`,
      );
      expect(err).toEqual({ code: "23514", constraint: "time_entries_hours_range" });
    }
  });

  it("a day over 24 hours across entries is refused by the trigger, and translated naming hours and what is there", async () => {
    await makeTimeEntry(t.db, { employeeId: w.liis.employeeId, workTypeId: meeting, workDate: "2026-10-02", hours: 23.5 });
    const insert = t.sql`INSERT INTO time_entries (employee_id, work_type_id, work_date, hours) VALUES (${w.liis.employeeId}, ${meeting}, '2026-10-02', 1)`;
    const caught = await insert.catch((e: unknown) => e);
    expect(await pgErrorFrom(Promise.reject(caught))).toEqual({ code: "23514", constraint: "time_entries_day_at_most_24_hours" });
    expect(translateDbError(caught)).toMatchObject({
      code: "INVALID_INPUT",
      field: "hours",
      messageKey: "errors.workDayOver24",
      params: { used: 23.5, date: "2026-10-02" },
    });
    // Moving an entry onto a full day is a write like any other.
    const other = await makeTimeEntry(t.db, { employeeId: w.liis.employeeId, workTypeId: meeting, workDate: "2026-10-03", hours: 1 });
    expect(await pgErrorFrom(t.sql`UPDATE time_entries SET work_date = '2026-10-02' WHERE id = ${other}`)).toEqual({
      code: "23514",
      constraint: "time_entries_day_at_most_24_hours",
    });
  });

  it("a type of another unit is refused by the trigger", async () => {
    const caught =
      await t.sql`INSERT INTO time_entries (employee_id, work_type_id, work_date, hours) VALUES (${w.liis.employeeId}, ${tartuType}, '2026-10-05', 1)`.catch(
        (e: unknown) => e,
      );
    expect(await pgErrorFrom(Promise.reject(caught))).toEqual({ code: "23514", constraint: "time_entries_type_of_own_unit" });
    expect(translateDbError(caught)).toMatchObject({ code: "INVALID_INPUT", field: "workTypeId", messageKey: "errors.workTypeOtherUnit" });
  });
});

describe("two entries of one day at the same moment", () => {
  const other = postgres(t.url, { max: 2, onnotice: () => {} });
  afterAll(() => other.end());

  it("the second waits for the first and is refused once it commits: the day never exceeds 24 hours", async () => {
    const insert = (tx: postgres.TransactionSql) =>
      tx`INSERT INTO time_entries (employee_id, work_type_id, work_date, hours) VALUES (${w.liis.employeeId}, ${meeting}, '2026-10-20', 13)`;
    let release!: () => void;
    let inserted!: () => void;
    const firstIn = new Promise<void>((r) => (inserted = r));
    const first = other.begin(async (tx) => {
      await insert(tx);
      inserted();
      await new Promise<void>((r) => (release = r));
    });
    await firstIn;
    const second = other
      .begin((tx) => insert(tx))
      .then(
        () => "committed",
        (e: unknown) => e,
      );
    // The second insert really waits on the first one's lock before the first commits.
    for (let i = 0; ; i++) {
      const [row] = await t.sql<
        { n: number }[]
      >`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory'`;
      if (row!.n >= 1) break;
      if (i > 500) throw new Error("the second insert never waited");
      await new Promise((r) => setTimeout(r, 10));
    }
    release();
    await first;
    const outcome = await second;
    expect(outcome).not.toBe("committed");
    expect(translateDbError(outcome)).toBeInstanceOf(AppError);
    expect(translateDbError(outcome)).toMatchObject({ field: "hours", messageKey: "errors.workDayOver24" });
    const [day] = await t.sql<
      { total: string }[]
    >`SELECT sum(hours) AS total FROM time_entries WHERE employee_id = ${w.liis.employeeId} AND work_date = '2026-10-20'`;
    expect(Number(day!.total)).toBe(13);
  });

  it("through the app, ten 3-hour entries at once: eight fit, two are told the day is full", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        saveTimeEntry(
          { db: t.db, actor: w.liis, ip: null },
          { ...entry({ employeeId: w.liis.employeeId, workDate: "2026-10-21", hours: 3 }), id: null },
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(8);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as AppError);
    expect(refused.map((e) => [e.field, e.messageKey])).toEqual([
      ["hours", "errors.workDayOver24"],
      ["hours", "errors.workDayOver24"],
    ]);
  });
});
