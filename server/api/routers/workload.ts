import { idempotent } from "@/server/idempotency/keys";
import { sheetUnits, workloadPeople } from "@/server/workload/access";
import { workloadDashboard } from "@/server/workload/dashboard";
import { exportSheet } from "@/server/workload/export";
import { approveSheet, reopenSheet } from "@/server/workload/locks";
import { getWorkloadPlan, setPossibleHours } from "@/server/workload/plan";
import {
  employeeRef,
  exportSheetInput,
  idInput,
  personMonth,
  saveWorkTypeInput,
  setPossibleHoursInput,
  sheetInput,
  timeEntryInput,
  unitMonth,
} from "@/server/workload/schemas";
import { deleteTimeEntry, listTimeEntries, saveTimeEntry } from "@/server/workload/time-entries";
import { setTimeAccounted, timeAccountedInput } from "@/server/workload/time-accounted";
import { sheetDetails, timeSheet } from "@/server/workload/time-sheet";
import { listWorkTypes, saveWorkType, typesForPerson } from "@/server/workload/work-types";
import { idempotencyKey } from "../idempotency";
import { permittedProcedure, router } from "../trpc";

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
      .input(setPossibleHoursInput)
      .mutation(({ ctx, input }) => setPossibleHours(ctx, input)),
  }),
  workTypes: router({
    list: permittedProcedure("workload", "read").query(({ ctx }) => listWorkTypes(ctx)),
    forPerson: permittedProcedure("workload", "read")
      .input(employeeRef)
      .query(({ ctx, input }) => typesForPerson(ctx, { employeeId: input.employeeId })),
    save: permittedProcedure("workload", "manage")
      .input(saveWorkTypeInput)
      .mutation(({ ctx, input: { id, ...rest } }) => saveWorkType(ctx, { ...rest, id })),
  }),
  timeEntries: router({
    list: permittedProcedure("workload", "read")
      .input(personMonth)
      .query(({ ctx, input }) => listTimeEntries(ctx, { employeeId: input.employeeId, month: input.month })),
    save: permittedProcedure("workload", "read")
      .input(timeEntryInput.extend({ idempotencyKey }))
      .mutation(({ ctx, input: { idempotencyKey: key, id, ...rest } }) =>
        idempotent(
          ctx.db,
          { key, employeeId: ctx.actor.employeeId, procedure: "workload.timeEntries.save", input: { id, ...rest } },
          (db) => saveTimeEntry({ ...ctx, db }, { ...rest, id }),
        ),
      ),
    delete: permittedProcedure("workload", "read")
      .input(idInput)
      .mutation(({ ctx, input }) => deleteTimeEntry(ctx, { id: input.id })),
  }),
  sheet: router({
    units: permittedProcedure("workload", "read").query(({ ctx }) => sheetUnits(ctx, {})),
    get: permittedProcedure("workload", "read")
      .input(sheetInput)
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
    counted: permittedProcedure("workload", "manage")
      .input(timeAccountedInput)
      .mutation(({ ctx, input }) => setTimeAccounted(ctx, input)),
    export: permittedProcedure("workload", "read")
      .input(exportSheetInput)
      .mutation(({ ctx, input }) => exportSheet(ctx, input)),
  }),
  dashboard: permittedProcedure("workload", "read").query(({ ctx }) => workloadDashboard(ctx, {})),
});
