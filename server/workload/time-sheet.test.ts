import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { employees } from "@/db/schema";
import { tallinnTime } from "@/lib/tallinn-time";
import { eq } from "drizzle-orm";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { auditRows, makeEmployee } from "@/server/testing/factories";
import { makeSession } from "@/server/testing/scheduling-factories";
import { makeTimeEntry, makeWorkloadWorld, makeWorkType, setWeeklyHours, type WorkloadWorld } from "@/server/testing/workload-factories";
import { exportSheet, sheetToCsv, sheetToXlsx } from "./export";
import { sheetDetails, timeSheet } from "./time-sheet";

/**
 * Time accounting of a month for a unit subtree: done session hours by service, general work by
 * type, total, possible hours and difference per person; the lines open to their entries; the
 * XLSX and CSV hold the same figures as the table.
 */

const t = await useTestDatabase();
let w: WorkloadWorld;
let meeting: string;
let training: string;
const MONTH = "2026-10";
/** The bytes as exceljs's reader takes them. */
const arrayBufferOf = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

beforeAll(async () => {
  w = await makeWorkloadWorld(t.db);
  meeting = await makeWorkType(t.db, { name: "Koosolek" });
  training = await makeWorkType(t.db, { name: "Koolitus", unitId: w.units.tallinn });
  const s = (
    specialist: string,
    day: string,
    from: string,
    to: string,
    status: "done" | "planned",
    serviceId = w.scheduling.individualServiceId,
    clients = [w.client],
  ) =>
    makeSession(t.db, {
      serviceId,
      startsAt: tallinnTime(day, from),
      endsAt: tallinnTime(day, to),
      status,
      specialistIds: [specialist],
      participants: clients.map((clientId) => ({ clientId })),
    });
  await s(w.jaan.employeeId, "2026-10-05", "09:00", "10:30", "done");
  await s(w.jaan.employeeId, "2026-10-06", "09:00", "10:00", "done", w.scheduling.groupServiceId, [w.client, w.hiddenClient]);
  await s(w.jaan.employeeId, "2026-10-07", "09:00", "12:00", "planned"); // not done: not in time accounting
  await s(w.liis.employeeId, "2026-10-05", "11:00", "13:00", "done");
  await s(w.maarja.employeeId, "2026-10-05", "11:00", "13:00", "done", w.scheduling.individualServiceId, [w.hiddenClient]);
  await makeTimeEntry(t.db, { employeeId: w.jaan.employeeId, workTypeId: meeting, workDate: "2026-10-08", hours: 2 });
  await makeTimeEntry(t.db, { employeeId: w.jaan.employeeId, workTypeId: training, workDate: "2026-10-09", hours: 6.5 });
  await makeTimeEntry(t.db, { employeeId: w.liis.employeeId, workTypeId: meeting, workDate: "2026-10-08", hours: 1.25 });
  await setWeeklyHours(t.db, w.liis.employeeId, 30);
});

