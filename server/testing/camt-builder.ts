import { create } from "xmlbuilder2";
import { CAMT_053_NAMESPACE } from "@/server/billing/payments/camt";

/**
 * Builds camt.053.001.02 statements for tests (valid against the XSD in fixtures/camt/): the real
 * samples' references cannot match the invoices a test makes. Amounts are strings so a test can
 * write one with three decimals.
 */

export type EntrySpec = {
  amount: string;
  credit?: boolean;
  /** Structured creditor reference (RmtInf/Strd/CdtrRefInf/Ref). */
  reference?: string;
  text?: string;
  payer?: string;
  payerIban?: string;
  bookingDate?: string;
  /** The bank's id of the entry; generated when left out. */
  ref?: string;
  booked?: boolean;
};

export type StatementSpec = { iban: string; id?: string; entries: EntrySpec[]; namespace?: string };

let counter = 0;

export function buildCamt053(spec: StatementSpec): string {
  const n = ++counter;
  const id = spec.id ?? `TEST-${Date.now()}-${n}`;
  const doc = create({ version: "1.0", encoding: "UTF-8" })
    .ele(spec.namespace ?? CAMT_053_NAMESPACE, "Document")
    .ele("BkToCstmrStmt");
  doc.ele("GrpHdr").ele("MsgId").txt(`MSG-${id}`).up().ele("CreDtTm").txt("2026-12-01T09:00:00");
  const stmt = doc.ele("Stmt");
  stmt.ele("Id").txt(id).up().ele("CreDtTm").txt("2026-12-01T09:00:00");
  stmt.ele("FrToDt").ele("FrDtTm").txt("2026-11-01T00:00:00").up().ele("ToDtTm").txt("2026-11-30T23:59:59");
  stmt.ele("Acct").ele("Id").ele("IBAN").txt(spec.iban).up().up().ele("Ccy").txt("EUR");
  const bal = stmt.ele("Bal");
  bal.ele("Tp").ele("CdOrPrtry").ele("Cd").txt("OPBD");
  bal.ele("Amt", { Ccy: "EUR" }).txt("0.00").up().ele("CdtDbtInd").txt("CRDT").up().ele("Dt").ele("Dt").txt("2026-11-01");
  spec.entries.forEach((e, i) => {
    const ntry = stmt.ele("Ntry");
    const ref = e.ref ?? `${id}-${i + 1}`;
    ntry.ele("NtryRef").txt(ref);
    ntry.ele("Amt", { Ccy: "EUR" }).txt(e.amount);
    ntry.ele("CdtDbtInd").txt(e.credit === false ? "DBIT" : "CRDT");
    ntry.ele("Sts").txt(e.booked === false ? "PDNG" : "BOOK");
    ntry
      .ele("BookgDt")
      .ele("Dt")
      .txt(e.bookingDate ?? "2026-11-20");
    ntry
      .ele("ValDt")
      .ele("Dt")
      .txt(e.bookingDate ?? "2026-11-20");
    ntry.ele("AcctSvcrRef").txt(ref);
    ntry
      .ele("BkTxCd")
      .ele("Domn")
      .ele("Cd")
      .txt("PMNT")
      .up()
      .ele("Fmly")
      .ele("Cd")
      .txt(e.credit === false ? "ICDT" : "RCDT")
      .up()
      .ele("SubFmlyCd")
      .txt("BOOK");
    const tx = ntry.ele("NtryDtls").ele("TxDtls");
    tx.ele("Refs").ele("AcctSvcrRef").txt(ref);
    tx.ele("AmtDtls").ele("TxAmt").ele("Amt", { Ccy: "EUR" }).txt(e.amount);
    const parties = tx.ele("RltdPties");
    parties
      .ele("Dbtr")
      .ele("Nm")
      .txt(e.payer ?? "Sotsiaalkindlustusamet");
    parties
      .ele("DbtrAcct")
      .ele("Id")
      .ele("IBAN")
      .txt(e.payerIban ?? "EE471000001020145685");
    if (e.text !== undefined || e.reference !== undefined) {
      const rmt = tx.ele("RmtInf");
      if (e.text !== undefined) rmt.ele("Ustrd").txt(e.text);
      if (e.reference !== undefined) {
        const cri = rmt.ele("Strd").ele("CdtrRefInf");
        cri.ele("Tp").ele("CdOrPrtry").ele("Cd").txt("SCOR");
        cri.ele("Ref").txt(e.reference);
      }
    }
  });
  return doc.end({ prettyPrint: true });
}
