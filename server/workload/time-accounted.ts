import { eq } from "drizzle-orm";
import { z } from "zod";
import { employees } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import type { Db } from "@/server/db/client";
import type { DomainContext } from "@/server/domain-context";
import { publishWorkChange } from "@/server/realtime/publish";
import { requirePerson } from "./access";

export const timeAccountedInput = z.object({ employeeId: z.uuid(), counted: z.boolean() });

/**
 * Whether a person is counted in time accounting. People without client work (an administrator,
 * the front desk, an accountant) would otherwise show their whole possible hours as a shortfall;
 * the manager of their workload leaves them out, or takes them back. Hours they do log still show.
 */
export async function setTimeAccounted({ db, actor, ip }: DomainContext<Db>, input: z.infer<typeof timeAccountedInput>) {
  const person = await requirePerson({ db, actor, ip }, { employeeId: input.employeeId, action: "manage" });
  await db.transaction(async (tx) => {
    await tx.update(employees).set({ timeAccounted: input.counted }).where(eq(employees.id, person.id));
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: input.counted ? "timesheet.count_person" : "timesheet.leave_out_person",
      targetType: "employee",
      targetId: person.id,
      ip,
    });
  });
  publishWorkChange("timesheet.counted", [person.id]);
  return { employeeId: person.id, counted: input.counted };
}
