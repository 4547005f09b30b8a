import { beforeAll, describe, expect, it } from "vitest";
import { tallinnTime } from "@/lib/tallinn-time";
import type { DomainContext } from "@/server/domain-context";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeReportWorld, hoursOf, type ReportWorld } from "@/server/testing/report-factories";
import { makeSession } from "@/server/testing/scheduling-factories";
import { entryRows } from "./drill";
import { sessionRows } from "./drill-sessions";
import { possibleInPeriod, workPerEmployee } from "./work-per-employee";

/**
 * Report 4, work per employee: entries per specialist reconcile with the dataset; session hours
 * by status, utilisation and what is missing before month close; a unit head sees their staff only.
 */

const t = await useTestDatabase();
let w: ReportWorld;
const ctx = (actor: Actor): DomainContext => ({ db: t.db, actor, ip: null });
const NOV = { from: "2026-11-01", to: "2026-11-30" };
const NOW = tallinnTime("2026-11-20", "12:00");
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const round2 = (x: number) => Math.round(x * 100) / 100;

beforeAll(async () => {
  w = await makeReportWorld(t.db, { entries: 60, seed: 3 });
  const service = w.services[0]!.id;
  const client = w.tallinnClients[0]!;
  const at = (day: string, from: string, to: string, status: "planned" | "agreed" | "done") =>
    makeSession(t.db, {
      serviceId: service,
      startsAt: tallinnTime(day, from),
      endsAt: tallinnTime(day, to),
      status,
      specialistIds: [w.tallinnSpecialist],
      participants: [{ clientId: client }],
    });
  await at("2026-11-02", "09:00", "10:30", "done"); // done, no entry: missing
  await at("2026-11-03", "09:00", "10:00", "agreed"); // past and still open
  await at("2026-11-25", "09:00", "11:00", "planned"); // future
  await at("2026-10-30", "09:00", "10:00", "done"); // another month
});

