/**
 * Estonian identifiers (domain.md §4). Pure functions shared by the server and the forms; the
 * database enforces the same rules (is_valid_personal_code, is_valid_registry_code).
 */

const WEIGHTS_1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1];
const WEIGHTS_2 = [3, 4, 5, 6, 7, 8, 9, 1, 2, 3];

function weightedMod11(digits: string, weights: number[]): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (weights[i] ?? 0);
  return sum % 11;
}

export function estonianCheckDigit(digits: string): number {
  const first = weightedMod11(digits, WEIGHTS_1);
  if (first < 10) return first;
  const second = weightedMod11(digits, WEIGHTS_2);
  return second < 10 ? second : 0;
}

/** Birth date encoded in a personal code, or null when the date part is not a real date. */
export function birthDateOf(code: string): Date | null {
  if (!/^[1-8]\d{10}$/.test(code)) return null;
  const century = 1800 + Math.floor((Number(code[0]) - 1) / 2) * 100;
  const year = century + Number(code.slice(1, 3));
  const month = Number(code.slice(3, 5));
  const day = Number(code.slice(5, 7));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return date;
}

export function isValidPersonalCode(code: string): boolean {
  if (birthDateOf(code) === null) return false;
  return estonianCheckDigit(code.slice(0, 10)) === Number(code[10]);
}

export function isValidRegistryCode(code: string): boolean {
  return /^\d{8}$/.test(code) && estonianCheckDigit(code.slice(0, 7)) === Number(code[7]);
}

/** ISO 13616 check (mod 97); spaces are allowed for readability. */
export function isValidIban(input: string): boolean {
  const iban = input.replace(/\s+/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) return false;
  if (iban.startsWith("EE") && iban.length !== 20) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= "A" ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** Estonian VAT number: EE followed by nine digits. */
export function isValidVatNumber(input: string): boolean {
  return /^EE\d{9}$/.test(input.replace(/\s+/g, "").toUpperCase());
}
