import { asc, count, desc, eq, sql } from "drizzle-orm";
import {
  EINVOICE_FORMATS,
  FUNDING_KINDS,
  fundingDecisions,
  fundingSources,
  SEND_CHANNELS,
  type EinvoiceFormat,
  type FundingKind,
  type SendChannel,
} from "@/db/schema";
import { isValidRegistryCode } from "@/lib/identifiers";
import { recordAudit } from "@/server/audit/audit";
import type { Db, DbOrTx } from "@/server/db/client";
import { AppError, invalid, notFound } from "@/server/errors";
import { requirePermission } from "@/server/policy/policy";
import type { DomainContext } from "@/server/domain-context";

export type FundingSourceInput = {
  kind: FundingKind;
  name: string;
  /** The name in the English UI; omitted or empty, the English UI shows `name`. */
  nameEn?: string;
  payerName: string;
  payerRegistryCode: string | null;
  payerAddress: string;
  payerEmail: string | null;
  einvoiceRecipient: string | null;
  /** How its invoices are sent; "email" sends the PDF and XML to payerEmail. */
  sendChannel?: SendChannel;
  /** One invoice per client instead of one per month. */
  invoicePerClient: boolean;
  /** Which e-invoice the funder receives; omitted means EN 16931, the default of the Accounting Act. */
  einvoiceFormat?: EinvoiceFormat;
  active: boolean;
};

export type FundingSourceRow = FundingSourceInput & { id: string; einvoiceFormat: EinvoiceFormat; sendChannel: SendChannel };

/** Every funding source, the active ones first. Shape kept stable: the entry forms use it. */
export function listFundingSources(db: DbOrTx): Promise<FundingSourceRow[]> {
  return db
    .select({
      id: fundingSources.id,
      kind: fundingSources.kind,
      name: fundingSources.name,
      nameEn: fundingSources.nameEn,
      payerName: fundingSources.payerName,
      payerRegistryCode: fundingSources.payerRegistryCode,
      payerAddress: fundingSources.payerAddress,
      payerEmail: fundingSources.payerEmail,
      einvoiceRecipient: fundingSources.einvoiceRecipient,
      sendChannel: sql<SendChannel>`${fundingSources.sendChannel}`,
      invoicePerClient: fundingSources.invoicePerClient,
      einvoiceFormat: fundingSources.einvoiceFormat,
      active: fundingSources.active,
    })
    .from(fundingSources)
    .orderBy(desc(fundingSources.active), asc(fundingSources.name));
}

const blankToNull = (v: string | null) => (v && v.trim() ? v.trim() : null);

function normalise(input: FundingSourceInput): FundingSourceInput {
  if (!FUNDING_KINDS.includes(input.kind)) throw invalid("kind", "catalogueErrors.kindUnknown", `Unknown funding kind ${input.kind}`);
  const name = input.name.trim();
  const payerName = input.payerName.trim();
  if (!name) throw invalid("name", "errors.required", "The funding source needs a name");
  if (!payerName) throw invalid("payerName", "errors.required", "The payer's legal name is required");
  const payerRegistryCode = blankToNull(input.payerRegistryCode)?.replace(/\s+/g, "") ?? null;
  // A private person has no registry code; every institution that pays an invoice has one.
  if (!payerRegistryCode && input.kind !== "PRIVATE") {
    throw invalid(
      "payerRegistryCode",
      "catalogueErrors.payerRegistryCodeRequired",
      "The payer's registry code is required (optional only for private payers)",
    );
  }
  if (payerRegistryCode && !isValidRegistryCode(payerRegistryCode)) {
    throw invalid("payerRegistryCode", "errors.registryCodeInvalid", `Invalid registry code ${payerRegistryCode}`, {
      code: payerRegistryCode,
    });
  }
  if (input.einvoiceFormat && !EINVOICE_FORMATS.includes(input.einvoiceFormat)) {
    throw invalid("einvoiceFormat", "vatErrors.einvoiceFormatUnknown", `Unknown e-invoice format ${input.einvoiceFormat}`);
  }
  const payerEmail = blankToNull(input.payerEmail);
  if (payerEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(payerEmail)) {
    throw invalid("payerEmail", "catalogueErrors.emailInvalid", `Invalid e-mail address ${payerEmail}`);
  }
  const sendChannel = input.sendChannel ?? "e-financials";
  if (!SEND_CHANNELS.includes(sendChannel))
    throw invalid("sendChannel", "catalogueErrors.sendChannelUnknown", `Unknown send channel ${input.sendChannel}`);
  if (sendChannel === "email" && !payerEmail) {
    throw invalid("payerEmail", "catalogueErrors.sendEmailNeedsAddress", "Sending by e-mail needs the payer's e-mail address");
  }
  return {
    kind: input.kind,
    name,
    nameEn: (input.nameEn ?? "").trim(),
    payerName,
    payerRegistryCode,
    payerAddress: input.payerAddress.trim(),
    payerEmail,
    einvoiceRecipient: blankToNull(input.einvoiceRecipient),
    sendChannel,
    invoicePerClient: input.invoicePerClient,
    einvoiceFormat: input.einvoiceFormat ?? "en16931",
    active: input.active,
  };
}

export async function saveFundingSource(
  { db, actor, ip }: DomainContext<Db>,
  { id, ...input }: { id: string | null } & FundingSourceInput,
) {
  requirePermission(actor, "catalogue", "manage");
  const values = normalise(input);
  return db.transaction(async (tx) => {
    let targetId = id;
    if (id) {
      const [current] = await tx.select().from(fundingSources).where(eq(fundingSources.id, id)).for("update");
      if (!current) throw notFound("funding source");
      if (current.kind !== values.kind) {
        // Decisions carry the kind (SRT and TRT must not overlap for a client); re-labelling a
        // funder under existing decisions would silently change what those decisions are.
        const [used] = await tx.select({ n: count() }).from(fundingDecisions).where(eq(fundingDecisions.fundingSourceId, id));
        if (used!.n > 0) {
          throw new AppError(
            "CONFLICT",
            "catalogueErrors.kindInUse",
            `The kind cannot change: ${used!.n} funding decisions use this source`,
            {
              field: "kind",
              params: { count: used!.n },
            },
          );
        }
      }
      await tx.update(fundingSources).set(values).where(eq(fundingSources.id, id));
    } else {
      const [row] = await tx.insert(fundingSources).values(values).returning({ id: fundingSources.id });
      targetId = row!.id;
    }
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: id ? "funding_source.update" : "funding_source.create",
      targetType: "funding_source",
      targetId,
      ip,
      details: { ...values },
    });
    return { id: targetId! };
  });
}
