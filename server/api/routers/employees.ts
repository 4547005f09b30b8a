import { endSessionsOf, resetPassword, sessionsOfEmployee } from "@/server/org/credentials";
import { createEmployee, listEmployees, updateEmployee } from "@/server/org/employees";
import { employeeInput, idInput, listEmployeesInput, updateEmployeeInput } from "@/server/org/schemas";
import { permittedProcedure, router } from "../trpc";

export const employeesRouter = router({
  list: permittedProcedure("employees", "read")
    .input(listEmployeesInput)
    .query(({ ctx, input }) => listEmployees(ctx, input)),
  create: permittedProcedure("employees", "manage")
    .input(employeeInput)
    .mutation(({ ctx, input }) => createEmployee(ctx, input)),
  update: permittedProcedure("employees", "manage")
    .input(updateEmployeeInput)
    .mutation(({ ctx, input: { id, ...rest } }) => updateEmployee(ctx, { ...rest, id })),
  sessions: permittedProcedure("employees", "credentials")
    .input(idInput)
    .query(({ ctx, input }) => sessionsOfEmployee(ctx, { employeeId: input.id })),
  endSessions: permittedProcedure("employees", "credentials")
    .input(idInput)
    .mutation(({ ctx, input }) => endSessionsOf(ctx, { employeeId: input.id })),
  resetPassword: permittedProcedure("employees", "credentials")
    .input(idInput)
    .mutation(({ ctx, input }) => resetPassword(ctx, { employeeId: input.id })),
});
