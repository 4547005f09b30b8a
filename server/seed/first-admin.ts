import { eq } from "drizzle-orm";
import { employeeRoles, employees, passwordCredentials } from "@/db/schema";
import { isValidPersonalCode } from "@/lib/identifiers";
import { recordAudit } from "@/server/audit/audit";
import { hashPassword } from "@/server/auth/password";
import type { Db } from "@/server/db/client";
import { ensureStandardRoles } from "@/server/org/roles";
import { ensureStandardCatalogue } from "./catalogue";
import { ensureStandardSpecialties } from "./specialties";

export type FirstAdminResult = { ok: true; employeeId: string } | { ok: false; message: string };

/**
 * The one-time start of a real installation: the standard roles and specialties (configuration,
 * not demo data) and one administrator. Refused once any administrator exists.
 */
export async function createFirstAdministrator(
  db: Db,
  input: { personalCode: string; firstName: string; lastName: string; password: string | null },
): Promise<FirstAdminResult> {
  if (!isValidPersonalCode(input.personalCode)) {
    return { ok: false, message: `Invalid personal code ${input.personalCode}: check digit or date is wrong.` };
  }
  return db.transaction(async (tx) => {
    const roleIds = await ensureStandardRoles(tx);
    await ensureStandardSpecialties(tx);
    // The state social-rehabilitation services and prices are public configuration, not demo data.
    await ensureStandardCatalogue(tx);
    const adminRole = roleIds.get("administrator")!;
    const existing = await tx
      .select({ id: employeeRoles.employeeId })
      .from(employeeRoles)
      .where(eq(employeeRoles.roleId, adminRole))
      .limit(1);
    if (existing.length > 0)
      return { ok: false as const, message: "An administrator already exists; add further people in the application." };
    const [taken] = await tx.select({ id: employees.id }).from(employees).where(eq(employees.personalCode, input.personalCode));
    if (taken) return { ok: false as const, message: `An employee with personal code ${input.personalCode} already exists.` };
    const [row] = await tx
      .insert(employees)
      .values({ personalCode: input.personalCode, firstName: input.firstName, lastName: input.lastName })
      .returning({ id: employees.id });
    await tx.insert(employeeRoles).values({ employeeId: row!.id, roleId: adminRole });
    // A printed one-time password: the administrator chooses their own at the first sign-in.
    if (input.password)
      await tx
        .insert(passwordCredentials)
        .values({ employeeId: row!.id, passwordHash: await hashPassword(input.password), mustChange: true });
    await recordAudit(tx, { action: "installation.create_admin", targetType: "employee", targetId: row!.id, subject: input.personalCode });
    return { ok: true as const, employeeId: row!.id };
  });
}
