import { dueInput, listDue } from "@/server/documents/due";
import { changePlanStatus, changeStatusInput } from "@/server/documents/plan-status";
import {
  clientPlansInput,
  createPlan,
  createPlanInput,
  getPlan,
  listPlans,
  planRef,
  updatePlan,
  updatePlanInput,
} from "@/server/documents/plans";
import { getSummary, invoiceRef, saveSummary, saveSummaryInput, summariesOfInvoice, summaryKey } from "@/server/documents/summary";
import { permittedProcedure, router } from "../trpc";

/**
 * Rehabilitation / action plans and EHT summary assessments (#13 items 3 and 4). They are the
 * clinical record: every procedure needs clients:read_clinical, narrowed in the domain to the
 * clients the person reaches; writing and moving a plan to the client's case manager or
 * clients:update reaching the client.
 */
export const plansRouter = router({
  list: permittedProcedure("clients", "read_clinical")
    .input(clientPlansInput)
    .query(({ ctx, input }) => listPlans(ctx, input)),
  get: permittedProcedure("clients", "read_clinical")
    .input(planRef)
    .query(({ ctx, input }) => getPlan(ctx, input)),
  create: permittedProcedure("clients", "read_clinical")
    .input(createPlanInput)
    .mutation(({ ctx, input }) => createPlan(ctx, input)),
  update: permittedProcedure("clients", "read_clinical")
    .input(updatePlanInput)
    .mutation(({ ctx, input }) => updatePlan(ctx, input)),
  changeStatus: permittedProcedure("clients", "read_clinical")
    .input(changeStatusInput)
    .mutation(({ ctx, input }) => changePlanStatus(ctx, input)),
  due: permittedProcedure("clients", "read_clinical")
    .input(dueInput)
    .query(({ ctx, input }) => listDue(ctx, input)),
  summary: router({
    get: permittedProcedure("clients", "read_clinical")
      .input(summaryKey)
      .query(({ ctx, input }) => getSummary(ctx, input)),
    save: permittedProcedure("clients", "read_clinical")
      .input(saveSummaryInput)
      .mutation(({ ctx, input }) => saveSummary(ctx, input)),
    // Beside an invoice's lines: names only what those lines already show the invoice's readers.
    forInvoice: permittedProcedure("billing", "read")
      .input(invoiceRef)
      .query(({ ctx, input }) => summariesOfInvoice(ctx, input)),
  }),
});
