/**
 * The bounds and words of lib/schemas.ts's refusals, apart from zod: the pickers and the message
 * lookup of every page use them, and importing them must not bring zod into a page's first-load
 * JavaScript (npm run bench:bundle).
 */

/** The days any date in this product may fall on: wide enough for birth dates and old decisions. */
export const DATE_MIN = "1900-01-01";
export const DATE_MAX = "2100-12-31";

/**
 * The words of this file's refusals, by key. The server sends them as they are (API callers read
 * English); a form shows the key's text from i18n/<locale>/validation.json instead, found by
 * these very strings (components/ui/known-message.ts), so a new message needs a key there.
 */
export const INPUT_MESSAGES = {
  dateShape: "Use the form YYYY-MM-DD",
  noSuchDay: "There is no such day",
  dateRange: `Give a day from ${DATE_MIN} to ${DATE_MAX}`,
  monthShape: "Use the form YYYY-MM",
  monthRange: `Give a month from ${DATE_MIN.slice(0, 7)} to ${DATE_MAX.slice(0, 7)}`,
  timeRange: `Give a time from ${DATE_MIN} to ${DATE_MAX}`,
  controlCharacters: "Remove control characters and line breaks",
  controlCharactersMultiline: "Remove control characters (tab and new line are fine)",
  personalCodeShape: "A personal code has 11 digits",
  personalCodeInvalid: "This is not a valid personal code",
  wholeCents: "Give whole cents",
  amountAboveZero: "Give an amount above zero",
  amountTooLarge: "The amount is too large",
  euroAmount: "Give an amount in euros, e.g. 29,40",
} as const;
export type InputMessageKey = keyof typeof INPUT_MESSAGES;
