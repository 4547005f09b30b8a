import { z } from "./zod";
import { isCalendarDate } from "./calendar-days";
import { isValidPersonalCode } from "./identifiers";
import { MAX_CENTS, parseEuroCents } from "./money";
import { DATE_MAX, DATE_MIN, INPUT_MESSAGES } from "./input-messages";

export { DATE_MAX, DATE_MIN, INPUT_MESSAGES, type InputMessageKey } from "./input-messages";

/**
 * The input shapes every tRPC procedure shares, isomorphic so forms can reuse them. Bad input is
 * refused here, naming the field, before it can reach PostgreSQL and come back as a 500.
 */

const INSTANT_MIN = Date.UTC(1900, 0, 1);
const INSTANT_MAX = Date.UTC(2101, 0, 1);

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

const M = INPUT_MESSAGES;

export { isCalendarDate };

/** A real calendar day between DATE_MIN and DATE_MAX, as "YYYY-MM-DD". */
export const isoDate = z
  .string()
  .regex(DATE_SHAPE, { message: M.dateShape, abort: true })
  .refine(isCalendarDate, { message: M.noSuchDay, abort: true })
  .refine((v) => v >= DATE_MIN && v <= DATE_MAX, M.dateRange);

/** A month "YYYY-MM" within the same range. */
export const isoMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: M.monthShape, abort: true })
  .refine((v) => v >= DATE_MIN.slice(0, 7) && v <= DATE_MAX.slice(0, 7), M.monthRange);

/** An instant (date and time) within the same range; an invalid Date is refused by z.date(). */
export const instant = z.date().refine((d) => d.getTime() >= INSTANT_MIN && d.getTime() < INSTANT_MAX, M.timeRange);

// C0 controls, DEL and C1 controls. PostgreSQL refuses NUL in text outright (22021); the others
// pass through to documents (PDF, e-invoice XML, CSV) where they break or smuggle things.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LAYOUT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Whether text is free of control characters; `multiline` allows tab, newline and carriage return. */
export const isCleanText = (value: string, multiline = false) => !(multiline ? CONTROL_BUT_LAYOUT : CONTROL).test(value);

/**
 * Control characters are refused rather than stripped: silently saving something other than
 * what was sent hides the problem from the sender, and no form produces them.
 */
const clean = (multiline: boolean) => (s: z.ZodString) =>
  s.refine((v) => isCleanText(v, multiline), multiline ? M.controlCharactersMultiline : M.controlCharacters);

/**
 * One line of text (names, codes, search terms), trimmed unless `trim: false` (passwords, keys),
 * at most `max` characters, without control characters.
 */
export function singleLine(max: number, opts: { trim?: boolean } = {}) {
  return clean(false)((opts.trim === false ? z.string() : z.string().trim()).max(max));
}

/** Multi-line text (notes, descriptions, goals): tab and line breaks allowed, other controls not. Not trimmed. */
export function multiLine(max: number) {
  return clean(true)(z.string().max(max));
}

const UUID = z.uuid();

/**
 * The one id check for strings that do not pass through a tRPC input (URL parameters, cookies,
 * socket rooms): the same z.uuid() the procedures use, so PostgreSQL never sees a malformed uuid.
 */
export const isUuid = (value: string) => UUID.safeParse(value).success;

/**
 * An Estonian personal code (isikukood): 11 digits, a real birth date and the check digit. The
 * one rule lives in lib/identifiers.ts (and is_valid_personal_code in the database); this is its
 * zod face, so a form and a procedure refuse the same codes. Surrounding spaces are trimmed.
 */
export const personalCode = z
  .string()
  .trim()
  .regex(/^\d{11}$/, { message: M.personalCodeShape, abort: true })
  .refine(isValidPersonalCode, M.personalCodeInvalid);

/** Money as integer cents, never a float: above zero and within a PostgreSQL integer. */
export const cents = z.number().int(M.wholeCents).positive(M.amountAboveZero).max(MAX_CENTS, M.amountTooLarge);

/**
 * Euros as a person types them ("29,40", "29.40", "1 234,50") turned into cents by the same
 * parseEuroCents the rest of the product uses; refused when it is not an amount above zero.
 */
export const euroAmount = z
  .string()
  .transform((text, ctx) => {
    const value = parseEuroCents(text);
    if (value === null) {
      ctx.addIssue({ code: "custom", message: M.euroAmount });
      return z.NEVER;
    }
    return value;
  })
  .pipe(cents);
