import { deleteRole, listRoles, saveRole } from "@/server/org/roles";
import { idInput, saveRoleInput } from "@/server/org/schemas";
import { CATALOGUE } from "@/server/policy/permissions";
import { permittedProcedure, router } from "../trpc";

export const rolesRouter = router({
  list: permittedProcedure("roles", "read").query(({ ctx }) => listRoles(ctx.db)),
  catalogue: permittedProcedure("roles", "read").query(() => CATALOGUE),
  save: permittedProcedure("roles", "manage")
    .input(saveRoleInput)
    .mutation(({ ctx, input: { id, ...rest } }) => saveRole(ctx, { ...rest, id })),
  delete: permittedProcedure("roles", "manage")
    .input(idInput)
    .mutation(({ ctx, input }) => deleteRole(ctx, { id: input.id })),
});
