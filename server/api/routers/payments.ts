import { assignPayment, ignorePayment, recordManualPayment, removeAllocation } from "@/server/billing/payments/allocate";
import { importStatement } from "@/server/billing/payments/import";
import {
  assignPaymentInput,
  ignorePaymentInput,
  importStatementInput,
  recordManualPaymentInput,
  removeAllocationInput,
} from "@/server/billing/payments/schemas";
import {
  invoiceIdInput,
  invoicePayments,
  listOpenInvoices,
  listOverdue,
  listStatements,
  listWaitingPayments,
} from "@/server/billing/payments/receivables";
import { permittedProcedure, router } from "../trpc";

/** Bank statements, payments and receivables. The domain asks for the billing scope over everything where a list spans all invoices. */
export const paymentsRouter = router({
  statements: router({
    import: permittedProcedure("billing", "confirm")
      .input(importStatementInput)
      .mutation(({ ctx, input }) => importStatement(ctx, input)),
    list: permittedProcedure("billing", "read").query(({ ctx }) => listStatements(ctx)),
  }),
  waiting: permittedProcedure("billing", "read").query(({ ctx }) => listWaitingPayments(ctx)),
  openInvoices: permittedProcedure("billing", "read").query(({ ctx }) => listOpenInvoices(ctx)),
  assign: permittedProcedure("billing", "confirm")
    .input(assignPaymentInput)
    .mutation(({ ctx, input }) => assignPayment(ctx, input)),
  ignore: permittedProcedure("billing", "confirm")
    .input(ignorePaymentInput)
    .mutation(({ ctx, input }) => ignorePayment(ctx, input)),
  unassign: permittedProcedure("billing", "confirm")
    .input(removeAllocationInput)
    .mutation(({ ctx, input }) => removeAllocation(ctx, input)),
  recordManual: permittedProcedure("billing", "confirm")
    .input(recordManualPaymentInput)
    .mutation(({ ctx, input }) => recordManualPayment(ctx, input)),
  forInvoice: permittedProcedure("billing", "read")
    .input(invoiceIdInput)
    .query(({ ctx, input }) => invoicePayments(ctx, input)),
  overdue: permittedProcedure("billing", "read").query(({ ctx }) => listOverdue(ctx)),
});
