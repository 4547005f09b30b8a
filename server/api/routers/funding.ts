import { z } from "zod";
import { isoDate, isoMonth, multiLine } from "@/lib/schemas";
import { idempotent } from "@/server/idempotency/keys";
import { casePlanInput, getCasePlan, saveCasePlan } from "@/server/funding/case-plans";
import {
  clientRef,
  createDecision,
  createDecisionInput,
  decisionRef,
  deleteDecision,
  listDecisions,
  updateDecision,
  updateDecisionInput,
} from "@/server/funding/decisions";
import { createEntry, deleteEntry, listEntries } from "@/server/funding/entries";
import { idempotencyKey } from "../idempotency";
import { permittedProcedure, router } from "../trpc";

const date = isoDate;

export const fundingRouter = router({
  decisions: router({
    list: permittedProcedure("clients", "read_clinical")
      .input(clientRef)
      .query(({ ctx, input }) => listDecisions(ctx, input)),
    create: permittedProcedure("clients", "update")
      .input(createDecisionInput)
      .mutation(({ ctx, input }) => createDecision(ctx, input)),
    update: permittedProcedure("clients", "update")
      .input(updateDecisionInput)
      .mutation(({ ctx, input }) => updateDecision(ctx, input)),
    delete: permittedProcedure("clients", "update")
      .input(decisionRef)
      .mutation(({ ctx, input }) => deleteDecision(ctx, input)),
  }),
  casePlan: router({
    get: permittedProcedure("clients", "read_clinical")
      .input(decisionRef)
      .query(({ ctx, input }) => getCasePlan(ctx, input)),
    save: permittedProcedure("clients", "update")
      .input(casePlanInput)
      .mutation(({ ctx, input }) => saveCasePlan(ctx, input)),
  }),
  entries: router({
    list: permittedProcedure("clients", "read_clinical")
      .input(z.object({ clientId: z.uuid(), decisionId: z.uuid().optional(), month: isoMonth.optional() }))
      .query(({ ctx, input: { clientId, ...filter } }) => listEntries(ctx, { ...filter, clientId })),
    create: permittedProcedure("clients", "read")
      .input(
        z.object({
          clientId: z.uuid(),
          decisionId: z.uuid(),
          serviceId: z.uuid(),
          serviceDate: date,
          units: z.number().positive().max(999),
          specialistId: z.uuid(),
          description: multiLine(5000),
          idempotencyKey,
        }),
      )
      .mutation(({ ctx, input: { idempotencyKey: key, ...entry } }) =>
        idempotent(ctx.db, { key, employeeId: ctx.actor.employeeId, procedure: "funding.entries.create", input: entry }, (db) =>
          createEntry({ ...ctx, db }, entry),
        ),
      ),
    delete: permittedProcedure("clients", "read")
      .input(z.object({ entryId: z.uuid() }))
      .mutation(({ ctx, input }) => deleteEntry(ctx, { entryId: input.entryId })),
  }),
});
