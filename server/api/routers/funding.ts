import { idempotent } from "@/server/idempotency/keys";
import { getCasePlan, saveCasePlan } from "@/server/funding/case-plans";
import { createDecision, deleteDecision, listDecisions, updateDecision } from "@/server/funding/decisions";
import { createEntry, deleteEntry, listEntries } from "@/server/funding/entries";
import {
  casePlanInput,
  clientRef,
  createDecisionInput,
  decisionRef,
  entryInput,
  entryRef,
  listEntriesInput,
  updateDecisionInput,
} from "@/server/funding/schemas";
import { idempotencyKey } from "../idempotency";
import { permittedProcedure, router } from "../trpc";

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
      .input(listEntriesInput)
      .query(({ ctx, input: { clientId, cursor, limit, ...filter } }) =>
        listEntries(ctx, { ...filter, clientId, ...(limit ? { page: { after: cursor ?? undefined, limit } } : {}) }),
      ),
    create: permittedProcedure("clients", "read")
      .input(entryInput.extend({ idempotencyKey }))
      .mutation(({ ctx, input: { idempotencyKey: key, ...entry } }) =>
        idempotent(ctx.db, { key, employeeId: ctx.actor.employeeId, procedure: "funding.entries.create", input: entry }, (db) =>
          createEntry({ ...ctx, db }, entry),
        ),
      ),
    delete: permittedProcedure("clients", "read")
      .input(entryRef)
      .mutation(({ ctx, input }) => deleteEntry(ctx, { entryId: input.entryId })),
  }),
});
