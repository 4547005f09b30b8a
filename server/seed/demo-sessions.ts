import { eq, inArray } from "drizzle-orm";
import { clients, fundingDecisions, rooms, services, sessionParticipants, sessions, sessionSpecialists } from "@/db/schema";
import { tallinnTime } from "@/lib/tallinn-time";
import type { DbOrTx } from "@/server/db/client";

/** Rooms for the demo units and a week of planned sessions around the demo's "today". */
export async function seedDemoRooms(
  db: DbOrTx,
  ctx: { people: Map<string, string>; units: Map<string, string> },
  week: string[],
): Promise<void> {
  const roomRows = await db
    .insert(rooms)
    .values([
      { name: "Tallinn 101", unitId: ctx.units.get("Tallinn")!, capacity: 2, equipment: "Laud, kaks tooli, valgusteraapia lamp" },
      { name: "Tallinn 102", unitId: ctx.units.get("Tallinn")!, capacity: 3, equipment: "Diivan, mängunurk" },
      { name: "Tallinna grupiruum", unitId: ctx.units.get("Tallinn")!, capacity: 10, equipment: "Ekraan, 12 tooli" },
      { name: "Tartu 1", unitId: ctx.units.get("Tartu")!, capacity: 2, equipment: "Massaažilaud, treeningvahendid" },
    ])
    .returning({ id: rooms.id, name: rooms.name });
  const room = (name: string) => roomRows.find((r) => r.name === name)!.id;
  const [service] = await db.select({ id: services.id }).from(services).where(eq(services.code, "2010"));
  const named = await db
    .select({ id: clients.id, lastName: clients.lastName })
    .from(clients)
    .where(inArray(clients.lastName, ["Toomingas"]));
  const tiit = named.find((c) => c.lastName === "Toomingas");
  if (!service || !tiit) return;
  const jaan = ctx.people.get("37605030299")!;
  const [decision] = await db.select({ id: fundingDecisions.id }).from(fundingDecisions).where(eq(fundingDecisions.clientId, tiit.id));
  for (const [i, day] of week.entries()) {
    if (i % 2 === 1) continue;
    const [s] = await db
      .insert(sessions)
      .values({
        serviceId: service.id,
        roomId: room("Tallinn 101"),
        startsAt: tallinnTime(day, "10:00"),
        endsAt: tallinnTime(day, "11:00"),
        status: "planned",
        notes: "Individuaalne nõustamine",
        createdBy: jaan,
      })
      .returning({ id: sessions.id, startsAt: sessions.startsAt, endsAt: sessions.endsAt });
    await db.insert(sessionSpecialists).values({ sessionId: s!.id, employeeId: jaan, startsAt: s!.startsAt, endsAt: s!.endsAt });
    await db
      .insert(sessionParticipants)
      .values({ sessionId: s!.id, clientId: tiit.id, decisionId: decision?.id ?? null, startsAt: s!.startsAt, endsAt: s!.endsAt });
  }
}
