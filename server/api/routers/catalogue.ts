import { z } from "zod";
import { isoDate, multiLine, singleLine } from "@/lib/schemas";
import { BILLING_UNITS, EINVOICE_FORMATS, FUNDING_KINDS, SEND_CHANNELS, VAT_RATE_KINDS, VAT_STATUSES } from "@/db/schema";
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
import { listServices, saveService } from "@/server/catalogue/services";
import { permittedProcedure, router, signedInProcedure } from "../trpc";

// Reading the catalogue is for everyone signed in (entry forms need it); changing it is catalogue:manage.
const manage = () => permittedProcedure("catalogue", "manage");

const optionalText = (max: number) => singleLine(max).nullable();
const day = isoDate;

const fundingSourceInput = z.object({
  kind: z.enum(FUNDING_KINDS),
  name: singleLine(120),
  nameEn: singleLine(120).optional(),
  payerName: singleLine(200),
  payerRegistryCode: optionalText(20),
  payerAddress: singleLine(300),
  payerEmail: optionalText(200),
  einvoiceRecipient: optionalText(100),
  sendChannel: z.enum(SEND_CHANNELS).default("e-financials"),
  invoicePerClient: z.boolean().default(false),
  einvoiceFormat: z.enum(EINVOICE_FORMATS).default("en16931"),
  active: z.boolean(),
});

const serviceInput = z.object({
  code: singleLine(20),
  nameEt: singleLine(200),
  nameEn: singleLine(200),
  specialtyId: z.uuid().nullable(),
  isGroup: z.boolean(),
  maxGroupSize: z.number().int().nullable(),
  billingUnit: z.enum(BILLING_UNITS),
  vatStatus: z.enum(VAT_STATUSES),
  active: z.boolean(),
});

const itemsInput = z
  .array(
    z.object({
      serviceId: z.uuid(),
      unitPrice: singleLine(30),
      vatStatus: z.enum(VAT_STATUSES),
      vatRateKind: z.enum(VAT_RATE_KINDS).nullable(),
    }),
  )
  .max(1000);

const versionInput = z.object({ validFrom: day, validTo: day.nullable(), note: multiLine(500), items: itemsInput });

export const catalogueRouter = router({
  fundingSources: router({
    list: signedInProcedure.query(({ ctx }) => listFundingSources(ctx.db)),
    save: manage()
      .input(fundingSourceInput.extend({ id: z.uuid().nullable() }))
      .mutation(({ ctx, input: { id, ...rest } }) => saveFundingSource(ctx, { ...rest, id })),
  }),
  services: router({
    list: signedInProcedure
      .input(z.object({ activeOnly: z.boolean().optional(), search: singleLine(100).optional() }).default({}))
      .query(({ ctx, input }) => listServices(ctx.db, input)),
    save: manage()
      .input(serviceInput.extend({ id: z.uuid().nullable() }))
      .mutation(({ ctx, input: { id, ...rest } }) => saveService(ctx, { ...rest, id })),
  }),
  priceLists: router({
    versions: signedInProcedure
      .input(z.object({ fundingSourceId: z.uuid() }))
      .query(({ ctx, input }) => listPriceVersions(ctx.db, input.fundingSourceId)),
    version: signedInProcedure.input(z.object({ id: z.uuid() })).query(({ ctx, input }) => getPriceVersion(ctx.db, input.id)),
    create: manage()
      .input(versionInput.extend({ fundingSourceId: z.uuid() }))
      .mutation(({ ctx, input }) => createPriceVersion(ctx, input)),
    update: manage()
      .input(versionInput.extend({ id: z.uuid() }))
      .mutation(({ ctx, input: { id, ...rest } }) => updatePriceVersion(ctx, { ...rest, id })),
    copy: manage()
      .input(
        z.object({ sourceVersionId: z.uuid(), validFrom: day, validTo: day.nullable(), note: multiLine(500), closeSource: z.boolean() }),
      )
      .mutation(({ ctx, input }) => copyPriceVersion(ctx, input)),
    close: manage()
      .input(z.object({ id: z.uuid(), validTo: day }))
      .mutation(({ ctx, input }) => closePriceVersion(ctx, { id: input.id, validTo: input.validTo })),
    delete: manage()
      .input(z.object({ id: z.uuid() }))
      .mutation(({ ctx, input }) => deletePriceVersion(ctx, { id: input.id })),
  }),
  prices: router({
    /** The friendly pre-check of the entry forms: what the database will charge on that day. */
    lookup: signedInProcedure
      .input(z.object({ fundingSourceId: z.uuid(), serviceId: z.uuid(), date: day }))
      .query(({ ctx, input }) => priceOn(ctx.db, input)),
  }),
});
