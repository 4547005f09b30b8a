import { z } from "@/lib/zod";
import { fromForm, orNull } from "@/lib/form-schema";
import { parseEuroCents } from "@/lib/money";
import { isoDate, multiLine, singleLine } from "@/lib/schemas";
import { EINVOICE_FORMATS } from "@/lib/einvoice-format";
import { VAT_RATE_KINDS } from "@/lib/vat-rates";
import { BILLING_UNITS, FUNDING_KINDS, SEND_CHANNELS, VAT_STATUSES } from "@/db/schema/enums";

/** Inputs of the catalogue procedures: funding sources, services, price lists, price look-ups. */

const optionalText = (max: number) => singleLine(max).nullable();

export const fundingSourceInput = z.object({
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
export const saveFundingSourceInput = fundingSourceInput.extend({ id: z.uuid().nullable() });

export const serviceInput = z.object({
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
export const saveServiceInput = serviceInput.extend({ id: z.uuid().nullable() });
export const listServicesInput = z.object({ activeOnly: z.boolean().optional(), search: singleLine(100).optional() }).default({});

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

const versionInput = z.object({ validFrom: isoDate, validTo: isoDate.nullable(), note: multiLine(500), items: itemsInput });
export const createPriceVersionInput = versionInput.extend({ fundingSourceId: z.uuid() });
export const updatePriceVersionInput = versionInput.extend({ id: z.uuid() });
export const copyPriceVersionInput = z.object({
  sourceVersionId: z.uuid(),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  note: multiLine(500),
  closeSource: z.boolean(),
});
export const closePriceVersionInput = z.object({ id: z.uuid(), validTo: isoDate });
/** The version dialog's values: a day or an empty field (open-ended) as typed. */
export type VersionValues = { fundingSourceId: string; validFrom: string; validTo: string; note: string };
export type CopyVersionValues = { sourceVersionId: string; validFrom: string; validTo: string; note: string; closeSource: boolean };
// The database's rule for a period (price_versions' check), under the message key errors.ts gives it.
const endsAfterStart = (p: { validFrom: string; validTo: string | null }) => p.validTo === null || p.validTo >= p.validFrom;
const periodRule = { path: ["validTo"], message: "catalogueErrors.periodEndsBeforeStart" };
const toVersion = (v: VersionValues) => ({ ...v, validTo: orNull(v.validTo), items: [] });
export const createVersionForm = Object.assign(fromForm(createPriceVersionInput, toVersion).refine(endsAfterStart, periodRule), {
  toInput: toVersion,
});
const toCopy = (v: CopyVersionValues) => ({ ...v, validTo: orNull(v.validTo) });
export const copyVersionForm = Object.assign(fromForm(copyPriceVersionInput, toCopy).refine(endsAfterStart, periodRule), {
  toInput: toCopy,
});
export type CloseVersionValues = z.input<typeof closePriceVersionInput>;

/**
 * The price editor's values: one row per service of the table, in its order, the price as typed
 * (empty: not on this list). Only priced rows are sent, a rate kind only with a taxable row.
 */
export type PriceRowValues = {
  serviceId: string;
  unitPrice: string;
  vatStatus: (typeof VAT_STATUSES)[number];
  vatRateKind: (typeof VAT_RATE_KINDS)[number];
};
export type VersionEditorValues = { id: string; validFrom: string; validTo: string; note: string; items: PriceRowValues[] };
const toEditor = (v: VersionEditorValues): z.input<typeof updatePriceVersionInput> => ({
  id: v.id,
  validFrom: v.validFrom,
  validTo: orNull(v.validTo),
  note: v.note,
  items: v.items
    .filter((row) => row.unitPrice.trim() !== "")
    .map((row) => ({ ...row, vatRateKind: row.vatStatus === "taxable" ? row.vatRateKind : null })),
});
/**
 * The domain's price rule (price-items.ts: a price in euros) on the table's own row, then the
 * procedure's schema and the period rule. A price that parses passes the items' schema too, so
 * the rows the procedure sees are the priced ones in the table's order.
 */
export const versionEditorForm = Object.assign(
  z
    .custom<VersionEditorValues>(() => true)
    .superRefine((v, ctx) =>
      v.items.forEach((row, i) => {
        if (row.unitPrice.trim() !== "" && parseEuroCents(row.unitPrice) === null)
          ctx.addIssue({ code: "custom", path: ["items", i, "unitPrice"], message: "catalogue.priceLists.priceInvalid" });
      }),
    )
    .pipe(fromForm(updatePriceVersionInput, toEditor).refine(endsAfterStart, periodRule)),
  { toInput: toEditor },
);
export type VersionEditorSubmission = z.output<typeof updatePriceVersionInput>;

export const fundingSourceRef = z.object({ fundingSourceId: z.uuid() });
export const idInput = z.object({ id: z.uuid() });

/** The friendly pre-check of the entry forms: what the database will charge on that day. */
export const priceLookupInput = z.object({ fundingSourceId: z.uuid(), serviceId: z.uuid(), date: isoDate });
