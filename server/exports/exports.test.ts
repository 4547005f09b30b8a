import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clients, serviceEntries } from "@/db/schema";
import type { Db } from "@/server/db/client";
import type { DomainContext } from "@/server/domain-context";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeActor, makeClient, makeEmployee, makeUnit } from "@/server/testing/factories";
import { makeDecision, makeFundingWorld } from "@/server/testing/funding-factories";
import { makeSchedulingWorld, makeSession, tallinnWinter } from "@/server/testing/scheduling-factories";
import { EXPORT_LISTS, EXPORT_PAGE, label, type ExportList } from "./lists";
import { csvStream, xlsxStream } from "./stream";

const t = await useTestDatabase();

let unit: string;
let caseManager: Actor;
let outsider: Actor;
let mine: string;
let theirs: string;
const ctx = (actor: Actor): DomainContext<Db> => ({ db: t.db, actor, ip: null });
const columns = (list: ExportList, locale: "et" | "en" = "et") => list.columns.map((c) => ({ label: label(locale, c.key), kind: c.kind }));
const text = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer());

beforeAll(async () => {
  unit = await makeUnit(t.db);
  caseManager = await makeActor(t.db, {
    permissions: { "clients:read": "own", "clients:read_clinical": "own" },
    unitIds: [unit],
    firstName: "Liis",
  });
  outsider = await makeActor(t.db, { permissions: { "clients:read": "own" }, unitIds: [await makeUnit(t.db)] });
  mine = await makeClient(t.db, { unitIds: [unit], caseManagerId: caseManager.employeeId });
  // A name a spreadsheet would run as a formula, with the letters that need UTF-8.
  await t.db.update(clients).set({ firstName: '=HYPERLINK("x")', lastName: "Õunapuu-Šõž" }).where(eq(clients.id, mine));
  theirs = await makeClient(t.db, { unitIds: [await makeUnit(t.db)] });
});

