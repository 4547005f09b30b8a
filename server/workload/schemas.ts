import { z } from "@/lib/zod";
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
export const saveWorkTypeInput = z.object({
  id: z.uuid().nullable(),
  name: singleLine(200),
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

export const sheetInput = z.object({ unitId: z.uuid().nullable(), month: isoMonth });
export const exportSheetInput = sheetInput.extend({ format: z.enum(SHEET_FORMATS), locale: z.enum(SHEET_LOCALES) });
