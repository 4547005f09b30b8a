import { employees, employeeSpecialties, specialties, timeEntries, workTypes } from "@/db/schema";
import type { DbOrTx } from "@/server/db/client";
import type { Actor } from "@/server/policy/actor";
import type { PermissionSpec } from "./actors";
import { makeActor, makeClient, makeUnit } from "./factories";
import { makeRoom, makeSchedulingWorld, type SchedulingWorld } from "./scheduling-factories";
import { eq } from "drizzle-orm";

/**
 * Workload rows written straight into the tables, and a small organisation to test the workload
 * views against: a region with a unit and two teams, and another region with its own team.
 */

let counter = 0;
const next = () => ++counter;

export async function makeWorkType(db: DbOrTx, opts: { name?: string; unitId?: string | null; active?: boolean } = {}): Promise<string> {
  const [row] = await db
    .insert(workTypes)
    .values({ name: opts.name ?? `Liik ${next()}`, unitId: opts.unitId ?? null, active: opts.active ?? true })
    .returning({ id: workTypes.id });
  return row!.id;
}

export async function makeTimeEntry(
  db: DbOrTx,
  opts: { employeeId: string; workTypeId: string; workDate: string; hours: number; note?: string },
): Promise<string> {
  const [row] = await db
    .insert(timeEntries)
    .values({ ...opts, hours: opts.hours.toFixed(2), note: opts.note ?? "" })
    .returning({ id: timeEntries.id });
  return row!.id;
}

async function giveSpecialty(db: DbOrTx, employeeId: string) {
  const [row] = await db
    .insert(specialties)
    .values({ code: `spec_${next()}_${Date.now().toString(36)}`, nameEt: "Psühholoog", nameEn: "Psychologist" })
    .returning({ id: specialties.id });
  await db.insert(employeeSpecialties).values({ employeeId, specialtyId: row!.id });
}

export const SPECIALIST: PermissionSpec = { "workload:read": "own", "sessions:read": "own", "sessions:book": "own", "clients:read": "own" };
export const MANAGER: PermissionSpec = {
  "workload:read": "unit",
  "workload:manage": "unit",
  "sessions:read": "unit",
  "sessions:book": "unit",
  "clients:read": "unit",
  "employees:read": "unit",
};

export type WorkloadWorld = {
  scheduling: SchedulingWorld;
  units: { north: string; tallinn: string; team1: string; team2: string; south: string; tartu: string };
  /** Head of Tallinn (and so of both teams). */
  manager: Actor;
  /** In team 1, on the team of `client`. */
  jaan: Actor;
  /** In team 2. */
  liis: Actor;
  /** In Tartu: out of the manager's reach. */
  maarja: Actor;
  client: string;
  /** A client of Tartu whom nobody in Tallinn may see. */
  hiddenClient: string;
  room: string;
  tartuRoom: string;
};

export async function makeWorkloadWorld(db: DbOrTx): Promise<WorkloadWorld> {
  const north = await makeUnit(db, { name: `Põhja ${next()}` });
  const tallinn = await makeUnit(db, { name: `Tallinn ${next()}`, parentId: north });
  const team1 = await makeUnit(db, { name: "Meeskond 1", parentId: tallinn });
  const team2 = await makeUnit(db, { name: "Meeskond 2", parentId: tallinn });
  const south = await makeUnit(db, { name: `Lõuna ${next()}` });
  const tartu = await makeUnit(db, { name: `Tartu ${next()}`, parentId: south });
  const manager = await makeActor(db, { permissions: MANAGER, unitIds: [tallinn], headOf: [tallinn], firstName: "Kadri" });
  const jaan = await makeActor(db, { permissions: SPECIALIST, unitIds: [team1], firstName: "Jaan" });
  const liis = await makeActor(db, { permissions: SPECIALIST, unitIds: [team2], firstName: "Liis" });
  const maarja = await makeActor(db, { permissions: SPECIALIST, unitIds: [tartu], firstName: "Maarja" });
  for (const a of [jaan, liis, maarja]) await giveSpecialty(db, a.employeeId);
  const client = await makeClient(db, { name: "Toomingas", unitIds: [team1], teamIds: [jaan.employeeId] });
  const hiddenClient = await makeClient(db, { name: "Varjatud", unitIds: [tartu], teamIds: [maarja.employeeId] });
  const scheduling = await makeSchedulingWorld(db);
  const room = await makeRoom(db, { unitId: tallinn, name: `Tallinn ${next()}`, capacity: 8 });
  const tartuRoom = await makeRoom(db, { unitId: tartu, name: `Tartu ${next()}`, capacity: 2 });
  return {
    scheduling,
    units: { north, tallinn, team1, team2, south, tartu },
    manager,
    jaan,
    liis,
    maarja,
    client,
    hiddenClient,
    room,
    tartuRoom,
  };
}

export async function setWeeklyHours(db: DbOrTx, employeeId: string, weeklyHours: number) {
  await db
    .update(employees)
    .set({ weeklyHours: weeklyHours.toFixed(1) })
    .where(eq(employees.id, employeeId));
}
