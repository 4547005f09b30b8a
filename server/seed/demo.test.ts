import { eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { employeeRoles, employees, employeeUnits, roles, units } from "@/db/schema";
import { verifyAuditChain } from "@/server/audit/audit";
import { signInWithPassword } from "@/server/auth/sign-in";
import { getInstitution } from "@/server/settings/institution";
import { useTestDatabase } from "@/server/testing/database";
import { tallinnDate } from "@/lib/tallinn-time";
import { DEMO_PASSWORD, seedDemo } from "./demo";
import { workedDaysOfMonth } from "./demo-workload";

const t = await useTestDatabase();

// The README's demo people: personal code -> role key.
const README = [
  ["38001085718", "administrator"],
  ["49003050224", "manager"],
  ["60001019906", "case_manager"],
  ["37605030299", "specialist"],
  ["48706150373", "specialist"],
  ["50102030047", "front_desk"],
  ["47207150121", "accountant"],
] as const;

beforeAll(async () => {
  expect(await t.db.select().from(employees)).toEqual([]);
  await seedDemo(t.db);
});

describe("seedDemo on an empty database", () => {
  it("creates the demo people with their roles", async () => {
    const rows = await t.db
      .select({ code: employees.personalCode, role: roles.key, active: employees.active })
      .from(employees)
      .innerJoin(employeeRoles, eq(employeeRoles.employeeId, employees.id))
      .innerJoin(roles, eq(roles.id, employeeRoles.roleId));
    expect(rows.map((r) => [r.code, r.role]).sort()).toEqual(README.map(([code, role]) => [code, role]).sort());
    expect(rows.every((r) => r.active)).toBe(true);
  });

  it.each(README.map(([code]) => code))("%s signs in with the demo password", async (code) => {
    const result = await signInWithPassword(t.db, { personalCode: code, password: DEMO_PASSWORD, ip: null });
    expect(result.ok).toBe(true);
  });

  it("makes the manager 49003050224 head of the unit Tallinn", async () => {
    const [tallinn] = await t.db
      .select({ head: employees.personalCode })
      .from(units)
      .innerJoin(employees, eq(employees.id, units.headEmployeeId))
      .where(eq(units.name, "Tallinn"));
    expect(tallinn?.head).toBe("49003050224");
  });

  it("builds at least two regions with teams below them, and puts everyone in a unit", async () => {
    const all = await t.db.select().from(units);
    const regions = await t.db.select().from(units).where(isNull(units.parentId));
    expect(regions.length).toBeGreaterThanOrEqual(2);
    const depth = (id: string | null): number => (id ? 1 + depth(all.find((u) => u.id === id)!.parentId) : 0);
    for (const region of regions) {
      const below = all.filter((u) => depth(u.id) === 3 && isBelow(u.id, region.id));
      expect(below.length, `teams under ${region.name}`).toBeGreaterThan(0);
    }
    function isBelow(id: string, ancestor: string): boolean {
      const unit = all.find((u) => u.id === id)!;
      return unit.parentId === ancestor || (unit.parentId !== null && isBelow(unit.parentId, ancestor));
    }
    const memberships = await t.db.select().from(employeeUnits);
    expect(new Set(memberships.map((m) => m.employeeId)).size).toBe(README.length);
  });

  it("fills in the institution's details with valid identifiers and leaves an intact audit chain", async () => {
    expect((await getInstitution(t.db)).registryCode).toMatch(/^\d{8}$/);
    expect(await verifyAuditChain(t.db)).toEqual([]);
  });

  it("has demo clients whose dataset is priced from the price list of each day", async () => {
    const rows = await t.sql<{ last: string; code: string; units: string; amount: number; cap: number | null }[]>`
      SELECT c.last_name AS last, s.code, e.units, e.amount_cents AS amount, d.yearly_cap_cents AS cap
      FROM service_entries e JOIN clients c ON c.id = e.client_id JOIN services s ON s.id = e.service_id
      JOIN funding_decisions d ON d.id = e.decision_id ORDER BY e.service_date`;
    expect(new Set(rows.map((r) => r.last))).toEqual(new Set(["Toomingas", "Ivanova", "Mägi"]));
    // 1.5 hours of individual psychologist work at the 2023 state price of 29.40 EUR.
    expect(rows.find((r) => r.code === "2010" && Number(r.units) === 1.5)?.amount).toBe(4410);
    expect(rows.find((r) => r.code === "IET")?.amount).toBe(13700);
  });

  it("has general work types for everyone and for Tallinn and Tartu, and the general work logged so far this month", async () => {
    const types = await t.sql<
      { name: string; unit: string | null }[]
    >`SELECT w.name, u.name AS unit FROM work_types w LEFT JOIN units u ON u.id = w.unit_id ORDER BY w.name`;
    expect(
      types
        .filter((x) => x.unit === null)
        .map((x) => x.name)
        .sort(),
    ).toEqual(["Dokumenteerimine", "Koolitus", "Koosolek", "Supervisioon", "Sõit"]);
    expect(
      types
        .filter((x) => x.unit !== null)
        .map((x) => x.unit)
        .sort(),
    ).toEqual(["Tallinn", "Tartu"]);
    const entries = await t.sql<{ day: string }[]>`SELECT work_date::text AS day FROM time_entries`;
    const worked = workedDaysOfMonth(tallinnDate(new Date()));
    expect(entries.length).toBe(worked.length ? 7 : 0);
    for (const e of entries) expect(worked).toContain(e.day);
  });
});
