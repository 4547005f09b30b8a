import { z } from "./zod";

/**
 * A form's values (text as typed, an empty select meaning none) run through a procedure's own
 * input schema. The form validates with the result, so it refuses exactly what the procedure
 * refuses, naming the same fields, and hands the procedure's input to its submit handler.
 */
export function fromForm<Values, Output, Input>(schema: z.ZodType<Output>, toInput: (values: Values) => Input) {
  const form = z
    .custom<Values>(() => true)
    .transform((values): unknown => toInput(values))
    .pipe(schema) as unknown as z.ZodType<Output, Values>;
  // toInput is what the form would send unchecked: the parity test hands it to the procedure.
  return Object.assign(form, { toInput });
}

/** An empty field is none. */
export const orNull = (text: string | null | undefined) => (text ? text : null);

/**
 * A number as a person types it ("1,5", "1.5", " 2 "). Empty or not a number gives NaN, which
 * the procedure's schema refuses as "enter a number" on that field.
 */
export function typedNumber(text: string | number): number {
  if (typeof text === "number") return text;
  const trimmed = text.trim().replace(/\s/g, "").replace(",", ".");
  return trimmed === "" ? Number.NaN : Number(trimmed);
}
