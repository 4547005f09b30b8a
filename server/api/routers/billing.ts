import { z } from "zod";
import { isoMonth, multiLine, singleLine } from "@/lib/schemas";
import { getConnection, saveConnection } from "@/server/billing/connection";
import { confirmInvoice, getInvoice, listInvoices } from "@/server/billing/invoices";
import { billingFilterOptions, invoiceListInput, monthListInput } from "@/server/billing/list-filters";
import { confirmReport, listMonth, previewReport, reopenReport } from "@/server/billing/reports";
import { sendAllConfirmed, sendInvoice } from "@/server/billing/sending";
import { idempotencyKey } from "../idempotency";
import { permittedProcedure, router } from "../trpc";

const month = isoMonth;
const report = z.object({ decisionId: z.uuid(), month });
const invoice = z.object({ id: z.uuid() });

export const billingRouter = router({
  months: router({
    list: permittedProcedure("billing", "read")
      .input(monthListInput)
      .query(({ ctx, input }) => listMonth(ctx, input)),
    filterOptions: permittedProcedure("billing", "read").query(({ ctx }) => billingFilterOptions(ctx)),
  }),
  reports: router({
    preview: permittedProcedure("billing", "read")
      .input(report)
      .query(({ ctx, input }) => previewReport(ctx, input)),
    confirm: permittedProcedure("billing", "confirm")
      .input(report)
      .mutation(({ ctx, input }) => confirmReport(ctx, input)),
    reopen: permittedProcedure("billing", "reopen")
      .input(report.extend({ reason: multiLine(1000) }))
      .mutation(({ ctx, input }) => reopenReport(ctx, input)),
  }),
  invoices: router({
    list: permittedProcedure("billing", "read")
      .input(invoiceListInput)
      .query(({ ctx, input }) => listInvoices(ctx, input)),
    get: permittedProcedure("billing", "read")
      .input(invoice)
      .query(({ ctx, input }) => getInvoice(ctx, input)),
    confirm: permittedProcedure("billing", "confirm")
      .input(invoice)
      .mutation(({ ctx, input }) => confirmInvoice(ctx, input)),
    send: permittedProcedure("billing", "send")
      .input(invoice.extend({ idempotencyKey }))
      .mutation(({ ctx, input }) => sendInvoice(ctx, input)),
    sendAll: permittedProcedure("billing", "send")
      .input(z.object({ month, idempotencyKey }))
      .mutation(({ ctx, input }) => sendAllConfirmed(ctx, input)),
  }),
  connection: router({
    get: permittedProcedure("settings", "read").query(({ ctx }) => getConnection(ctx.db)),
    save: permittedProcedure("settings", "manage")
      .input(
        z.object({
          mode: z.enum(["demo", "live"]),
          baseUrl: singleLine(300).min(1),
          apiKeyId: singleLine(200),
          apiPublicValue: singleLine(200),
          apiPassword: singleLine(500, { trim: false }).nullable(),
        }),
      )
      .mutation(({ ctx, input }) => saveConnection(ctx, input)),
  }),
});
