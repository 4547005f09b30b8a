import { z } from "zod";
import { cents as money, isoDate, isoMonth, multiLine, singleLine } from "@/lib/schemas";
import { idempotent } from "@/server/idempotency/keys";
import { getCasePlan, saveCasePlan } from "@/server/funding/case-plans";
import { createDecision, deleteDecision, listDecisions, updateDecision } from "@/server/funding/decisions";
import { createEntry, deleteEntry, listEntries } from "@/server/funding/entries";
import { idempotencyKey } from "../idempotency";
import { permittedProcedure, router } from "../trpc";

const date = isoDate;
// The shared money schema (the decision form parses its euro fields with euroAmount, the same rule).
const cents = money.max(100_000_000).nullable();

const decisionInput = z.object({
  fundingSourceId: z.uuid(),
  decisionNumber: singleLine(60).min(1),
  decisionDate: date,
  startDate: date,
  endDate: date,
  targetGroup: singleLine(100),
  periodCapCents: cents,
  yearlyCapCents: cents,
  monthlyCapCents: cents,
  serviceLimits: z.array(z.object({ serviceId: z.uuid(), maxUnits: z.number().positive().max(100_000) })).max(100),
});

export const fundingRouter = router({
  decisions: router({
    list: permittedProcedure("clients", "read_clinical").input(z.object({ clientId: z.uuid() })).query(({ ctx, input }) => listDecisions(ctx, { clientId: input.clientId })),
    create: permittedProcedure("clients", "update")
      .input(decisionInput.extend({ clientId: z.uuid() }))
      .mutation(({ ctx, input: { clientId, ...rest } }) => createDecision(ctx, { ...rest, clientId })),
    update: permittedProcedure("clients", "update")
      .input(decisionInput.extend({ decisionId: z.uuid() }))
      .mutation(({ ctx, input: { decisionId, ...rest } }) => updateDecision(ctx, { ...rest, decisionId })),
    delete: permittedProcedure("clients", "update").input(z.object({ decisionId: z.uuid() })).mutation(({ ctx, input }) => deleteDecision(ctx, { decisionId: input.decisionId })),
  }),
  casePlan: router({
    get: permittedProcedure("clients", "read_clinical").input(z.object({ decisionId: z.uuid() })).query(({ ctx, input }) => getCasePlan(ctx, { decisionId: input.decisionId })),
    save: permittedProcedure("clients", "update")
      .input(z.object({ decisionId: z.uuid(), goals: multiLine(10_000), items: z.array(z.object({ serviceId: z.uuid(), plannedUnits: z.number().positive().max(100_000) })).max(100) }))
      .mutation(({ ctx, input: { decisionId, ...rest } }) => saveCasePlan(ctx, { ...rest, decisionId })),
  }),
  entries: router({
    list: permittedProcedure("clients", "read_clinical")
      .input(z.object({ clientId: z.uuid(), decisionId: z.uuid().optional(), month: isoMonth.optional() }))
      .query(({ ctx, input: { clientId, ...filter } }) => listEntries(ctx, { ...filter, clientId })),
    create: permittedProcedure("clients", "read")
      .input(z.object({ clientId: z.uuid(), decisionId: z.uuid(), serviceId: z.uuid(), serviceDate: date, units: z.number().positive().max(999), specialistId: z.uuid(), description: multiLine(5000), idempotencyKey }))
      .mutation(({ ctx, input: { idempotencyKey: key, ...entry } }) =>
        idempotent(ctx.db, { key, employeeId: ctx.actor.employeeId, procedure: "funding.entries.create", input: entry }, (db) => createEntry({ ...ctx, db }, entry))),
    delete: permittedProcedure("clients", "read").input(z.object({ entryId: z.uuid() })).mutation(({ ctx, input }) => deleteEntry(ctx, { entryId: input.entryId })),
  }),
});
