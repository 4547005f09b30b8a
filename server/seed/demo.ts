import { eq } from "drizzle-orm";
import { employeeRoles, employees, employeeSpecialties, employeeUnits, institutionSettings, passwordCredentials, units } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import { tallinnDate } from "@/lib/tallinn-time";
import { hashPassword } from "@/server/auth/password";
import type { Db } from "@/server/db/client";
import { ensureStandardRoles } from "@/server/org/roles";
import { ensureStandardCatalogue, seedDemoPriceHistory } from "./catalogue";
import { seedDemoClients } from "./demo-clients";
import { seedDemoRooms } from "./demo-sessions";
import { seedDemoWorkload } from "./demo-workload";
import { ensureStandardSpecialties } from "./specialties";

export const DEMO_PASSWORD = "demo-parool-2026";

/** The demo people of the README; personal codes are valid test codes. */
export const DEMO_PEOPLE = [
  { code: "38001085718", first: "Mart", last: "Kask", role: "administrator", unit: "Tallinn", specialty: null },
  { code: "49003050224", first: "Kadri", last: "Tamm", role: "manager", unit: "Tallinn", specialty: "social_worker" },
  { code: "60001019906", first: "Liis", last: "Mets", role: "case_manager", unit: "Tallinna meeskond 1", specialty: "social_worker" },
  { code: "37605030299", first: "Jaan", last: "Saar", role: "specialist", unit: "Tallinna meeskond 1", specialty: "psychologist" },
  { code: "48706150373", first: "Maarja", last: "Lepp", role: "specialist", unit: "Tartu meeskond", specialty: "physiotherapist" },
  { code: "50102030047", first: "Karl", last: "Kuusk", role: "front_desk", unit: "Tallinn", specialty: null },
  { code: "47207150121", first: "Anne", last: "Raud", role: "accountant", unit: "Tallinn", specialty: null },
] as const;

const NOT_COUNTED = new Set<string>(["administrator", "front_desk", "accountant"]);

/** region -> unit -> teams */
/** English names of the demo units, shown in the English UI. */
const DEMO_UNITS_EN: Record<string, string> = {
  "Põhja regioon": "North region",
  "Lõuna regioon": "South region",
  "Tallinna meeskond 1": "Tallinn team 1",
  "Tallinna meeskond 2": "Tallinn team 2",
  "Tartu meeskond": "Tartu team",
};

const DEMO_TREE: Record<string, Record<string, string[]>> = {
  "Põhja regioon": { Tallinn: ["Tallinna meeskond 1", "Tallinna meeskond 2"] },
  "Lõuna regioon": { Tartu: ["Tartu meeskond"], Võru: [] },
};

/** Monday to Friday of the week of `day` and of the week after, as Tallinn dates. */
export function workingDaysAround(day: Date): string[] {
  const tallinn = new Date(`${tallinnDate(day)}T12:00:00Z`);
  const monday = new Date(tallinn.getTime() - ((tallinn.getUTCDay() + 6) % 7) * 86_400_000);
  const days: string[] = [];
  for (let i = 0; i < 12; i++) {
    const d = new Date(monday.getTime() + i * 86_400_000);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

export async function seedDemo(db: Db): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await tx
      .update(institutionSettings)
      .set({
        legalName: "Näidis Rehabilitatsioonikeskus OÜ",
        registryCode: "12345678",
        address: "Pärnu mnt 10, 10148 Tallinn",
        iban: "EE382200221020145685",
        email: "info@naidiskeskus.ee",
        phone: "+372 600 0000",
      })
      .where(eq(institutionSettings.id, 1));
    const roleIds = await ensureStandardRoles(tx);
    const specialtyIds = await ensureStandardSpecialties(tx);
    const unitIds = new Map<string, string>();
    for (const [region, children] of Object.entries(DEMO_TREE)) {
      const [r] = await tx
        .insert(units)
        .values({ name: region, nameEn: DEMO_UNITS_EN[region] ?? "" })
        .returning({ id: units.id });
      unitIds.set(region, r!.id);
      for (const [unit, teams] of Object.entries(children)) {
        const [u] = await tx
          .insert(units)
          .values({ name: unit, nameEn: DEMO_UNITS_EN[unit] ?? "", parentId: r!.id })
          .returning({ id: units.id });
        unitIds.set(unit, u!.id);
        for (const team of teams) {
          const [t] = await tx
            .insert(units)
            .values({ name: team, nameEn: DEMO_UNITS_EN[team] ?? "", parentId: u!.id })
            .returning({ id: units.id });
          unitIds.set(team, t!.id);
        }
      }
    }
    const personIds = new Map<string, string>();
    for (const p of DEMO_PEOPLE) {
      const [e] = await tx
        .insert(employees)
        .values({
          personalCode: p.code,
          firstName: p.first,
          lastName: p.last,
          email: `${p.first.toLowerCase()}.${p.last.toLowerCase()}@naidiskeskus.ee`,
          // No client work: left out of time accounting (a manager can take them back in).
          timeAccounted: !NOT_COUNTED.has(p.role),
        })
        .returning({ id: employees.id });
      personIds.set(p.code, e!.id);
      await tx.insert(employeeUnits).values({ employeeId: e!.id, unitId: unitIds.get(p.unit)! });
      await tx.insert(employeeRoles).values({ employeeId: e!.id, roleId: roleIds.get(p.role)! });
      if (p.specialty) await tx.insert(employeeSpecialties).values({ employeeId: e!.id, specialtyId: specialtyIds.get(p.specialty)! });
      await tx.insert(passwordCredentials).values({ employeeId: e!.id, passwordHash });
    }
    await tx
      .update(units)
      .set({ headEmployeeId: personIds.get("49003050224")! })
      .where(eq(units.id, unitIds.get("Tallinn")!));
    const catalogue = await ensureStandardCatalogue(tx);
    await seedDemoPriceHistory(tx);
    await seedDemoClients(tx, { people: personIds, units: unitIds, catalogue });
    await seedDemoRooms(tx, { people: personIds, units: unitIds }, workingDaysAround(new Date()));
    await seedDemoWorkload(tx, { people: personIds, units: unitIds }, tallinnDate(new Date()));
    await recordAudit(tx, { action: "installation.seed_demo", details: { people: DEMO_PEOPLE.length } });
  });
}
