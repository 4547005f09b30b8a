import { isValidPersonalCode } from "@/lib/identifiers";

/**
 * Reads an Estonian personal code from OpenID Connect claims. TARA puts "EE" + code in `sub`;
 * Smart-ID style brokers use "PNOEE-" + code; some put the bare code in a claim of their own.
 * Codes of other countries are refused: staff records hold Estonian codes.
 */
export function personalCodeFromClaims(claims: Record<string, unknown>, claimName = "sub"): string | null {
  const raw = claims[claimName];
  if (typeof raw !== "string") return null;
  const match = /^(?:EE|PNOEE-|IDCEE)?(\d{11})$/i.exec(raw.trim());
  const code = match?.[1];
  return code && isValidPersonalCode(code) ? code : null;
}

/** Given and family name from TARA's `profile_attributes` or top-level claims. */
export function namesFromClaims(claims: Record<string, unknown>): { given: string; family: string } {
  const attrs = (claims.profile_attributes ?? {}) as Record<string, unknown>;
  const pick = (...values: unknown[]) => values.find((v): v is string => typeof v === "string" && v.length > 0) ?? "";
  return {
    given: pick(attrs.given_name, claims.given_name),
    family: pick(attrs.family_name, claims.family_name),
  };
}
