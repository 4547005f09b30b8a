/**
 * Estonian payment reference (viitenumber) by the 7-3-1 method (domain.md §4): weights 7, 3, 1
 * repeating from the rightmost digit of the base, check digit = (10 - sum mod 10) mod 10.
 * Banks accept 2-20 digits in total, so the base is 1-19 digits.
 */

const WEIGHTS = [7, 3, 1] as const;
const BASE_PATTERN = /^\d{1,19}$/;

function checkDigit(base: string): number {
  let sum = 0;
  for (let i = 0; i < base.length; i++) {
    sum += Number(base[base.length - 1 - i]) * WEIGHTS[i % 3]!;
  }
  return (10 - (sum % 10)) % 10;
}

/** The base with its check digit appended: "12131295" -> "121312952". Throws on a bad base. */
export function referenceNumber(base: string): string {
  if (!BASE_PATTERN.test(base)) {
    throw new RangeError(`A payment reference base must be 1-19 digits, got "${base}"`);
  }
  return base + String(checkDigit(base));
}

/** True for 2-20 digits whose last digit is the 7-3-1 check digit of the rest. */
export function isValidReferenceNumber(s: string): boolean {
  if (!/^\d{2,20}$/.test(s)) return false;
  return checkDigit(s.slice(0, -1)) === Number(s[s.length - 1]);
}

/**
 * The payment reference of an invoice: "1" followed by the digits of its number, with the 7-3-1
 * check digit. Numbers are the series prefix and a 5-digit sequence ("ARV00042"), so the base
 * has at least 6 digits (a bank recognises it as a reference, not a typo) and never starts with
 * 0 (which some banks drop); two invoices of one series never share a reference.
 * "ARV00042" -> base "100042" -> "1000423".
 */
export function invoiceReference(invoiceNumber: string): string {
  const digits = invoiceNumber.replace(/\D/g, "");
  if (digits.length < 4) throw new RangeError(`An invoice number needs at least 4 digits for a payment reference, got "${invoiceNumber}"`);
  return referenceNumber(`1${digits}`);
}
