import { asc, eq } from "drizzle-orm";
import { rooms, units } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import type { Db, DbOrTx } from "@/server/db/client";
import { forbidden, invalid, notFound } from "@/server/errors";
import { canOnUnit } from "@/server/policy/policy";
import type { DomainContext } from "@/server/domain-context";

export type RoomInput = { name: string; unitId: string; capacity: number; equipment: string; active: boolean };

/** Rooms are visible to everyone signed in: booking needs them, and they hold no personal data. */
export async function listRooms(db: DbOrTx, opts: { activeOnly?: boolean } = {}) {
  const rows = await db
    .select({ room: rooms, unitName: units.name })
    .from(rooms)
    .innerJoin(units, eq(units.id, rooms.unitId))
    .orderBy(asc(rooms.name));
  return rows.filter((r) => !opts.activeOnly || r.room.active).map((r) => ({ ...r.room, unitName: r.unitName }));
}

function validate(input: RoomInput) {
  if (!input.name.trim()) throw invalid("name", "errors.required", "The room needs a name");
  if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 500) {
    throw invalid("capacity", "errors.capacityRange", "Capacity is a whole number from 1 to 500");
  }
}

/** Rooms belong to a unit; whoever manages that unit manages its rooms. */
export async function saveRoom({ db, actor, ip }: DomainContext<Db>, { id, ...input }: { id: string | null } & RoomInput) {
  validate(input);
  if (!canOnUnit(actor, "manage", input.unitId)) throw forbidden();
  return db.transaction(async (tx) => {
    const values = { ...input, name: input.name.trim(), equipment: input.equipment.trim() };
    let roomId = id;
    if (id) {
      const [current] = await tx.select().from(rooms).where(eq(rooms.id, id));
      if (!current) throw notFound("room");
      if (!canOnUnit(actor, "manage", current.unitId)) throw forbidden();
      await tx.update(rooms).set(values).where(eq(rooms.id, id));
    } else {
      const [row] = await tx.insert(rooms).values(values).returning({ id: rooms.id });
      roomId = row!.id;
    }
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: id ? "room.update" : "room.create",
      targetType: "room",
      targetId: roomId,
      ip,
      details: values,
    });
    return { id: roomId! };
  });
}
