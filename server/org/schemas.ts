import { z } from "@/lib/zod";
import { fromForm, orNull } from "@/lib/form-schema";
import { multiLine, singleLine } from "@/lib/schemas";
import { RESOURCES, SCOPES } from "@/server/policy/permissions";

/**
 * Inputs of the organisation procedures (units, specialties, roles, employees). The Haldus forms
 * validate with these very objects, so this file imports only browser-safe modules (lint checks it).
 */

export const idInput = z.object({ id: z.uuid() });

export const unitInput = z.object({
  name: singleLine(120).min(1),
  nameEn: singleLine(120).optional(),
  parentId: z.uuid().nullable(),
  headEmployeeId: z.uuid().nullable(),
});
export const updateUnitInput = unitInput.extend({ id: z.uuid() });
/** The unit form's values: an empty select is no parent, no head. */
export type UnitValues = { name: string; nameEn: string; parentId: string; headEmployeeId: string };
export const unitForm = fromForm(unitInput, (v: UnitValues) => ({
  name: v.name,
  nameEn: v.nameEn,
  parentId: orNull(v.parentId),
  headEmployeeId: orNull(v.headEmployeeId),
}));
export type UnitSubmission = z.output<typeof unitInput>;

export const specialtyInput = z.object({
  code: singleLine(40).min(2),
  nameEt: singleLine(100).min(1),
  nameEn: singleLine(100).min(1),
  active: z.boolean(),
});
export const saveSpecialtyInput = specialtyInput.extend({ id: z.uuid().nullable() });
export type SpecialtySubmission = z.output<typeof saveSpecialtyInput>;

export const roleInput = z.object({
  name: singleLine(80).min(1),
  description: multiLine(500).trim(),
  permissions: z.array(z.object({ resource: z.enum(RESOURCES), action: singleLine(60), scope: z.enum(SCOPES) })).max(200),
});
export const saveRoleInput = roleInput.extend({ id: z.uuid().nullable() });
export type RoleSubmission = z.output<typeof saveRoleInput>;
export type RoleValues = z.input<typeof saveRoleInput>;
/** The role form: the procedure's schema and the domain's first rule (roles.ts validate), said before sending. */
export const roleForm = saveRoleInput.refine((r) => r.permissions.length > 0, {
  path: ["permissions"],
  message: "errors.roleWithoutPermissions",
});

const optionalText = singleLine(200)
  .nullable()
  .transform((v) => (v ? v : null));

export const employeeInput = z.object({
  // The shape only: the domain words an invalid check digit as a refusal naming the field.
  personalCode: z
    .string()
    .trim()
    .regex(/^\d{11}$/, "11 digits"),
  firstName: singleLine(100).min(1),
  lastName: singleLine(100).min(1),
  email: optionalText,
  phone: optionalText,
  active: z.boolean(),
  weeklyHours: z.number().min(0).max(60),
  unitIds: z.array(z.uuid()).max(50),
  specialtyIds: z.array(z.uuid()).max(50),
  roleIds: z.array(z.uuid()).max(50),
  password: singleLine(200, { trim: false }).nullable(),
});
export const updateEmployeeInput = employeeInput.extend({ id: z.uuid() });
export const listEmployeesInput = z
  .object({ search: singleLine(100).optional(), unitId: z.uuid().optional(), includeInactive: z.boolean().optional() })
  .default({});
