import nodemailer from "nodemailer";
import type { Db } from "@/server/db/client";
import { env } from "@/server/env";
import { invalid } from "@/server/errors";
import { getInstitutionLogo } from "@/server/settings/institution";
import type { InvoiceDocument } from "./document";
import { invoiceXml } from "./invoice-xml";
import { renderInvoicePdf } from "./pdf";
import { formatFor } from "@/lib/format";

/**
 * Sending an invoice by e-mail: the PDF/A-3 (with the XML inside) and the XML itself as
 * attachments, to the buyer's e-mail address frozen on the invoice, through the SMTP server of
 * SMTP_URL (nodemailer: it handles STARTTLS, authentication and MIME, none of which is worth
 * writing again). The SMTP server's answer is the answer shown on the invoice page.
 */

export type EmailStep = {
  operation: "send_email";
  method: "SMTP";
  path: string;
  httpStatus: null;
  responseCode: number | null;
  messages: string[];
  durationMs: number;
  error?: string;
};

export type EmailResult = { ok: boolean; messages: string[]; step: EmailStep };

/** The SMTP settings, or a refusal naming what to configure; checked before the invoice is taken. */
export function smtpForSending(doc: Pick<InvoiceDocument, "buyer" | "seller">): { url: string; from: string } {
  const { SMTP_URL, SMTP_FROM } = env();
  if (!SMTP_URL)
    throw invalid(
      "SMTP_URL",
      "billingErrors.smtpNotConfigured",
      "Sending by e-mail needs an SMTP server: set SMTP_URL (and SMTP_FROM) for the app",
    );
  if (!doc.buyer.email)
    throw invalid(
      "payerEmail",
      "billingErrors.buyerEmailMissing",
      "The invoice has no buyer e-mail address: add it to the funder and confirm a new invoice",
    );
  const from = SMTP_FROM ?? (doc.seller.email ? `"${doc.seller.name.replace(/"/g, "")}" <${doc.seller.email}>` : null);
  if (!from)
    throw invalid(
      "SMTP_FROM",
      "billingErrors.smtpNotConfigured",
      "Set SMTP_FROM or the institution's e-mail address to send invoices by e-mail",
    );
  return { url: SMTP_URL, from };
}

export async function sendInvoiceEmail(
  db: Db,
  doc: InvoiceDocument,
  smtp: { url: string; from: string },
  timeoutMs = 30_000,
): Promise<EmailResult> {
  const logo = await getInstitutionLogo(db);
  const xml = invoiceXml(doc);
  const pdf = await renderInvoicePdf(doc, { ...(logo ? { logo: { data: logo.bytes, mime: logo.mime } } : {}), xml });
  const to = doc.buyer.email!;
  const started = performance.now();
  const step: EmailStep = {
    operation: "send_email",
    method: "SMTP",
    path: `mailto:${to}`,
    httpStatus: null,
    responseCode: null,
    messages: [],
    durationMs: 0,
  };
  const transport = nodemailer.createTransport(smtp.url, {
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    const title = doc.type === "CRE" ? "Kreeditarve" : "Arve";
    const info = await transport.sendMail({
      from: smtp.from,
      to,
      subject: `${title} ${doc.number} – ${doc.seller.name}`,
      text: body(doc, title),
      attachments: [
        { filename: `${doc.number.replace(/[^A-Za-z0-9_-]/g, "_")}.pdf`, content: pdf, contentType: "application/pdf" },
        { filename: xml.fileName, content: xml.content, contentType: "application/xml" },
      ],
    });
    step.responseCode = Number(/^(\d{3})/.exec(info.response)?.[1] ?? 250);
    step.messages = [info.response];
    const refused = info.rejected.map(String);
    if (refused.length) step.error = `Refused: ${refused.join(", ")}`;
    return { ok: refused.length === 0, messages: refused.length ? [step.error!] : [], step };
  } catch (err) {
    const e = err as { responseCode?: number; response?: string; message?: string };
    step.responseCode = typeof e.responseCode === "number" ? e.responseCode : null;
    step.error = e.message ?? String(err);
    step.messages = [e.response ?? step.error];
    return { ok: false, messages: step.messages, step };
  } finally {
    step.durationMs = Math.round(performance.now() - started);
    transport.close();
  }
}

// The e-mail goes with an Estonian invoice, so it is written the Estonian way.
const { money: euro, date } = formatFor("et");

function body(doc: InvoiceDocument, title: string): string {
  const lines = [
    "Tere!",
    "",
    `Manuses on ${title.toLowerCase()} ${doc.number} (${date(doc.periodStart)}–${date(doc.periodEnd)}) summas ${euro(doc.totalCents)}.`,
    ...(doc.type === "DEB"
      ? [`Palume tasuda hiljemalt ${date(doc.dueDate)} arvelduskontole ${doc.seller.iban ?? ""}, viitenumber ${doc.referenceNumber}.`]
      : []),
    "Manuses on arve PDF-failina (PDF/A-3, XML sees) ja XML-failina.",
    "",
    ...(doc.issuer
      ? [`${doc.issuer.name}${doc.issuer.email ? `, ${doc.issuer.email}` : ""}${doc.issuer.phone ? `, ${doc.issuer.phone}` : ""}`]
      : []),
    doc.seller.name,
  ];
  return lines.join("\n");
}
