import { z } from "@/lib/zod";
import { fromForm, typedNumber } from "@/lib/form-schema";
import { isoDate, isoMonth, multiLine, singleLine } from "@/lib/schemas";

/** Inputs of the workload procedures; the time entry form validates with timeEntryInput itself. */

export const SHEET_FORMATS = ["xlsx", "csv"] as const;
export const SHEET_LOCALES = ["et", "en"] as const;

export const personMonth = z.object({ employeeId: z.uuid(), month: isoMonth });
export const unitMonth = z.object({ unitId: z.uuid(), month: isoMonth });
export const employeeRef = z.object({ employeeId: z.uuid() });
export const idInput = z.object({ id: z.uuid() });

/**
 * Hours arrive as numbers; the domain words the refusals (negative, over 24, past quarters…)
 * per field, so the schema only insists on a number.
 */
export const hours = z.number();

export const setPossibleHoursInput = personMonth.extend({ hours: hours.nullable(), note: multiLine(500) });
export type SetPossibleHours = z.output<typeof setPossibleHoursInput>;
/** The possible-hours form's values: the hours as typed (a reset to the computed hours is a button, not a value). */
export type PossibleHoursValues = { employeeId: string; month: string; hours: string; note: string };
const toPossible = (v: PossibleHoursValues) => ({ ...v, hours: typedNumber(v.hours) });
// The domain's range (plan.ts setPossibleHours), under its message keys, said before sending.
export const possibleHoursForm = Object.assign(
  fromForm(setPossibleHoursInput, toPossible)
    .refine((p) => p.hours === null || p.hours >= 0, { path: ["hours"], message: "errors.possibleHoursNegative" })
    .refine((p) => p.hours === null || p.hours <= 744, { path: ["hours"], message: "errors.possibleHoursTooMany" }),
  { toInput: toPossible },
);
export const saveWorkTypeInput = z.object({
  id: z.uuid().nullable(),
  name: singleLine(200),
  nameEn: singleLine(200).optional(),
  unitId: z.uuid().nullable(),
  active: z.boolean(),
});

export const timeEntryInput = z.object({
  id: z.uuid().nullable(),
  employeeId: z.uuid(),
  workTypeId: z.uuid(),
  workDate: isoDate,
  hours,
  note: multiLine(5000),
});

export type SaveTimeEntry = z.output<typeof timeEntryInput>;

/** The time entry form's values as typed; the form validates with timeEntryInput through this. */
export type TimeEntryValues = Omit<z.input<typeof timeEntryInput>, "hours"> & { hours: string };
const toEntry = (v: TimeEntryValues) => ({ ...v, hours: typedNumber(v.hours) });
// The domain's two rules for one entry's hours (time-entries.ts), under its message keys, so the
// form says them before sending; the day's total needs the database and stays the domain's.
export const timeEntryForm = Object.assign(
  fromForm(timeEntryInput, toEntry)
    .refine((e) => e.hours > 0 && e.hours <= 24, { path: ["hours"], message: "errors.workHoursRange" })
    .refine((e) => Math.round(e.hours * 100) === e.hours * 100, { path: ["hours"], message: "errors.workHoursPrecision" }),
  { toInput: toEntry },
);

export const sheetInput = z.object({ unitId: z.uuid().nullable(), month: isoMonth });
export const exportSheetInput = sheetInput.extend({ format: z.enum(SHEET_FORMATS), locale: z.enum(SHEET_LOCALES) });
