import { decisionsInput, decisionsReport } from "@/server/reports/decisions";
import { entryRows, entryRowsInput } from "@/server/reports/drill";
import { clientRows, clientRowsInput } from "@/server/reports/drill-clients";
import { sessionRows, sessionRowsInput } from "@/server/reports/drill-sessions";
import { exportInput, exportReport } from "@/server/reports/export-report";
import { clientsInput, clientsReport } from "@/server/reports/clients";
import { earningsInput, earningsReport } from "@/server/reports/earnings";
import { filterOptions } from "@/server/reports/filters";
import { incomeInput, incomeReport, incomeRows, incomeRowsInput } from "@/server/reports/income";
import { receivableRows, receivableRowsInput, receivablesInput, receivablesReport } from "@/server/reports/receivables";
import { serviceStructure, serviceStructureInput } from "@/server/reports/service-structure";
import { workPerEmployee, workPerEmployeeInput } from "@/server/reports/work-per-employee";
import { reportAnswer } from "@/server/reports/table";
import { permittedProcedure, router } from "../trpc";

/** Organisation reports: the permission is the gate; the domain narrows every figure to the scope. */
export const reportsRouter = router({
  options: permittedProcedure("reports", "read").query(({ ctx }) => filterOptions(ctx)),
  serviceStructure: router({
    get: permittedProcedure("reports", "read")
      .input(serviceStructureInput)
      .query(({ ctx, input }) => serviceStructure(ctx, input).then(reportAnswer)),
    rows: permittedProcedure("reports", "read")
      .input(entryRowsInput)
      .query(({ ctx, input }) => entryRows(ctx, input)),
  }),
  workPerEmployee: router({
    get: permittedProcedure("reports", "read")
      .input(workPerEmployeeInput)
      .query(({ ctx, input }) => workPerEmployee(ctx, input).then(reportAnswer)),
  }),
  decisions: router({
    get: permittedProcedure("reports", "read")
      .input(decisionsInput)
      .query(({ ctx, input }) => decisionsReport(ctx, input).then(reportAnswer)),
  }),
  receivables: router({
    get: permittedProcedure("reports", "read")
      .input(receivablesInput)
      .query(({ ctx, input }) => receivablesReport(ctx, input).then(reportAnswer)),
    rows: permittedProcedure("reports", "read")
      .input(receivableRowsInput)
      .query(({ ctx, input }) => receivableRows(ctx, input)),
  }),
  income: router({
    get: permittedProcedure("reports", "read")
      .input(incomeInput)
      .query(({ ctx, input }) => incomeReport(ctx, input).then(reportAnswer)),
    rows: permittedProcedure("reports", "read")
      .input(incomeRowsInput)
      .query(({ ctx, input }) => incomeRows(ctx, input)),
  }),
  earnings: router({
    get: permittedProcedure("reports", "read")
      .input(earningsInput)
      .query(({ ctx, input }) => earningsReport(ctx, input).then(reportAnswer)),
  }),
  clients: router({
    get: permittedProcedure("reports", "read")
      .input(clientsInput)
      .query(({ ctx, input }) => clientsReport(ctx, input).then(reportAnswer)),
    rows: permittedProcedure("reports", "read")
      .input(clientRowsInput)
      .query(({ ctx, input }) => clientRows(ctx, input)),
  }),
  // The sessions behind work per employee's session figures and a decision limit's planned units
  // (a limit's used figure drills to serviceStructure.rows with report "decisionLimit").
  sessions: permittedProcedure("reports", "read")
    .input(sessionRowsInput)
    .query(({ ctx, input }) => sessionRows(ctx, input)),
  export: permittedProcedure("reports", "read")
    .input(exportInput)
    .mutation(({ ctx, input }) => exportReport(ctx, input)),
});
