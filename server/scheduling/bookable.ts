import { and, eq, inArray } from "drizzle-orm";
import { employees, employeeUnits } from "@/db/schema";
import type { DomainContext } from "@/server/domain-context";
import type { Scope } from "@/server/policy/permissions";
import { bookerArgs, sorted } from "./guards";

/**
 * Whom the booking dialog offers as specialists: the booker's booking scope, who they are, and
 * the active employees they may book. `null`: everyone (scope all). Scope own: oneself only, a
 * colleague only alongside oneself. Scope unit: the people of the unit subtree and oneself.
 * The same rule as covers_specialists (via booking_access_refusal, which also wants them active);
 * bookable.test.ts checks every employee against it. The booking itself is still decided there.
 */
export type BookableSpecialists = { scope: Scope | null; selfId: string; specialistIds: string[] | null };

export async function bookableSpecialists({ db, actor }: DomainContext): Promise<BookableSpecialists> {
  const { bookScope: scope, unitSubtree, actor: selfId } = bookerArgs(actor);
  if (scope === "all") return { scope, selfId, specialistIds: null };
  if (scope === "own") return { scope, selfId, specialistIds: [selfId] };
  if (scope !== "unit") return { scope: null, selfId, specialistIds: [] };
  const people = unitSubtree.length
    ? await db
        .selectDistinct({ id: employees.id })
        .from(employees)
        .innerJoin(employeeUnits, eq(employeeUnits.employeeId, employees.id))
        .where(and(eq(employees.active, true), inArray(employeeUnits.unitId, unitSubtree)))
    : [];
  return { scope, selfId, specialistIds: sorted([selfId, ...people.map((p) => p.id)]) };
}
