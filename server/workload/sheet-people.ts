import { sql, type SQL } from "drizzle-orm";
import { employees, employeeUnits, sessions, sessionSpecialists, timeEntries } from "@/db/schema";
import type { DbOrTx } from "@/server/db/client";
import { uuidArray } from "@/server/db/sql-helpers";
import { monthRange, monthStart, nextMonthStart } from "./possible-hours";

/** Members of any unit of the subtree, as a condition on `employees`. */
export const memberOf = (unitIds: Iterable<string>): SQL =>
  sql`EXISTS (SELECT 1 FROM ${employeeUnits} WHERE ${employeeUnits.employeeId} = ${employees.id} AND ${employeeUnits.unitId} = ANY(${uuidArray(unitIds)}))`;

/**
 * Who is on a month's time sheet: the active people among `who` (a unit subtree, or whoever the
 * viewer may see) whom the manager counts, and anyone among them with hours in that month (people
 * who have left since, or are not counted but did work), so no hour drops out of the totals.
 */
export async function sheetPeople(db: DbOrTx, who: Set<string> | SQL, month: string): Promise<string[]> {
  const { from, to } = monthRange(month);
  const condition = who instanceof Set ? memberOf(who) : who;
  const rows = await db.execute<{ id: string }>(sql`
    SELECT ${employees.id} AS id FROM ${employees}
     WHERE ${condition}
       AND ((${employees.active} AND ${employees.timeAccounted})
        OR EXISTS (SELECT 1 FROM ${timeEntries} WHERE ${timeEntries.employeeId} = ${employees.id}
                      AND ${timeEntries.workDate} >= ${monthStart(month)}::date AND ${timeEntries.workDate} < ${nextMonthStart(month)}::date)
        OR EXISTS (SELECT 1 FROM ${sessionSpecialists} JOIN ${sessions} ON ${sessions.id} = ${sessionSpecialists.sessionId}
                    WHERE ${sessionSpecialists.employeeId} = ${employees.id} AND ${sessions.status} = 'done'
                      AND ${sessionSpecialists.startsAt} >= ${from.toISOString()}::timestamptz AND ${sessionSpecialists.startsAt} < ${to.toISOString()}::timestamptz))`);
  return [...rows].map((r) => r.id);
}

/** The active people among `who` whom the manager does not count and who have no hours in the month. */
export async function peopleNotCounted(db: DbOrTx, who: Set<string> | SQL, onSheet: string[]) {
  const condition = who instanceof Set ? memberOf(who) : who;
  const rows = await db.execute<{ id: string; first_name: string; last_name: string }>(sql`
    SELECT ${employees.id} AS id, ${employees.firstName} AS first_name, ${employees.lastName} AS last_name FROM ${employees}
     WHERE ${condition} AND ${employees.active} AND NOT ${employees.timeAccounted}
       AND NOT (${employees.id} = ANY(${uuidArray(onSheet)}))
     ORDER BY ${employees.lastName}, ${employees.firstName}`);
  return [...rows].map((r) => ({ employeeId: r.id, name: `${r.last_name}, ${r.first_name}` }));
}
