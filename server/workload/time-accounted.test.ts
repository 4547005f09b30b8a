import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { auditRows, makeEmployee } from "@/server/testing/factories";
import { makeTimeEntry, makeWorkloadWorld, makeWorkType, type WorkloadWorld } from "@/server/testing/workload-factories";
import { setTimeAccounted } from "./time-accounted";
import { timeSheet } from "./time-sheet";

/**
 * People without client work (an administrator, the front desk, an accountant) are left out of
 * time accounting by their manager, so their whole possible hours do not show as a shortfall; once
 * they log hours they are back on the sheet, and the manager can count them again.
 */

const t = await useTestDatabase();
let w: WorkloadWorld;
let accountant: string;
const MONTH = "2026-10";
const sheetOf = (actor = w.manager) => timeSheet({ db: t.db, actor, ip: null }, { unitId: w.units.tallinn, month: MONTH });

beforeAll(async () => {
  w = await makeWorkloadWorld(t.db);
  accountant = await makeEmployee(t.db, { firstName: "Anne", lastName: "Arvestaja", unitIds: [w.units.tallinn] });
});

describe("who is counted in time accounting", () => {
  it("a counted person without hours shows their possible hours as the difference; left out, they leave the table and its totals", async () => {
    const before = await sheetOf();
    const row = before.rows.find((r) => r.employeeId === accountant);
    // October 2026 has 22 working days: 176 possible hours at 40 a week, none worked.
    expect(row).toMatchObject({ total: 0, possible: 176, difference: -176, counted: true });
    expect(before.canChangeCounted).toBe(true);
    expect(before.notCounted).toEqual([]);

    await setTimeAccounted({ db: t.db, actor: w.manager, ip: "203.0.113.9" }, { employeeId: accountant, counted: false });
    const after = await sheetOf();
    expect(after.rows.map((r) => r.employeeId)).not.toContain(accountant);
    expect(after.totals.possible).toBe(before.totals.possible - 176);
    expect(after.totals.difference).toBe(before.totals.difference + 176);
    expect(after.notCounted).toEqual([{ employeeId: accountant, name: "Arvestaja, Anne" }]);
    expect((await auditRows(t.db, "timesheet.leave_out_person")).at(-1)).toMatchObject({
      actorEmployeeId: w.manager.employeeId,
      targetId: accountant,
      ip: "203.0.113.9",
    });
  });

  it("a person left out who logs hours is on the sheet again, marked as not counted, so no hour drops out of the totals", async () => {
    const meeting = await makeWorkType(t.db, { name: "Koosolek" });
    await makeTimeEntry(t.db, { employeeId: accountant, workTypeId: meeting, workDate: "2026-10-12", hours: 3 });
    const sheet = await sheetOf();
    expect(sheet.rows.find((r) => r.employeeId === accountant)).toMatchObject({ generalHours: 3, counted: false });
    expect(sheet.notCounted).toEqual([]);
    // Another month without hours: left out again.
    const november = await timeSheet({ db: t.db, actor: w.manager, ip: null }, { unitId: w.units.tallinn, month: "2026-11" });
    expect(november.rows.map((r) => r.employeeId)).not.toContain(accountant);
  });

  it("the manager counts the person again", async () => {
    await setTimeAccounted({ db: t.db, actor: w.manager, ip: null }, { employeeId: accountant, counted: true });
    const november = await timeSheet({ db: t.db, actor: w.manager, ip: null }, { unitId: w.units.tallinn, month: "2026-11" });
    expect(november.rows.find((r) => r.employeeId === accountant)).toMatchObject({ counted: true, total: 0 });
    expect(await auditRows(t.db, "timesheet.count_person")).toHaveLength(1);
  });

  it("only a manager of the person's workload may change it: for a specialist or a manager of another unit the person is not there", async () => {
    expect(
      (await appErrorOf(setTimeAccounted({ db: t.db, actor: w.jaan, ip: null }, { employeeId: accountant, counted: false }))).code,
    ).toBe("NOT_FOUND");
    expect((await sheetOf()).rows.find((r) => r.employeeId === accountant)?.counted).toBe(true);
    expect(
      (await appErrorOf(setTimeAccounted({ db: t.db, actor: w.manager, ip: null }, { employeeId: w.maarja.employeeId, counted: false })))
        .code,
    ).toBe("NOT_FOUND");
    const sheet = await timeSheet({ db: t.db, actor: w.jaan, ip: null }, { unitId: null, month: MONTH });
    expect(sheet.canChangeCounted).toBe(false);
  });
});
