/**
 * What a service entry costs: units (at most two decimals) times the unit price in cents,
 * rounded half away from zero to a whole cent.
 *
 * Home of the rule: the service_entries trigger (`round(NEW.units * price.unit_price_cents)` in
 * numeric arithmetic), which sets every stored amount. This is its one TypeScript twin, used only
 * to predict the amount for a friendly limit refusal or warning before the write (entries,
 * booking warnings); amount.test.ts runs both on generated cases and fails on any difference.
 */
export function amountCents(units: number, unitPriceCents: number): number {
  // In hundredths, as numeric does: 0.29 * 2950 is 855.4999… in floating point, 855.5 there.
  // Units and prices are never negative, so Math.round's half-up is half away from zero.
  return Math.round((Math.round(units * 100) * unitPriceCents) / 100);
}
