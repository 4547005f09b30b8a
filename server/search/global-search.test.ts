import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clients } from "@/db/schema";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { auditRows, makeActor, makeClient, makeEmployee, makeUnit } from "@/server/testing/factories";
import { makeFundingWorld } from "@/server/testing/funding-factories";
import { invoiceMaker } from "@/server/testing/invoice-factories";
import { globalSearch } from "./global-search";

/**
 * The header's search finds what each person may open: their clients by name or personal code,
 * colleagues they may see, invoices they may read by number; never a client of another unit.
 */

const t = await useTestDatabase();
let specialist: Actor;
let manager: Actor;
let accountant: Actor;
let mine: string;
let myCode: string;
let invoiceNumber: string;
const search = (actor: Actor, q: string) => globalSearch({ db: t.db, actor, ip: null }, { q });

beforeAll(async () => {
  const tallinn = await makeUnit(t.db, { name: "Tallinn" });
  const tartu = await makeUnit(t.db, { name: "Tartu" });
  specialist = await makeActor(t.db, { permissions: { "clients:read": "own" }, unitIds: [tallinn] });
  manager = await makeActor(t.db, {
    permissions: { "clients:read": "unit", "employees:read": "unit" },
    unitIds: [tallinn],
    headOf: [tallinn],
  });
  accountant = await makeActor(t.db, { permissions: { "billing:read": "all" }, unitIds: [tallinn] });
  mine = await makeClient(t.db, { name: "Kaasik", unitIds: [tallinn], teamIds: [specialist.employeeId] });
  await makeClient(t.db, { name: "Kaasiku", unitIds: [tartu] });
  await makeEmployee(t.db, { firstName: "Kaarel", lastName: "Kaasik", unitIds: [tallinn] });
  myCode = (await t.db.select({ code: clients.personalCode }).from(clients).where(eq(clients.id, mine)))[0]!.code!;
  const world = await makeFundingWorld(t.db);
  const id = await invoiceMaker(t.db)({
    funder: world.sourceId,
    lines: [{ client: mine, service: world.serviceId, cents: 1000 }],
    due: "2026-08-01",
  });
  invoiceNumber = (await search(accountant, "RR")).invoices.find((i) => i.id === id)!.number;
});

describe("the header's search", () => {
  it("finds one's own clients by part of the name, never another unit's client", async () => {
    const found = await search(specialist, "kaas");
    expect(found.clients.map((c) => c.id)).toEqual([mine]);
    expect(found.staff).toEqual([]);
    expect(found.invoices).toEqual([]);
    // The unit's head sees the unit's clients, but Tartu's stays out of reach.
    expect((await search(manager, "Kaasik")).clients.map((c) => c.id)).toEqual([mine]);
  });

  it("finds a client by the start of the personal code; a colleague only for whoever may see staff", async () => {
    expect((await search(specialist, myCode.slice(0, 7))).clients.map((c) => c.id)).toEqual([mine]);
    expect((await search(specialist, myCode)).clients.map((c) => c.id)).toEqual([mine]);
    expect((await search(manager, "kaarel")).staff.map((s) => s.name)).toEqual(["Kaarel Kaasik"]);
    expect((await search(specialist, "kaarel")).staff).toEqual([]);
  });

  it("finds an invoice by its number for whoever may read invoices, and no client for them without client rights", async () => {
    const found = await search(accountant, invoiceNumber);
    expect(found.invoices.map((i) => i.number)).toEqual([invoiceNumber]);
    expect((await search(accountant, "Kaasik")).clients).toEqual([]);
    expect((await search(specialist, invoiceNumber)).invoices).toEqual([]);
  });

  it("the audit log says a search read client names, and how many, but not what was typed", async () => {
    const before = (await auditRows(t.db, "search.clients")).length;
    await search(specialist, myCode);
    const rows = await auditRows(t.db, "search.clients");
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ actorEmployeeId: specialist.employeeId, details: { clients: 1 } });
    expect(JSON.stringify(rows.at(-1))).not.toContain(myCode);
  });
});
