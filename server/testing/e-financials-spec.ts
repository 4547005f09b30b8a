import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";

/**
 * RIK's own OpenAPI description of e-Financials (server/testing/fixtures/e-financials/openapi.yaml)
 * as validators for the look-alike server: every request body, query and answer is checked
 * against the operation's schemas in that file by Ajv (JSON Schema 2020-12, which OpenAPI 3.1
 * uses), not by hand-written rules.
 *
 * Requests are validated strictly: a property the spec marks readOnly must not be sent. The
 * file's known defects (fixtures README) are worked around here and only here:
 * - SaleInvoicesDeliveryRequest.required names can_send_einvoice/can_send_email; the real
 *   fields are send_einvoice/send_email, so those are required instead;
 * - delivery_options has its 200 and 409 answers swapped: 200 is the options, 409 the ApiResponse;
 * - ApiFile.required lists a `code` that does not exist;
 * - sale_invoice_type is not enumerated, so any string passes (as the spec says);
 * - SaleInvoices' credit_invoices, journals, settlements and transactions say `items: integer`
 *   where JSON Schema needs `items: { type: integer }`; such shorthand is expanded;
 * - two example strings of CompanyInvoiceInfo continue at column 0 (with CRLF), which strict
 *   YAML 1.2 parsers refuse; those continuation lines are indented in memory before parsing.
 */

type Schema = Record<string, unknown>;
type Operation = {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};
type Parameter = { name: string; in: string; required?: boolean; schema?: Schema };
type Spec = {
  paths: Record<string, Record<string, Operation> & { parameters?: Parameter[] }>;
  components: { schemas: Record<string, Schema> };
};

export const SPEC_PATH = path.join(process.cwd(), "server", "testing", "fixtures", "e-financials", "openapi.yaml");

function loadSpec(): Spec {
  const text = readFileSync(SPEC_PATH, "utf8").replace(/^(?![A-Za-z_]+:|#|[ \t\r]|$)/gm, "            ");
  const spec = parse(text) as Spec;
  const schemas = spec.components.schemas;
  schemas.SaleInvoicesDeliveryRequest!.required = ["send_einvoice", "send_email"];
  const apiFile = schemas.ApiFile as { required?: string[] };
  apiFile.required = (apiFile.required ?? []).filter((f) => f !== "code");
  const options = spec.paths["/sale_invoices/{sale_invoices_id}/delivery_options"]!.get!.responses!;
  [options["200"], options["409"]] = [options["409"]!, options["200"]!];
  expandItemShorthand(spec.components);
  return spec;
}

function expandItemShorthand(node: unknown): void {
  if (!node || typeof node !== "object") return;
  const o = node as Record<string, unknown>;
  if (typeof o.items === "string") o.items = { type: o.items };
  for (const [k, v] of Object.entries(o)) if (k !== "examples") expandItemShorthand(v);
}

// ajv-formats is CommonJS with a default export; under Node's ESM interop it may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv2020,
) => void;

function makeAjv(forRequests: boolean, coerce = false): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes: coerce });
  addFormats(ajv);
  if (forRequests) {
    // readOnly is an annotation to Ajv; for a request it is a rule: the property must be absent.
    ajv.removeKeyword("readOnly");
    ajv.addKeyword({ keyword: "readOnly", schemaType: "boolean", errors: false, validate: (readOnly: boolean) => !readOnly });
  }
  return ajv;
}

export type SpecOperation = { method: string; template: string; id: number | null };
export type SpecCheck = { ok: true } | { ok: false; errors: string[] };

export type SpecValidator = {
  /** The spec's operation for a request path under /v1, or null when the spec has none. */
  operation(method: string, pathname: string): SpecOperation | null;
  request(op: SpecOperation, query: URLSearchParams, body: unknown): SpecCheck;
  response(op: SpecOperation, status: number, body: unknown): SpecCheck;
};

let shared: SpecValidator | undefined;

/** One validator per process: compiling the schemas is the slow part, so it happens once. */
export function specValidator(): SpecValidator {
  shared ??= makeValidator();
  return shared;
}

function makeValidator(): SpecValidator {
  const spec = loadSpec();
  const doc = { $id: "e-financials", components: spec.components };
  const [requests, responses, queries] = [makeAjv(true), makeAjv(false), makeAjv(false, true)];
  for (const ajv of [requests, responses]) ajv.addSchema(doc);
  const cache = new Map<string, ValidateFunction | null>();
  const compiled = (key: string, ajv: Ajv2020, schema: Schema | undefined) => {
    if (!cache.has(key)) cache.set(key, schema ? ajv.compile(rebase(schema)) : null);
    return cache.get(key)!;
  };
  const templates = Object.keys(spec.paths).map((t) => ({ t, re: new RegExp(`^/v1${t.replace(/\{[^}]+\}/g, "(\\d+)")}$`) }));
  const opOf = (o: SpecOperation) => spec.paths[o.template]![o.method.toLowerCase()] as Operation;

  return {
    operation(method, pathname) {
      for (const { t, re } of templates) {
        const m = re.exec(pathname);
        if (m && spec.paths[t]![method.toLowerCase()]) return { method: method.toUpperCase(), template: t, id: m[1] ? Number(m[1]) : null };
      }
      return null;
    },
    request(o, query, body) {
      const op = opOf(o);
      const errors: string[] = [];
      const params = [...(spec.paths[o.template]!.parameters ?? []), ...(op.parameters ?? [])].filter((p) => p.in === "query");
      const querySchema = {
        type: "object",
        additionalProperties: false,
        properties: Object.fromEntries(params.map((p) => [p.name, p.schema ?? {}])),
        required: params.filter((p) => p.required).map((p) => p.name),
      };
      const q = compiled(`q ${o.method} ${o.template}`, queries, querySchema)!;
      if (!q(Object.fromEntries(query))) errors.push(...describe(q.errors, "query"));
      const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
      if (bodySchema) {
        const v = compiled(`req ${o.method} ${o.template}`, requests, bodySchema)!;
        if (!v(body)) errors.push(...describe(v.errors, "body"));
      } else if (body !== undefined) {
        errors.push("body: this operation takes no request body");
      }
      return errors.length ? { ok: false, errors } : { ok: true };
    },
    response(o, status, body) {
      const schema = opOf(o).responses?.[String(status)]?.content?.["application/json"]?.schema;
      // Answers the spec does not describe (401, 429, 503) carry no schema to check.
      if (!schema) return { ok: true };
      const v = compiled(`res ${status} ${o.method} ${o.template}`, responses, schema)!;
      return v(body) ? { ok: true } : { ok: false, errors: describe(v.errors, `answer ${status}`) };
    },
  };
}

/** "#/components/..." references, made absolute to the registered spec document. */
function rebase(schema: Schema): Schema {
  return JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', '"$ref":"e-financials#/')) as Schema;
}

function describe(errors: ErrorObject[] | null | undefined, where: string): string[] {
  return (errors ?? []).map((e) => {
    const at = `${where}${e.instancePath.replaceAll("/", ".")}`;
    if (e.keyword === "readOnly") return `${at} is read-only and must not be sent`;
    if (e.keyword === "additionalProperties")
      return `${at}: unknown parameter ${String((e.params as { additionalProperty: string }).additionalProperty)}`;
    return `${at} ${e.message ?? e.keyword}`;
  });
}
