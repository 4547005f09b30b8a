import { z } from "zod";
import { deleteSpecialty, listSpecialties, saveSpecialty } from "@/server/org/specialties";
import { permittedProcedure, router, signedInProcedure } from "../trpc";

const specialtyInput = z.object({
  code: z.string().trim().min(2).max(40),
  nameEt: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
  active: z.boolean(),
});

export const specialtiesRouter = router({
  list: signedInProcedure.query(({ ctx }) => listSpecialties(ctx.db)),
  save: permittedProcedure("employees", "manage")
    .input(specialtyInput.extend({ id: z.uuid().nullable() }))
    .mutation(({ ctx, input: { id, ...rest } }) => saveSpecialty(ctx.db, ctx.actor, id, rest, ctx.ip)),
  delete: permittedProcedure("employees", "manage")
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteSpecialty(ctx.db, ctx.actor, input.id, ctx.ip)),
});
