import type { BillingUnit } from "@/db/schema";

/** How many billing units a session of this length is: hours, 45-minute academic hours, or one. */
export function unitsForDuration(unit: BillingUnit, minutes: number): number {
  if (unit === "hour") return Math.round((minutes / 60) * 100) / 100;
  if (unit === "academic_hour") return Math.round((minutes / 45) * 100) / 100;
  return 1;
}
