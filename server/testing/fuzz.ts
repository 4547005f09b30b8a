import fc from "fast-check";
import type { z } from "zod";

/**
 * fast-check arbitraries read off a procedure's zod input: a plausible input (ids of rows that
 * exist, real days, strings within their limits, e-mail addresses where the field says so) with
 * one or two of its values swapped for hostile ones. Plausible around the hostile value, so the
 * call gets past the other fields to where the hostile one can do harm. A new procedure is
 * fuzzed from its own schema, with nobody writing its inputs.
 */

type Def = {
  type: string;
  format?: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string>;
  values?: unknown[];
  checks?: { _zod: { def: CheckDef } }[];
};
type CheckDef = { check: string; format?: string; pattern?: RegExp; value?: unknown; minimum?: number; maximum?: number };

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (def: Def) => (def.checks ?? []).map((c) => c._zod.def);

function nested(depth: number): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** Text no form sends: control characters first (PostgreSQL refuses NUL), then days that do not exist, then the odd. */
export const HOSTILE_STRINGS = [
  "\u0000",
  "Ma\u0000ri",
  "2026-02-30",
  "2026-02-29",
  "0000-01-01",
  "+275760-09-13",
  "2026-13",
  "2026-00-10",
  "\u0007\u001b[2J",
  "rida\u000bkaks",
  "\u007f\u0085\u009f",
  "\ud800",
  "'; DROP TABLE clients; --",
  "x".repeat(100_000),
  " ",
  "",
  "1e309",
  "NaN",
  "__proto__",
  "00000000-0000-0000-0000-000000000000",
];
export const HOSTILE_NUMBERS = [
  -1,
  1e308,
  -1e308,
  2 ** 31,
  2 ** 53 + 1,
  0.1 + 0.2,
  -0,
  1e-9,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
];
/** Invalid, the year 275760, year 0, 1970, the edges of the sane range. */
export const HOSTILE_DATES = [
  new Date(Number.NaN),
  new Date(8.64e15),
  new Date(-8.64e15),
  new Date("0000-01-01T00:00:00Z"),
  new Date(0),
  new Date("2100-12-31T23:59:59Z"),
];
/** Only what a request can carry (JSON through superjson): no functions or symbols. */
export const HOSTILE_OTHER: unknown[] = [
  null,
  undefined,
  true,
  12n,
  {},
  [],
  ["x"],
  [[[]]],
  nested(60),
  new Map([["a", 1]]),
  new Set([1]),
  JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'),
];

/** Picks the ids a uuid field should name, by the field's name and the procedure's path. */
export type IdPicker = (field: string) => readonly string[];

const PLAUSIBLE_BY_FIELD: Record<string, readonly string[]> = {
  email: ["mari.maasikas@example.ee"],
  payerEmail: ["arved@example.ee"],
  phone: ["+372 5555 1234"],
  personalCode: ["38001085718", "60001019906", "49003050224"],
  registryCode: ["70001975"],
  payerRegistryCode: ["70001975"],
  iban: ["EE382200221020145685"],
  vatNumber: ["EE100000000"],
  baseUrl: ["https://demo-rmp-api.rik.ee/v1"],
  timeZone: ["Europe/Tallinn"],
  unitPrice: ["29.36", "0", "10.5"],
  invoiceSeriesPrefix: ["ARVE"],
  dataUrl: ["data:image/png;base64,iVBORw0KGgo="],
};

