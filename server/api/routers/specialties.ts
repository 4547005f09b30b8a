import { z } from "zod";
import { singleLine } from "@/lib/schemas";
import { deleteSpecialty, listSpecialties, saveSpecialty } from "@/server/org/specialties";
import { permittedProcedure, router, signedInProcedure } from "../trpc";

const specialtyInput = z.object({
  code: singleLine(40).min(2),
  nameEt: singleLine(100).min(1),
  nameEn: singleLine(100).min(1),
  active: z.boolean(),
});

export const specialtiesRouter = router({
  list: signedInProcedure.query(({ ctx }) => listSpecialties(ctx.db)),
  save: permittedProcedure("employees", "manage")
    .input(specialtyInput.extend({ id: z.uuid().nullable() }))
    .mutation(({ ctx, input: { id, ...rest } }) => saveSpecialty(ctx, { ...rest, id })),
  delete: permittedProcedure("employees", "manage")
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteSpecialty(ctx, { id: input.id })),
});