describe("the month's table", () => {
  it("Tallinn, October 2026: a line per person with sessions by service, general work by type, totals and the difference to possible hours", async () => {
    const sheet = await timeSheet({ db: t.db, actor: w.manager, ip: null }, { unitId: w.units.tallinn, month: MONTH });
    expect(sheet.unit).toEqual({ id: w.units.tallinn, name: expect.stringMatching(/^Tallinn/), nameEn: "" });
    expect(sheet.services.map((s) => s.id)).toEqual([w.scheduling.individualServiceId, w.scheduling.groupServiceId]);
    expect(sheet.types.map((x) => x.name)).toEqual(["Koolitus", "Koosolek"]);
    const byName = Object.fromEntries(sheet.rows.map((r) => [r.name.split(", ")[1], r]));
    expect(Object.keys(byName).sort()).toEqual(["Jaan", "Kadri", "Liis"]);
    // October 2026: 22 working days; Jaan 40 h a week = 176, Liis 30 h = 132.
    expect(byName.Jaan).toMatchObject({
      services: { [w.scheduling.individualServiceId]: 1.5, [w.scheduling.groupServiceId]: 1 },
      types: { [meeting]: 2, [training]: 6.5 },
      sessionHours: 2.5,
      generalHours: 8.5,
      total: 11,
      possible: 176,
      difference: -165,
      locked: false,
    });
    expect(byName.Liis).toMatchObject({ sessionHours: 2, generalHours: 1.25, total: 3.25, possible: 132, difference: -128.75 });
    expect(sheet.totals).toMatchObject({
      sessionHours: 4.5,
      generalHours: 9.75,
      total: 14.25,
      possible: 176 + 132 + 176,
      difference: 14.25 - 484,
    });
    expect(sheet).toMatchObject({ canApprove: true, canReopen: false, approval: { approved: false, lockedCount: 0 } });
  });

  it("a team's sheet holds only that team; someone who left appears only if they have hours in the month", async () => {
    const leaver = await makeEmployee(t.db, { unitIds: [w.units.team1], firstName: "Endine" });
    const quiet = await makeEmployee(t.db, { unitIds: [w.units.team1], firstName: "Vaikne" });
    await makeTimeEntry(t.db, { employeeId: leaver, workTypeId: meeting, workDate: "2026-09-01", hours: 1 });
    await t.db.update(employees).set({ active: false }).where(eq(employees.id, leaver));
    await t.db.update(employees).set({ active: false }).where(eq(employees.id, quiet));
    const team = await timeSheet({ db: t.db, actor: w.manager, ip: null }, { unitId: w.units.team1, month: "2026-09" });
    expect(team.rows.map((r) => r.name.split(", ")[1]).sort()).toEqual(["Endine", "Jaan"]);
  });

  it("a specialist sees only their own line, and no unit's sheet", async () => {
    const own = await timeSheet({ db: t.db, actor: w.jaan, ip: null }, { unitId: null, month: MONTH });
    expect(own.rows.map((r) => r.employeeId)).toEqual([w.jaan.employeeId]);
    expect(own).toMatchObject({ canApprove: false, canReopen: false });
    expect((await appErrorOf(timeSheet({ db: t.db, actor: w.jaan, ip: null }, { unitId: w.units.team1, month: MONTH }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await appErrorOf(timeSheet({ db: t.db, actor: w.manager, ip: null }, { unitId: w.units.tartu, month: MONTH }))).code).toBe(
      "FORBIDDEN",
    );
  });

  it("a line opens to its done sessions and general work; clients out of the viewer's reach stay unnamed", async () => {
    const details = await sheetDetails({ db: t.db, actor: w.manager, ip: null }, { employeeId: w.jaan.employeeId, month: MONTH });
    expect(details.sessions.map((s) => [s.hours, s.clients, s.hiddenClients])).toEqual([
      [1.5, ["Client Toomingas"], 0],
      [1, ["Client Toomingas"], 1],
    ]);
    expect(details.entries.map((e) => [e.workDate, e.type, e.hours])).toEqual([
      ["2026-10-08", "Koosolek", 2],
      ["2026-10-09", "Koolitus", 6.5],
    ]);
    expect(JSON.stringify(details)).not.toContain("Varjatud");
    expect(
      (await appErrorOf(sheetDetails({ db: t.db, actor: w.manager, ip: null }, { employeeId: w.maarja.employeeId, month: MONTH }))).code,
    ).toBe("NOT_FOUND");
  });
});

describe("export", () => {
  it("XLSX opens with a title, bold headers, widths, the same lines and a totals row whose SUMs equal the table's totals", async () => {
    const sheet = await timeSheet({ db: t.db, actor: w.manager, ip: null }, { unitId: w.units.tallinn, month: MONTH });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(arrayBufferOf(await sheetToXlsx(sheet, "et")));
    const ws = book.worksheets[0]!;
    expect(String(ws.getCell("A1").value)).toMatch(/^Tööaja arvestus: Tallinn.* oktoober 2026$/);
    const header = (ws.getRow(2).values as unknown[]).slice(1);
    expect(header[0]).toBe("Töötaja");
    expect(header.slice(3)).toEqual(["Seansid kokku", "Koolitus", "Koosolek", "Üldtöö kokku", "Kokku", "Võimalikud tunnid", "Vahe"]);
    expect(ws.getRow(2).font?.bold).toBe(true);
    expect(ws.getColumn(1).width).toBe(30);
    const names = [3, 4, 5].map((r) => ws.getCell(r, 1).value);
    expect(names).toEqual(sheet.rows.map((r) => r.name));
    const totalsRow = ws.getRow(6);
    expect(totalsRow.getCell(1).value).toBe("Kokku");
    const totalColumn = header.indexOf("Kokku") + 1;
    const cell = totalsRow.getCell(totalColumn).value as { formula: string; result: number };
    expect(cell.formula).toMatch(/^SUM\([A-Z]+3:[A-Z]+5\)$/);
    expect(cell.result).toBe(sheet.totals.total);
    // Every totals cell equals the sum of its column above it.
    for (let c = 2; c <= header.length; c++) {
      const column = [3, 4, 5].reduce((a, r) => a + Number(ws.getCell(r, c).value), 0);
      expect(Math.round(column * 100) / 100).toBe((totalsRow.getCell(c).value as { result: number }).result);
    }
  });

  it("CSV for Estonian spreadsheets: BOM, semicolons, decimal commas, the totals line last; English with commas and points", async () => {
    const sheet = await timeSheet({ db: t.db, actor: w.manager, ip: null }, { unitId: w.units.tallinn, month: MONTH });
    const et = sheetToCsv(sheet, "et").split("\r\n");
    expect(et[0]!.startsWith("\uFEFFTöötaja;")).toBe(true);
    expect(et.at(-2)).toBe("Kokku;3,50;1,00;4,50;6,50;3,25;9,75;14,25;484,00;-469,75");
    expect(sheetToCsv(sheet, "en").split("\r\n").at(-2)).toBe("Total,3.50,1.00,4.50,6.50,3.25,9.75,14.25,484.00,-469.75");
  });

  it("the export is the viewer's sheet as a file, and the audit log says it left", async () => {
    const file = await exportSheet(
      { db: t.db, actor: w.manager, ip: "203.0.113.1" },
      { unitId: w.units.tallinn, month: MONTH, format: "xlsx", locale: "en" },
    );
    expect(file.fileName).toMatch(/^time-accounting-tallinn-\d+-2026-10\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(arrayBufferOf(Buffer.from(file.base64, "base64")));
    expect(book.worksheets[0]!.getRow(2).getCell(1).value).toBe("Employee");
    expect((await auditRows(t.db, "timesheet.export")).at(-1)).toMatchObject({
      actorEmployeeId: w.manager.employeeId,
      ip: "203.0.113.1",
      details: { month: MONTH, format: "xlsx", rows: 3 },
    });
  });
});
