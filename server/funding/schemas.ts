import { z } from "@/lib/zod";
import { fromForm, typedNumber } from "@/lib/form-schema";
import { cents, isoDate, isoMonth, multiLine, singleLine } from "@/lib/schemas";

/**
 * Inputs of the funding procedures (decisions, case plans, dataset entries), shared with the
 * forms of the client record. Rules that need the database (overlaps, limits, prices) stay in
 * the domain functions beside this file.
 */

const capCents = cents.max(100_000_000).nullable();

/** A decision as the procedures take it: the router validates with these, the domain is typed by them. */
export const decisionInput = z.object({
  fundingSourceId: z.uuid(),
  decisionNumber: singleLine(60).min(1),
  decisionDate: isoDate,
  startDate: isoDate,
  endDate: isoDate,
  targetGroup: singleLine(100),
  periodCapCents: capCents,
  yearlyCapCents: capCents,
  monthlyCapCents: capCents,
  serviceLimits: z.array(z.object({ serviceId: z.uuid(), maxUnits: z.number().positive().max(100_000) })).max(100),
});
export type DecisionInput = z.infer<typeof decisionInput>;
export const createDecisionInput = decisionInput.extend({ clientId: z.uuid() });
export const updateDecisionInput = decisionInput.extend({ decisionId: z.uuid() });
export const decisionRef = z.object({ decisionId: z.uuid() });
export const clientRef = z.object({ clientId: z.uuid() });

/** A case plan as the procedure takes it: the goals and the planned volume per service. */
export const casePlanInput = z.object({
  decisionId: z.uuid(),
  goals: multiLine(10_000),
  items: z.array(z.object({ serviceId: z.uuid(), plannedUnits: z.number().positive().max(100_000) })).max(100),
});
export type CasePlanInput = Omit<z.infer<typeof casePlanInput>, "decisionId">;

export const listEntriesInput = z.object({ clientId: z.uuid(), decisionId: z.uuid().optional(), month: isoMonth.optional() });

/** One line of the client's dataset (a service given on a day, in its billing units). */
export const entryInput = z.object({
  clientId: z.uuid(),
  decisionId: z.uuid(),
  serviceId: z.uuid(),
  serviceDate: isoDate,
  units: z.number().positive().max(999),
  specialistId: z.uuid(),
  description: multiLine(5000),
});
export type EntrySubmission = z.output<typeof entryInput>;
/** The dataset form's values as typed (units as text); it validates with entryInput through this. */
export type EntryValues = Omit<z.input<typeof entryInput>, "units"> & { units: string };
export const entryForm = fromForm(entryInput, (v: EntryValues) => ({ ...v, units: typedNumber(v.units) }));
export const entryRef = z.object({ entryId: z.uuid() });