describe("work per employee", () => {
  it("entries, hours and euros per specialist equal their dataset entries", async () => {
    const year = { from: "2026-01-01", to: "2026-12-31" };
    const report = await workPerEmployee(ctx(w.accountant), year, NOW);
    for (const specialist of [w.tallinnSpecialist, w.tartuSpecialist]) {
      const mine = w.entries.filter((e) => e.specialistId === specialist && e.date.startsWith("2026"));
      const row = report.rows.find((r) => r.key === specialist)!;
      expect(row.values).toMatchObject({
        entries: mine.length,
        entryHours: round2(sum(mine.map(hoursOf))),
        cents: sum(mine.map((e) => e.amountCents)),
      });
      const drill = await entryRows(ctx(w.accountant), {
        ...year,
        groupBy: "service",
        key: null,
        report: "workPerEmployee",
        employeeId: specialist,
      });
      expect(drill.total).toBe(mine.length);
    }
  });

  it("session hours by status, possible hours, utilisation and what is missing before month close", async () => {
    const report = await workPerEmployee(ctx(w.accountant), NOV, NOW);
    const row = report.rows.find((r) => r.key === w.tallinnSpecialist)!;
    const possible = possibleInPeriod(NOV.from, NOV.to, 40);
    // November 2026: 21 working days of 8 hours.
    expect(possible).toBe(168);
    expect(row.values).toMatchObject({
      plannedHours: 2,
      agreedHours: 1,
      doneHours: 1.5,
      possibleHours: 168,
      utilisation: Math.round((1.5 / 168) * 1000) / 10,
      missingEntries: 1,
      pastOpen: 1,
    });
  });

  it("a session's new status, whatever writes it, moves its hours to that column at once", async () => {
    const DEC = { from: "2026-12-01", to: "2026-12-31" };
    const hours = async () => {
      const row = (await workPerEmployee(ctx(w.accountant), DEC, NOW)).rows.find((r) => r.key === w.tallinnSpecialist)!;
      return [row.values.plannedHours, row.values.agreedHours, row.values.doneHours];
    };
    const before = await hours();
    const session = await makeSession(t.db, {
      serviceId: w.services[0]!.id,
      startsAt: tallinnTime("2026-12-07", "09:00"),
      endsAt: tallinnTime("2026-12-07", "11:30"),
      status: "planned",
      specialistIds: [w.tallinnSpecialist],
      participants: [{ clientId: w.tallinnClients[0]! }],
    });
    const plus = (p: number, a: number, d: number) => [before[0]! + p, before[1]! + a, before[2]! + d];
    expect(await hours()).toEqual(plus(2.5, 0, 0));
    await t.sql`UPDATE sessions SET status = 'agreed' WHERE id = ${session}`;
    expect(await hours()).toEqual(plus(0, 2.5, 0));
    await t.sql`UPDATE sessions SET status = 'done' WHERE id = ${session}`;
    expect(await hours()).toEqual(plus(0, 0, 2.5));
    await t.sql`UPDATE sessions SET status = 'cancelled' WHERE id = ${session}`;
    expect(await hours()).toEqual(plus(0, 0, 0));
    // The specialists' and the clients' copies of the status agree with their sessions everywhere.
    const [differ] = await t.sql<{ n: number }[]>`
      SELECT (SELECT count(*) FROM session_specialists sp JOIN sessions s ON s.id = sp.session_id WHERE sp.status <> s.status)
        + (SELECT count(*) FROM session_participants p JOIN sessions s ON s.id = p.session_id WHERE p.status <> s.status) AS n`;
    expect(Number(differ!.n)).toBe(0);
  });

  it("each session figure opens the sessions it counts, a client named where the policy reaches", async () => {
    const report = await workPerEmployee(ctx(w.tallinnHead), NOV, NOW);
    const row = report.rows.find((r) => r.key === w.tallinnSpecialist)!;
    const days = async (measure: "plannedHours" | "agreedHours" | "doneHours" | "missingEntries" | "pastOpen") =>
      (await sessionRows(ctx(w.tallinnHead), { ...NOV, employeeId: w.tallinnSpecialist, measure }, NOW)).rows.map((r) =>
        r.startsAt.slice(0, 10),
      );
    // Done: the session without an entry plus the generated done sessions of November, if any had one.
    expect(await days("missingEntries")).toEqual(["2026-11-02"]);
    expect((await days("missingEntries")).length).toBe(row.values.missingEntries);
    expect(await days("pastOpen")).toEqual(["2026-11-03"]);
    expect(await days("plannedHours")).toEqual(["2026-11-25"]);
    expect(await days("agreedHours")).toEqual(["2026-11-03"]);
    const missing = await sessionRows(ctx(w.tallinnHead), { ...NOV, employeeId: w.tallinnSpecialist, measure: "missingEntries" }, NOW);
    expect(missing.rows[0]).toMatchObject({ clientId: w.tallinnClients[0], hasEntry: false });
    // Someone who may read reports but no client records sees the session, not whom it was with.
    const hidden = await sessionRows(ctx(w.accountant), { ...NOV, employeeId: w.tallinnSpecialist, measure: "missingEntries" }, NOW);
    expect(hidden.rows[0]).toMatchObject({ clientId: null, clientName: null, hasClient: true });
  });

  it("the head of Tallinn sees Tallinn's staff only, and may not pick a Tartu specialist", async () => {
    const report = await workPerEmployee(ctx(w.tallinnHead), NOV, NOW);
    const keys = report.rows.map((r) => r.key);
    expect(keys).toContain(w.tallinnSpecialist);
    expect(keys).not.toContain(w.tartuSpecialist);
    expect((await appErrorOf(workPerEmployee(ctx(w.tallinnHead), { ...NOV, employeeId: w.tartuSpecialist }, NOW))).code).toBe("FORBIDDEN");
    expect(
      (
        await appErrorOf(
          entryRows(ctx(w.tallinnHead), {
            ...NOV,
            groupBy: "service",
            key: null,
            report: "workPerEmployee",
            employeeId: w.tartuSpecialist,
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });
});
