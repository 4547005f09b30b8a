import { XMLParser, XMLValidator } from "fast-xml-parser";
import { invalid } from "@/server/errors";

/**
 * Reads an ISO 20022 camt.053.001.02 bank statement (what Estonian banks export) into plain
 * statements and entries. fast-xml-parser checks well-formedness first (with a line number);
 * the structure is then checked by hand for the few elements matching needs, each refusal a
 * clear INVALID_INPUT on the field `file`. Amounts stay strings until they are turned into
 * cents, so 10.005 is refused rather than rounded.
 */

export const CAMT_053_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02";

export type CamtEntry = {
  /** The bank's id of the entry (or of one transaction of a batch entry). */
  entryRef: string;
  position: number;
  bookingDate: string;
  amountCents: number;
  credit: boolean;
  /** Booked (Sts BOOK) and not a reversal: only these are payments. */
  booked: boolean;
  payerName: string | null;
  payerIban: string | null;
  /** Structured creditor reference (RmtInf/Strd/CdtrRefInf/Ref), spaces removed. */
  reference: string | null;
  remittance: string;
};

export type CamtStatement = {
  statementRef: string;
  accountIban: string;
  messageId: string | null;
  fromDate: string | null;
  toDate: string | null;
  entries: CamtEntry[];
};

type Node = Record<string, unknown>;
const ARRAYS = new Set(["Stmt", "Ntry", "TxDtls", "Ustrd", "Strd"]);

const notCamt = (detail: string) =>
  invalid("file", "paymentsErrors.notCamt053", `The file is not an ISO 20022 camt.053.001.02 bank statement: ${detail}`, { detail });

function parser(removeNSPrefix: boolean) {
  return new XMLParser({
    ignoreAttributes: false,
    removeNSPrefix,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => ARRAYS.has(name),
  });
}

const node = (v: unknown): Node | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Node) : undefined);
const list = (v: unknown): Node[] => (Array.isArray(v) ? v.map(node).filter((n): n is Node => Boolean(n)) : []);
/** The text of an element, whether it came out as a string or as { "#text": ... } (it had attributes). */
function text(v: unknown): string | null {
  if (typeof v === "string") return v.trim() || null;
  if (typeof v === "number") return String(v);
  const n = node(v);
  return n && typeof n["#text"] === "string" ? n["#text"].trim() || null : null;
}
function at(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const key of path.split("/")) {
    const n = Array.isArray(cur) ? node(cur[0]) : node(cur);
    if (!n) return undefined;
    cur = n[key];
  }
  return cur;
}
const textAt = (root: unknown, path: string) => text(at(root, path));
// Bank text may carry line breaks or stray control characters; stored and shown as one line.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]+/g;
const oneLine = (s: string) => s.replace(CONTROL_CHARACTERS, " ").replace(/\s+/g, " ").trim();

/** "123.45" -> 12345 cents; more than two decimals or anything else is refused, naming the entry. */
export function amountToCents(raw: string | null, entry: number): number {
  const where = `entry ${entry}`;
  const m = raw ? /^(\d{1,13})(?:\.(\d+))?$/.exec(raw) : null;
  if (!m)
    throw invalid("file", "paymentsErrors.amountInvalid", `${where}: the amount "${raw ?? ""}" is not an amount`, {
      entry,
      amount: raw ?? "",
    });
  const decimals = m[2] ?? "";
  if (decimals.length > 2) {
    throw invalid("file", "paymentsErrors.amountTooPrecise", `${where}: the amount ${raw} has more than two decimals`, {
      entry,
      amount: raw!,
    });
  }
  return Number(m[1]) * 100 + Number(decimals.padEnd(2, "0"));
}

function dateOf(v: unknown): string | null {
  const d = textAt(v, "Dt") ?? textAt(v, "DtTm");
  return d && /^\d{4}-\d{2}-\d{2}/.test(d) ? d.slice(0, 10) : null;
}

function transactions(entry: Node): Node[] {
  return list(node(entry.NtryDtls)?.TxDtls ?? (Array.isArray(entry.NtryDtls) ? list(entry.NtryDtls).flatMap((d) => list(d.TxDtls)) : []));
}