describe("list exports", () => {
  it("writes the client list as CSV with the screen's columns, a BOM, escaped formulas and only the clients the person reaches", async () => {
    const list = EXPORT_LISTS.clients as ExportList;
    const rows = await list.rows(ctx(caseManager), {}, "et");
    const csv = await text(csvStream(columns(list), rows, "et"));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString("utf8").slice(1).split("\r\n");
    expect(lines[0]).toBe("Nimi;Isikukood;Üksused;Juhtumikorraldaja;Kehtiv rahastus");
    expect(lines.some((l) => l.startsWith(`"Õunapuu-Šõž, =HYPERLINK(""x"")"`))).toBe(true);
    const [theirsRow] = await t.db.select().from(clients).where(eq(clients.id, theirs));
    expect(csv.toString("utf8")).not.toContain(theirsRow!.lastName);
    // The formula at the start of a cell is what gets the apostrophe.
    const formula = await text(csvStream(columns(list), [["=1+1", "", "", "", ""]], "et"));
    expect(formula.toString("utf8")).toContain("'=1+1");
    expect(await list.rows(ctx(outsider), {}, "et")).toEqual([]);
  });

  it("writes the dataset entries as XLSX with numbers as numbers, and refuses a client the person may not read", async () => {
    const world = await makeFundingWorld(t.db);
    const decisionId = await makeDecision(t.db, {
      clientId: mine,
      fundingSourceId: world.sourceId,
      startDate: "2019-01-01",
      endDate: "2019-12-31",
    });
    const specialistId = await makeEmployee(t.db, { unitIds: [unit] });
    await t.db.insert(serviceEntries).values({
      clientId: mine,
      decisionId,
      serviceId: world.serviceId,
      serviceDate: "2019-02-04",
      units: "1.50",
      specialistId,
      description: "+ kodune harjutus",
    });
    const list = EXPORT_LISTS.entries as ExportList;
    const rows = await list.rows(ctx(caseManager), { clientId: mine }, "en");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await text(xlsxStream("entries", columns(list, "en"), rows))) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...columns(list, "en").map((c) => c.label)]);
    const row = sheet.getRow(2).values as unknown[];
    expect(row[1]).toBe("2019-02-04");
    expect(row[3]).toBe(1.5);
    expect(row[6]).toBe(44.1);
    expect(row[8]).toBe("'+ kodune harjutus");
    expect((await appErrorOf(list.rows(ctx(outsider), { clientId: mine }, "et"))).code).toBe("NOT_FOUND");
  });

  it("writes a client's decisions with one row per limit, money in euros and volumes in units", async () => {
    const world = await makeFundingWorld(t.db);
    const client = await makeClient(t.db, { unitIds: [unit], caseManagerId: caseManager.employeeId });
    await makeDecision(t.db, {
      clientId: client,
      fundingSourceId: world.sourceId,
      startDate: "2024-01-01",
      endDate: "2024-12-31",
      number: "LIMIT-1",
      yearlyCapCents: 180000,
      serviceLimits: [{ serviceId: world.serviceId, maxUnits: 12 }],
    });
    const rows = await (EXPORT_LISTS.decisions as ExportList).rows(ctx(caseManager), { clientId: client }, "et");
    expect(rows).toContainEqual([
      expect.stringContaining("LIMIT-1"),
      expect.any(String),
      "2024-01-01",
      "2024-12-31",
      expect.stringContaining("Aasta piirmäär"),
      1800,
      0,
      0,
      1800,
      "€",
    ]);
    expect(rows).toContainEqual([
      expect.stringContaining("LIMIT-1"),
      expect.any(String),
      "2024-01-01",
      "2024-12-31",
      expect.stringContaining("Psühholoogi"),
      12,
      0,
      0,
      12,
      "hour",
    ]);
    expect((await appErrorOf((EXPORT_LISTS.decisions as ExportList).rows(ctx(outsider), { clientId: client }, "et"))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("writes the calendar's sessions of a range as on screen", async () => {
    const world = await makeSchedulingWorld(t.db);
    const reader = await makeActor(t.db, { permissions: { "sessions:read": "all", "clients:read": "all" }, unitIds: [unit] });
    const specialistId = await makeEmployee(t.db, { unitIds: [unit] });
    await makeSession(t.db, {
      serviceId: world.individualServiceId,
      startsAt: tallinnWinter("2024-02-12", "10:00"),
      endsAt: tallinnWinter("2024-02-12", "11:00"),
      status: "done",
      specialistIds: [specialistId],
      participants: [{ clientId: mine, decisionId: null }],
    });
    const rows = await (EXPORT_LISTS.sessions as ExportList).rows(
      ctx(reader),
      { from: "2024-02-01T00:00:00+02:00", to: "2024-03-01T00:00:00+02:00", clientId: mine },
      "et",
    );
    expect(rows).toEqual([
      [
        "2024-02-12",
        "10:00–11:00",
        expect.stringMatching(/^SCH\d+ /),
        "",
        expect.any(String),
        expect.stringContaining("Õunapuu-Šõž"),
        "tehtud",
      ],
    ]);
  });

  it("refuses the employee and invoice lists to someone without their permission", async () => {
    expect((await appErrorOf((EXPORT_LISTS.employees as ExportList).rows(ctx(caseManager), {}, "et"))).code).toBe("FORBIDDEN");
    expect((await appErrorOf((EXPORT_LISTS.invoices as ExportList).rows(ctx(caseManager), { month: "2026-01" }, "et"))).code).toBe(
      "FORBIDDEN",
    );
  });

  it("streams a large list in pieces", async () => {
    const list = EXPORT_LISTS.clients as ExportList;
    const many = Array.from({ length: 5000 }, (_, i) => [`Klient ${i}`, "", "", "", ""]);
    const reader = csvStream(columns(list), many, "et").getReader();
    let chunks = 0;
    let lines = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      chunks++;
      lines += Buffer.from(r.value).toString("utf8").split("\r\n").length - 1;
    }
    expect(chunks).toBeGreaterThan(5);
    expect(lines).toBe(5001);
  });

  it("reads the client list page by page by keyset: every client once, in the screen's order, however many pages", async () => {
    const pageUnit = await makeUnit(t.db);
    const reader = await makeActor(t.db, { permissions: { "clients:read": "unit" }, headOf: [pageUnit], unitIds: [pageUnit] });
    const count = EXPORT_PAGE * 2 + 7;
    // Same names on purpose: the keyset goes on by id where the names tie.
    const ids = await t.db
      .insert(clients)
      .values(
        Array.from({ length: count }, (_, i) => ({
          firstName: "Sama",
          lastName: `Nimi ${String(i % 3)}`,
          personalCode: null,
          birthDate: "1990-01-01",
        })),
      )
      .returning({ id: clients.id });
    const { clientUnits } = await import("@/db/schema");
    await t.db.insert(clientUnits).values(ids.map((r) => ({ clientId: r.id, unitId: pageUnit })));
    const list = EXPORT_LISTS.clients as ExportList;
    const sizes: number[] = [];
    const names: string[] = [];
    for await (const page of list.pages(ctx(reader), { unitId: pageUnit }, "et")) {
      sizes.push(page.length);
      names.push(...page.map((r) => String(r[0])));
    }
    expect(sizes).toEqual([EXPORT_PAGE, EXPORT_PAGE, 7]);
    expect(names).toHaveLength(count);
    expect(names).toEqual([...names].sort());
  });

  it("stops reading pages when the reader stops", async () => {
    let read = 0;
    async function* endless() {
      for (;;) {
        read++;
        yield Array.from({ length: 100 }, (_, i): [string] => [`rida ${i}`]);
      }
    }
    let told: [number, boolean] | null = null;
    const reader = csvStream([{ label: "Nimi" }], endless(), "et", (rows, complete) => (told = [rows, complete])).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    const afterStop = read;
    await new Promise((r) => setTimeout(r, 20));
    expect(read).toBe(afterStop);
    expect(read).toBeLessThan(5);
    expect(told).toEqual([expect.any(Number), false]);
  });
});
