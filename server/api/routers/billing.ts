import { getConnection, saveConnection } from "@/server/billing/connection";
import { confirmInvoice, getInvoice, listInvoices } from "@/server/billing/invoices";
import { billingFilterOptions } from "@/server/billing/list-filters";
import { confirmReport, listMonth, previewReport, reopenReport } from "@/server/billing/reports";
import {
  connectionInput,
  invoiceKey,
  invoiceListInput,
  monthInput,
  monthListInput,
  reopenReportInput,
  reportKey,
} from "@/server/billing/schemas";
import { sendAllConfirmed, sendInvoice } from "@/server/billing/sending";
import { idempotencyKey } from "../idempotency";
import { permittedProcedure, router } from "../trpc";

export const billingRouter = router({
  months: router({
    list: permittedProcedure("billing", "read")
      .input(monthListInput)
      .query(({ ctx, input }) => listMonth(ctx, input)),
    filterOptions: permittedProcedure("billing", "read").query(({ ctx }) => billingFilterOptions(ctx)),
  }),
  reports: router({
    preview: permittedProcedure("billing", "read")
      .input(reportKey)
      .query(({ ctx, input }) => previewReport(ctx, input)),
    confirm: permittedProcedure("billing", "confirm")
      .input(reportKey)
      .mutation(({ ctx, input }) => confirmReport(ctx, input)),
    reopen: permittedProcedure("billing", "reopen")
      .input(reopenReportInput)
      .mutation(({ ctx, input }) => reopenReport(ctx, input)),
  }),
  invoices: router({
    list: permittedProcedure("billing", "read")
      .input(invoiceListInput)
      .query(({ ctx, input }) => listInvoices(ctx, input)),
    get: permittedProcedure("billing", "read")
      .input(invoiceKey)
      .query(({ ctx, input }) => getInvoice(ctx, input)),
    confirm: permittedProcedure("billing", "confirm")
      .input(invoiceKey)
      .mutation(({ ctx, input }) => confirmInvoice(ctx, input)),
    // The idempotency key belongs to the HTTP layer, so the router adds it to the shared shape.
    send: permittedProcedure("billing", "send")
      .input(invoiceKey.extend({ idempotencyKey }))
      .mutation(({ ctx, input }) => sendInvoice(ctx, input)),
    sendAll: permittedProcedure("billing", "send")
      .input(monthInput.extend({ idempotencyKey }))
      .mutation(({ ctx, input }) => sendAllConfirmed(ctx, input)),
  }),
  connection: router({
    get: permittedProcedure("settings", "read").query(({ ctx }) => getConnection(ctx.db)),
    save: permittedProcedure("settings", "manage")
      .input(connectionInput)
      .mutation(({ ctx, input }) => saveConnection(ctx, input)),
  }),
});
