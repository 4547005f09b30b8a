import { z } from "zod";
import { singleLine } from "@/lib/schemas";
import { endSessionsOf, resetPassword, sessionsOfEmployee } from "@/server/org/credentials";
import { createEmployee, listEmployees, updateEmployee } from "@/server/org/employees";
import { permittedProcedure, router } from "../trpc";

const optionalText = singleLine(200)
  .nullable()
  .transform((v) => (v ? v : null));

const employeeInput = z.object({
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

export const employeesRouter = router({
  list: permittedProcedure("employees", "read")
    .input(
      z.object({ search: singleLine(100).optional(), unitId: z.uuid().optional(), includeInactive: z.boolean().optional() }).default({}),
    )
    .query(({ ctx, input }) => listEmployees(ctx, input)),
  create: permittedProcedure("employees", "manage")
    .input(employeeInput)
    .mutation(({ ctx, input }) => createEmployee(ctx, input)),
  update: permittedProcedure("employees", "manage")
    .input(employeeInput.extend({ id: z.uuid() }))
    .mutation(({ ctx, input: { id, ...rest } }) => updateEmployee(ctx, { ...rest, id })),
  sessions: permittedProcedure("employees", "credentials")
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => sessionsOfEmployee(ctx, { employeeId: input.id })),
  endSessions: permittedProcedure("employees", "credentials")
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => endSessionsOf(ctx, { employeeId: input.id })),
  resetPassword: permittedProcedure("employees", "credentials")
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => resetPassword(ctx, { employeeId: input.id })),
});
