/**
 * Money as integer cents (domain rule: never floats). Pure functions shared by the server and
 * the forms, so a price typed as "29,40" or "29.40" means exactly 2940 cents in both places.
 */

/** The largest amount a cents column (PostgreSQL integer) holds. */
export const MAX_CENTS = 2_147_483_647;

/**
 * Parses euros as a person types them: "29,40", "29.40", "29,4", "29", "1 234,50", "€ 29,40".
 * Returns cents, or null when the text is not an amount. More than two decimals, negative
 * amounts and ambiguous separators ("1.234,56") are refused rather than rounded or guessed.
 */
export function parseEuroCents(input: string): number | null {
  // Spaces (also no-break and narrow no-break, as Intl writes them) group thousands.
  const text = input.replace(/[\s\u00a0\u202f]/g, "").replace(/^€|€$|EUR$/gi, "");
  const match = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const euros = match[1]!.replace(/^0+(?=\d)/, "");
  // Decide on the digits before turning them into a number: no float ever holds the amount.
  if (euros.length > 8) return null;
  const cents = Number(euros) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return cents <= MAX_CENTS ? cents : null;
}

/** "29,40" for a form field: a decimal comma, no grouping, always two decimals. */
export function centsToInput(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(cents));
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, "0")}`;
}

// Display ("29,40 €" / "€29.40") is lib/format.ts's money(): one formatter for every page and file.
