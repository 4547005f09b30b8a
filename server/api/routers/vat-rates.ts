import { deleteVatRate, listVatRates, saveVatRate, vatRateInput } from "@/server/catalogue/vat-rates";
import { idInput } from "@/server/catalogue/schemas";
import { permittedProcedure, router, signedInProcedure } from "../trpc";

/** The dated VAT rate table of Haldus: read by everyone signed in, changed with catalogue:manage. */
export const vatRatesRouter = router({
  list: signedInProcedure.query(({ ctx }) => listVatRates(ctx)),
  save: permittedProcedure("catalogue", "manage")
    .input(vatRateInput)
    .mutation(({ ctx, input }) => saveVatRate(ctx, input)),
  delete: permittedProcedure("catalogue", "manage")
    .input(idInput)
    .mutation(({ ctx, input }) => deleteVatRate(ctx, input)),
});