function readEntry(entry: Node, index: number, statementRef: string): CamtEntry[] {
  const where = `entry ${index + 1}`;
  const amount = at(entry, "Amt");
  const currency = node(amount)?.["@_Ccy"];
  if (currency !== undefined && currency !== "EUR") {
    throw invalid("file", "paymentsErrors.currency", `${where}: only EUR accounts are supported, not ${String(currency)}`, {
      entry: index + 1,
      currency: String(currency),
    });
  }
  const cdt = textAt(entry, "CdtDbtInd");
  if (cdt !== "CRDT" && cdt !== "DBIT") throw notCamt(`${where} has no CdtDbtInd`);
  const bookingDate = dateOf(at(entry, "BookgDt")) ?? dateOf(at(entry, "ValDt"));
  if (!bookingDate) throw notCamt(`${where} has no booking date`);
  const cents = amountToCents(text(amount), index + 1);
  const booked = textAt(entry, "Sts") === "BOOK" && textAt(entry, "RvslInd") !== "true";
  const key = textAt(entry, "AcctSvcrRef") ?? textAt(entry, "NtryRef") ?? `${statementRef}#${index + 1}`;
  const txs = transactions(entry);
  // A batch entry lists its transactions with their own amounts: each is a payment of its own.
  const split = txs.length > 1 && txs.every((tx) => text(at(tx, "AmtDtls/TxAmt/Amt")) !== null);
  const parts = split ? txs : [txs[0] ?? {}];
  return parts.map((tx, i) => {
    const strd = list(node(tx.RmtInf)?.Strd);
    const refs = strd.map((s) => textAt(s, "CdtrRefInf/Ref")).filter((r): r is string => Boolean(r));
    const ustrd = ((node(tx.RmtInf)?.Ustrd as unknown[] | undefined) ?? []).map(text).filter((u): u is string => Boolean(u));
    return {
      entryRef: split ? `${key}/${i + 1}` : key,
      position: index + 1,
      bookingDate,
      amountCents: split ? amountToCents(textAt(tx, "AmtDtls/TxAmt/Amt"), index + 1) : cents,
      credit: cdt === "CRDT",
      booked,
      payerName: oneLine(textAt(tx, "RltdPties/Dbtr/Nm") ?? "") || null,
      payerIban: textAt(tx, "RltdPties/DbtrAcct/Id/IBAN")?.replace(/\s+/g, "").toUpperCase() ?? null,
      reference: refs[0]?.replace(/\s+/g, "") ?? null,
      remittance: oneLine(ustrd.join(" ")),
    };
  });
}

export function parseCamt053(xml: string): CamtStatement[] {
  if (!xml.trim()) throw notCamt("the file is empty");
  // A statement never declares a DTD; refusing one keeps entity expansion out of the parser.
  if (/<!DOCTYPE/i.test(xml)) throw notCamt("it declares a DOCTYPE");
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw invalid("file", "paymentsErrors.notXml", `The file is not well-formed XML (line ${valid.err.line}): ${valid.err.msg}`, {
      line: valid.err.line,
    });
  }
  const raw = parser(false).parse(xml) as Node;
  const roots = Object.keys(raw).filter((k) => !k.startsWith("?"));
  if (roots.length !== 1) throw notCamt("it has no single root element");
  const rootName = roots[0]!;
  const prefix = rootName.includes(":") ? rootName.split(":")[0]! : "";
  const namespace = node(raw[rootName])?.[prefix ? `@_xmlns:${prefix}` : "@_xmlns"];
  if (rootName.replace(/^.*:/, "") !== "Document" || typeof namespace !== "string")
    throw notCamt("the root element is not an ISO 20022 Document");
  if (namespace !== CAMT_053_NAMESPACE) {
    const kind = /camt\.\d{3}\.\d{3}\.\d{2}/.exec(namespace)?.[0] ?? namespace;
    throw invalid("file", "paymentsErrors.wrongMessage", `The file is ${kind}, not a camt.053.001.02 bank statement`, { kind });
  }
  const doc = node((prefix ? (parser(true).parse(xml) as Node) : raw).Document);
  const stmts = list(node(doc?.BkToCstmrStmt)?.Stmt);
  if (!stmts.length) throw notCamt("it holds no statement (BkToCstmrStmt/Stmt)");
  const messageId = textAt(doc, "BkToCstmrStmt/GrpHdr/MsgId");
  return stmts.map((stmt) => {
    const statementRef = textAt(stmt, "Id");
    if (!statementRef) throw notCamt("a statement has no Id");
    const accountIban = textAt(stmt, "Acct/Id/IBAN")?.replace(/\s+/g, "").toUpperCase();
    if (!accountIban) throw invalid("file", "paymentsErrors.noIban", "The statement names no account IBAN (Stmt/Acct/Id/IBAN)");
    const ccy = textAt(stmt, "Acct/Ccy");
    if (ccy && ccy !== "EUR")
      throw invalid("file", "paymentsErrors.currency", `Only EUR accounts are supported, not ${ccy}`, { entry: 0, currency: ccy });
    return {
      statementRef,
      accountIban,
      messageId,
      fromDate: textAt(stmt, "FrToDt/FrDtTm")?.slice(0, 10) ?? null,
      toDate: textAt(stmt, "FrToDt/ToDtTm")?.slice(0, 10) ?? null,
      entries: list(stmt.Ntry).flatMap((e, i) => readEntry(e, i, statementRef)),
    };
  });
}
