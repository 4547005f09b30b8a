import { deleteSpecialty, listSpecialties, saveSpecialty } from "@/server/org/specialties";
import { idInput, saveSpecialtyInput } from "@/server/org/schemas";
import { permittedProcedure, router, signedInProcedure } from "../trpc";

export const specialtiesRouter = router({
  list: signedInProcedure.query(({ ctx }) => listSpecialties(ctx.db)),
  save: permittedProcedure("employees", "manage")
    .input(saveSpecialtyInput)
    .mutation(({ ctx, input: { id, ...rest } }) => saveSpecialty(ctx, { ...rest, id })),
  delete: permittedProcedure("employees", "manage")
    .input(idInput)
    .mutation(({ ctx, input }) => deleteSpecialty(ctx, { id: input.id })),
});
