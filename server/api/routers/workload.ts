import { z } from "zod";
import { isoDate, isoMonth, multiLine, singleLine } from "@/lib/schemas";
import { idempotent } from "@/server/idempotency/keys";
import { sheetUnits, workloadPeople } from "@/server/workload/access";
import { workloadDashboard } from "@/server/workload/dashboard";
import { exportSheet } from "@/server/workload/export";
import { approveSheet, reopenSheet } from "@/server/workload/locks";
import { getWorkloadPlan, setPossibleHours } from "@/server/workload/plan";
import { deleteTimeEntry, listTimeEntries, saveTimeEntry } from "@/server/workload/time-entries";
import { sheetDetails, timeSheet } from "@/server/workload/time-sheet";
import { listWorkTypes, saveWorkType, typesForPerson } from "@/server/workload/work-types";
import { idempotencyKey } from "../idempotency";
import { permittedProcedure, router } from "../trpc";

const month = isoMonth;
const personMonth = z.object({ employeeId: z.uuid(), month });
const unitMonth = z.object({ unitId: z.uuid(), month });
// Hours arrive as numbers; the domain words the refusals (negative, over 24…) per field.
const hours = z.number();

/**
 * Workload plans, general work, time accounting and the dashboard. workload:read lets a person in;
 * the domain narrows it to whom their scope reaches (own: themself) and logs general work only
 * for oneself unless workload:manage reaches the other person.
 */
export const workloadRouter = router({
  people: permittedProcedure("workload", "read").query(({ ctx }) => workloadPeople(ctx)),
  plan: router({
    get: permittedProcedure("workload", "read")
      .input(personMonth)
      .query(({ ctx, input }) => getWorkloadPlan(ctx, { employeeId: input.employeeId, month: input.month })),
    setPossibleHours: permittedProcedure("workload", "manage")
      .input(personMonth.extend({ hours: hours.nullable(), note: multiLine(500) }))
      .mutation(({ ctx, input }) => setPossibleHours(ctx, input)),
  }),
  workTypes: router({
    list: permittedProcedure("workload", "read").query(({ ctx }) => listWorkTypes(ctx)),
    forPerson: permittedProcedure("workload", "read")
      .input(z.object({ employeeId: z.uuid() }))
      .query(({ ctx, input }) => typesForPerson(ctx, { employeeId: input.employeeId })),
    save: permittedProcedure("workload", "manage")
      .input(
        z.object({
          id: z.uuid().nullable(),
          name: singleLine(200),
          nameEn: singleLine(200).optional(),
          unitId: z.uuid().nullable(),
          active: z.boolean(),
        }),
      )
      .mutation(({ ctx, input: { id, ...rest } }) => saveWorkType(ctx, { ...rest, id })),
  }),
  timeEntries: router({
    list: permittedProcedure("workload", "read")
      .input(personMonth)
      .query(({ ctx, input }) => listTimeEntries(ctx, { employeeId: input.employeeId, month: input.month })),
    save: permittedProcedure("workload", "read")
      .input(
        z.object({
          id: z.uuid().nullable(),
          employeeId: z.uuid(),
          workTypeId: z.uuid(),
          workDate: isoDate,
          hours,
          note: multiLine(5000),
          idempotencyKey,
        }),
      )
      .mutation(({ ctx, input: { idempotencyKey: key, id, ...rest } }) =>
        idempotent(
          ctx.db,
          { key, employeeId: ctx.actor.employeeId, procedure: "workload.timeEntries.save", input: { id, ...rest } },
          (db) => saveTimeEntry({ ...ctx, db }, { ...rest, id }),
        ),
      ),
    delete: permittedProcedure("workload", "read")
      .input(z.object({ id: z.uuid() }))
      .mutation(({ ctx, input }) => deleteTimeEntry(ctx, { id: input.id })),
  }),
  sheet: router({
    units: permittedProcedure("workload", "read").query(({ ctx }) => sheetUnits(ctx, {})),
    get: permittedProcedure("workload", "read")
      .input(z.object({ unitId: z.uuid().nullable(), month }))
      .query(({ ctx, input }) => timeSheet(ctx, input)),
    details: permittedProcedure("workload", "read")
      .input(personMonth)
      .query(({ ctx, input }) => sheetDetails(ctx, input)),
    approve: permittedProcedure("workload", "manage")
      .input(unitMonth)
      .mutation(({ ctx, input }) => approveSheet(ctx, input)),
    reopen: permittedProcedure("workload", "manage")
      .input(unitMonth)
      .mutation(({ ctx, input }) => reopenSheet(ctx, input)),
    export: permittedProcedure("workload", "read")
      .input(z.object({ unitId: z.uuid().nullable(), month, format: z.enum(["xlsx", "csv"]), locale: z.enum(["et", "en"]) }))
      .mutation(({ ctx, input }) => exportSheet(ctx, input)),
  }),
  dashboard: permittedProcedure("workload", "read").query(({ ctx }) => workloadDashboard(ctx, {})),
});