const days = fc
  .date({ min: new Date("2024-01-01T00:00:00Z"), max: new Date("2028-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

function plausibleString(def: Def, field: string, pickIds: IdPicker): fc.Arbitrary<string> {
  if (def.format === "uuid") {
    const pool = pickIds(field);
    return pool.length ? fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: fc.uuid() }) : fc.uuid();
  }
  const checks = checksOf(def);
  const regex = checks.find((c) => c.check === "string_format" && c.format === "regex")?.pattern;
  if (regex?.test("2026-12-03")) return days;
  if (regex?.test("2026-12")) return days.map((d) => d.slice(0, 7));
  if (regex) return fc.stringMatching(regex);
  const known = PLAUSIBLE_BY_FIELD[field];
  if (known) return fc.constantFrom(...known);
  const max = checks.find((c) => c.check === "max_length")?.maximum ?? 200;
  const min = checks.find((c) => c.check === "min_length")?.minimum ?? 0;
  const words = fc.constantFrom("Mari", "Test", "Ülle Õun", "K000123", "Märkus", "ABC-1");
  return fc.oneof(
    { weight: 3, arbitrary: words },
    { weight: 1, arbitrary: fc.string({ minLength: Math.max(min, 1), maxLength: Math.max(min, Math.min(max, 20)) }) },
  );
}

function plausibleNumber(def: Def): fc.Arbitrary<number> {
  const checks = checksOf(def);
  const int = checks.some((c) => c.check === "number_format");
  const lo = checks.find((c) => c.check === "greater_than")?.value;
  const hi = checks.find((c) => c.check === "less_than")?.value;
  const min = Math.max(typeof lo === "number" ? lo : 0, -10);
  const max = Math.min(typeof hi === "number" ? hi : 100, 1000);
  return int ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** A plausible value of `schema`; `field` is the name of the object key it sits under. */
export function plausibleArbitrary(schema: z.ZodType, pickIds: IdPicker, field = ""): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case "object":
      return fc.record(Object.fromEntries(Object.entries(def.shape ?? {}).map(([k, v]) => [k, plausibleArbitrary(v, pickIds, k)])));
    case "string":
      return plausibleString(def, field, pickIds);
    case "number":
      return plausibleNumber(def);
    case "boolean":
      return fc.boolean();
    case "date":
      return fc.date({ min: new Date("2025-01-01T00:00:00Z"), max: new Date("2028-12-31T00:00:00Z"), noInvalidDate: true });
    case "enum":
      return fc.constantFrom(...Object.values(def.entries ?? {}));
    case "literal":
      return fc.constantFrom(...(def.values ?? [null]));
    case "array": {
      const max = checksOf(def).find((c) => c.check === "max_length")?.maximum ?? 3;
      const min = checksOf(def).find((c) => c.check === "min_length")?.minimum ?? 0;
      return fc.array(plausibleArbitrary(def.element!, pickIds, field), { minLength: min, maxLength: Math.max(min, Math.min(max, 3)) });
    }
    case "nullable":
      return fc.oneof(
        { weight: 1, arbitrary: fc.constant(null) },
        { weight: 3, arbitrary: plausibleArbitrary(def.innerType!, pickIds, field) },
      );
    case "optional":
    case "default":
      return fc.oneof(
        { weight: 1, arbitrary: fc.constant(undefined) },
        { weight: 3, arbitrary: plausibleArbitrary(def.innerType!, pickIds, field) },
      );
    case "pipe":
      return plausibleArbitrary(def.in!, pickIds, field);
    case "union":
      return fc.oneof(...(def.options ?? []).map((o) => plausibleArbitrary(o, pickIds, field)));
    default:
      return fc.constantFrom(...HOSTILE_OTHER);
  }
}

type Leaf = { parent: Record<string | number, unknown> | null; key: string | number; value: unknown };

/** The places in a value a hostile one can go: every property and element, and the value itself. */
const SHARED = new Set(HOSTILE_OTHER);
function leavesOf(value: unknown): Leaf[] {
  const leaves: Leaf[] = [{ parent: null, key: "", value }];
  const walk = (v: unknown) => {
    // A hostile value put in by an earlier change is shared by every run: never changed inside.
    if (!v || typeof v !== "object" || v instanceof Date || SHARED.has(v)) return;
    for (const [k, child] of Object.entries(v)) {
      leaves.push({ parent: v as Record<string, unknown>, key: Array.isArray(v) ? Number(k) : k, value: child });
      walk(child);
    }
  };
  walk(value);
  return leaves;
}

/** A hostile value for where `current` stood: mostly of its own type, sometimes of any. */
function hostileFor(current: unknown, n: number, anyType: boolean): unknown {
  const pool = anyType
    ? [
        ...HOSTILE_OTHER,
        ...HOSTILE_STRINGS.slice(0, 6),
        ...HOSTILE_NUMBERS.slice(0, 4),
        ...HOSTILE_DATES.slice(0, 2),
        current === undefined ? null : [current],
      ]
    : typeof current === "string"
      ? HOSTILE_STRINGS
      : typeof current === "number"
        ? HOSTILE_NUMBERS
        : current instanceof Date
          ? HOSTILE_DATES
          : HOSTILE_OTHER;
  return pool[n % pool.length];
}

const mutation = fc.record({ at: fc.nat(), pick: fc.nat(), anyType: fc.integer({ min: 0, max: 4 }).map((n) => n === 0) });

/**
 * Inputs for `schema`: a plausible one with one or two values made hostile (at any depth, the
 * whole input included), now and then one left plausible so the procedure also runs and moves
 * the database along.
 */
export function hostileInputArbitrary(schema: z.ZodType, pickIds: IdPicker): fc.Arbitrary<unknown> {
  const mutations = fc.oneof(
    { weight: 1, arbitrary: fc.constant([]) },
    { weight: 8, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 2 }) },
  );
  return fc.tuple(plausibleArbitrary(schema, pickIds), mutations).map(([input, changes]) => {
    let result = structuredClone(input);
    for (const change of changes) {
      const leaves = leavesOf(result);
      const leaf = leaves[change.at % leaves.length]!;
      const hostile = hostileFor(leaf.value, change.pick, change.anyType);
      if (leaf.parent) leaf.parent[leaf.key] = hostile;
      else result = hostile;
    }
    return result;
  });
}
