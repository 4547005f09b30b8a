import { z } from "zod";
import { multiLine, singleLine } from "@/lib/schemas";
import { deleteRole, listRoles, saveRole } from "@/server/org/roles";
import { SCOPES, RESOURCES, CATALOGUE } from "@/server/policy/permissions";
import { permittedProcedure, router } from "../trpc";

const roleInput = z.object({
  name: singleLine(80).min(1),
  description: multiLine(500).trim(),
  permissions: z.array(z.object({ resource: z.enum(RESOURCES), action: singleLine(60), scope: z.enum(SCOPES) })).max(200),
});

export const rolesRouter = router({
  list: permittedProcedure("roles", "read").query(({ ctx }) => listRoles(ctx.db)),
  catalogue: permittedProcedure("roles", "read").query(() => CATALOGUE),
  save: permittedProcedure("roles", "manage")
    .input(roleInput.extend({ id: z.uuid().nullable() }))
    .mutation(({ ctx, input: { id, ...rest } }) => saveRole(ctx, { ...rest, id })),
  delete: permittedProcedure("roles", "manage")
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteRole(ctx, { id: input.id })),
});
