import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import SaxonJS from "saxon-js";
import { validateXML } from "xmllint-wasm";

/**
 * Checks a UBL 2.1 document the way a Peppol access point does: the OASIS XSD, then the CEN
 * EN 16931 rules and the Peppol BIS Billing 3.0 rules (both Schematron compiled to XSLT 2.0,
 * kept unmodified in fixtures/). SaxonJS runs XSLT without Java, but compiling the 0.9 MB CEN
 * stylesheet takes ~15 s, so each stylesheet is compiled to SEF once and the result cached under
 * node_modules/.cache, keyed by the stylesheet's SHA-256: a changed fixture compiles afresh.
 */

const FIXTURES = path.join(process.cwd(), "server/testing/fixtures");
const CACHE = path.join(process.cwd(), "node_modules/.cache/ubl-validation");
const XSLT3 = path.join(process.cwd(), "node_modules/xslt3/xslt3.js");

export const RULE_SETS = {
  cen: "en16931/EN16931-UBL-validation.xslt",
  peppol: "en16931/PEPPOL-EN16931-UBL.xslt",
} as const;
export type RuleSet = keyof typeof RULE_SETS;

const compiled = new Map<string, Promise<unknown>>();

/** The compiled stylesheet, from the cache or compiled now (atomically written, so parallel workers never read half a file). */
export function compiledRules(set: RuleSet): Promise<unknown> {
  let p = compiled.get(set);
  if (!p) {
    p = (async () => {
      const source = path.join(FIXTURES, RULE_SETS[set]);
      const hash = createHash("sha256").update(readFileSync(source)).digest("hex").slice(0, 16);
      const sef = path.join(CACHE, `${path.basename(source, ".xslt")}-${hash}.sef.json`);
      if (!existsSync(sef)) {
        mkdirSync(CACHE, { recursive: true });
        const tmp = `${sef}.${process.pid}.tmp`;
        await promisify(execFile)(process.execPath, [XSLT3, `-xsl:${source}`, `-export:${tmp}`, "-nogo", "-relocate:on"], {
          maxBuffer: 1 << 24,
        });
        renameSync(tmp, sef);
      }
      return JSON.parse(readFileSync(sef, "utf8"));
    })();
    compiled.set(set, p);
  }
  return p;
}

export type RuleFailure = { id: string; flag: string; location: string; text: string };

/** Every failed assertion of one rule set (warnings included; callers look at `flag`). */
export async function ruleFailures(set: RuleSet, xml: string): Promise<RuleFailure[]> {
  const result = await SaxonJS.transform(
    { stylesheetInternal: await compiledRules(set), sourceText: xml, destination: "serialized" },
    "async",
  );
  const svrl = String(result.principalResult);
  const failures: RuleFailure[] = [];
  for (const m of svrl.matchAll(/<svrl:failed-assert\b([^>]*)>([\s\S]*?)<\/svrl:failed-assert>/g)) {
    const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(m[1]!)?.[1] ?? "";
    const text = /<svrl:text>([\s\S]*?)<\/svrl:text>/.exec(m[2]!)?.[1] ?? "";
    failures.push({ id: attr("id"), flag: attr("flag"), location: attr("location"), text: text.trim() });
  }
  return failures;
}

/** The fatal failures of both rule sets, each as "ID: text" so a failing test says which rule broke. */
export async function fatalRuleFailures(xml: string): Promise<string[]> {
  const all = [...(await ruleFailures("cen", xml)), ...(await ruleFailures("peppol", xml))];
  return all.filter((f) => f.flag === "fatal").map((f) => `${f.id}: ${f.text}`);
}

/** Schema errors against the OASIS UBL 2.1 XSD (Invoice or CreditNote by the root element). */
export async function ublSchemaErrors(xml: string): Promise<string[]> {
  const doc = /<(?:\w+:)?CreditNote[\s>]/.test(xml.slice(0, 2000)) ? "CreditNote" : "Invoice";
  const result = await validateXML({
    xml: [{ fileName: "document.xml", contents: xml }],
    schema: [xsd(`ubl-2.1/maindoc/UBL-${doc}-2.1.xsd`)],
    preload: COMMON.map((f) => xsd(`ubl-2.1/common/${f}`)),
  });
  return result.errors.map((e) => e.rawMessage);
}

const COMMON = [
  "CCTS_CCT_SchemaModule-2.1.xsd",
  "UBL-CommonAggregateComponents-2.1.xsd",
  "UBL-CommonBasicComponents-2.1.xsd",
  "UBL-CommonExtensionComponents-2.1.xsd",
  "UBL-CommonSignatureComponents-2.1.xsd",
  "UBL-CoreComponentParameters-2.1.xsd",
  "UBL-ExtensionContentDataType-2.1.xsd",
  "UBL-QualifiedDataTypes-2.1.xsd",
  "UBL-SignatureAggregateComponents-2.1.xsd",
  "UBL-SignatureBasicComponents-2.1.xsd",
  "UBL-UnqualifiedDataTypes-2.1.xsd",
  "UBL-XAdESv132-2.1.xsd",
  "UBL-XAdESv141-2.1.xsd",
  "UBL-xmldsig-core-schema-2.1.xsd",
];

/** xmllint resolves `../common/x.xsd` against the file name, so names keep the fixture folder layout. */
function xsd(rel: string) {
  return { fileName: rel, contents: readFileSync(path.join(FIXTURES, rel), "utf8") };
}
