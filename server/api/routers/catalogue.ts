import { listFundingSources, saveFundingSource } from "@/server/catalogue/funding-sources";
import {
  closePriceVersion,
  copyPriceVersion,
  createPriceVersion,
  deletePriceVersion,
  getPriceVersion,
  listPriceVersions,
  updatePriceVersion,
} from "@/server/catalogue/price-lists";
import { priceOn } from "@/server/catalogue/prices";
import {
  closePriceVersionInput,
  copyPriceVersionInput,
  createPriceVersionInput,
  fundingSourceRef,
  idInput,
  listServicesInput,
  priceLookupInput,
  saveFundingSourceInput,
  saveServiceInput,
  updatePriceVersionInput,
} from "@/server/catalogue/schemas";
import { listServices, saveService } from "@/server/catalogue/services";
import { permittedProcedure, router, signedInProcedure } from "../trpc";

// Reading the catalogue is for everyone signed in (entry forms need it); changing it is catalogue:manage.
const manage = () => permittedProcedure("catalogue", "manage");

export const catalogueRouter = router({
  fundingSources: router({
    list: signedInProcedure.query(({ ctx }) => listFundingSources(ctx.db)),
    save: manage()
      .input(saveFundingSourceInput)
      .mutation(({ ctx, input: { id, ...rest } }) => saveFundingSource(ctx, { ...rest, id })),
  }),
  services: router({
    list: signedInProcedure.input(listServicesInput).query(({ ctx, input }) => listServices(ctx.db, input)),
    save: manage()
      .input(saveServiceInput)
      .mutation(({ ctx, input: { id, ...rest } }) => saveService(ctx, { ...rest, id })),
  }),
  priceLists: router({
    versions: signedInProcedure.input(fundingSourceRef).query(({ ctx, input }) => listPriceVersions(ctx.db, input.fundingSourceId)),
    version: signedInProcedure.input(idInput).query(({ ctx, input }) => getPriceVersion(ctx.db, input.id)),
    create: manage()
      .input(createPriceVersionInput)
      .mutation(({ ctx, input }) => createPriceVersion(ctx, input)),
    update: manage()
      .input(updatePriceVersionInput)
      .mutation(({ ctx, input: { id, ...rest } }) => updatePriceVersion(ctx, { ...rest, id })),
    copy: manage()
      .input(copyPriceVersionInput)
      .mutation(({ ctx, input }) => copyPriceVersion(ctx, input)),
    close: manage()
      .input(closePriceVersionInput)
      .mutation(({ ctx, input }) => closePriceVersion(ctx, { id: input.id, validTo: input.validTo })),
    delete: manage()
      .input(idInput)
      .mutation(({ ctx, input }) => deletePriceVersion(ctx, { id: input.id })),
  }),
  prices: router({
    lookup: signedInProcedure.input(priceLookupInput).query(({ ctx, input }) => priceOn(ctx.db, input)),
  }),
});
