import { z } from "zod";
import { singleLine } from "@/lib/schemas";
import { createUnit, deleteUnit, listUnits, updateUnit } from "@/server/org/units";
import { permittedProcedure, router } from "../trpc";

const unitInput = z.object({
  name: singleLine(120).min(1),
  nameEn: singleLine(120).optional(),
  parentId: z.uuid().nullable(),
  headEmployeeId: z.uuid().nullable(),
});

export const unitsRouter = router({
  list: permittedProcedure("units", "read").query(({ ctx }) => listUnits(ctx)),
  create: permittedProcedure("units", "manage")
    .input(unitInput)
    .mutation(({ ctx, input }) => createUnit(ctx, input)),
  update: permittedProcedure("units", "manage")
    .input(unitInput.extend({ id: z.uuid() }))
    .mutation(({ ctx, input: { id, ...rest } }) => updateUnit(ctx, { ...rest, id })),
  delete: permittedProcedure("units", "manage")
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteUnit(ctx, { id: input.id })),
});
