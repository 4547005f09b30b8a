import { createUnit, deleteUnit, listUnits, updateUnit } from "@/server/org/units";
import { idInput, unitInput, updateUnitInput } from "@/server/org/schemas";
import { permittedProcedure, router } from "../trpc";

export const unitsRouter = router({
  list: permittedProcedure("units", "read").query(({ ctx }) => listUnits(ctx)),
  create: permittedProcedure("units", "manage")
    .input(unitInput)
    .mutation(({ ctx, input }) => createUnit(ctx, input)),
  update: permittedProcedure("units", "manage")
    .input(updateUnitInput)
    .mutation(({ ctx, input: { id, ...rest } }) => updateUnit(ctx, { ...rest, id })),
  delete: permittedProcedure("units", "manage")
    .input(idInput)
    .mutation(({ ctx, input }) => deleteUnit(ctx, { id: input.id })),
});
