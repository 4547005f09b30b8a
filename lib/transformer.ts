import superjson from "superjson";

/**
 * The data transformer of every tRPC answer and of the query cache's (de)hydration, on the server
 * and in the browser: superjson (dates stay dates), except for an answer marked `plainJson`,
 * which goes as it is.
 *
 * superjson walks every value of an answer, building each one's path and recording each object
 * for references to it: for the room calendar's week of sixty rooms (~3,000 sessions, 2.2 MB of
 * JSON) it took 118 ms of the server's CPU, against 12 ms for JSON.stringify of the same answer.
 * An answer that is already plain JSON, with no Date, Map, Set, BigInt or undefined in it, skips
 * that walk: superjson itself sends such a value as `{ json }` with no meta, so the other side
 * reads it as it reads any superjson answer. Outside production, a marked answer is checked, and
 * one that is not plain JSON after all is refused naming the first value that is not (a property
 * that is undefined is left out, as JSON does).
 */
const plain = new WeakSet<object>();

/** Marks an answer as plain JSON (see above). Returns the same value. */
export function plainJson<T extends object>(value: T): T {
  plain.add(value);
  return value;
}

type Payload = { json: unknown; meta?: unknown };

export const transformer = {
  serialize(value: unknown): Payload {
    if (typeof value === "object" && value !== null && plain.has(value)) {
      if (process.env.NODE_ENV !== "production") assertPlainJson(value, "answer");
      return { json: value };
    }
    // Unmarked, a value superjson would send as it is goes as it is too, found by a walk that
    // stops at the first value it would not: most error answers (a booking's clash, a refusal)
    // and many small ones. superjson's own walk of a refused booking's answer was ~2 % of the
    // server's CPU in bench:booking. The answer is the same (lib/transformer.test.ts).
    if (sentAsItIs(value, new Set())) return { json: value };
    return superjson.serialize(value) as Payload;
  },
  deserialize(payload: Payload): unknown {
    // Without meta there is nothing to put back, and the payload was just parsed: superjson would
    // only copy it whole (~14 ms for the week of sixty rooms).
    if (payload.meta === undefined) return payload.json;
    return superjson.deserialize(payload as Parameters<typeof superjson.deserialize>[0]);
  },
};

function assertPlainJson(value: unknown, path: string): void {
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (Number.isFinite(value)) return;
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) assertPlainJson(value[i], `${path}[${i}]`);
    return;
  } else if (typeof value === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    // A property that is undefined is left out, as JSON does; the other side reads it as undefined.
    for (const [key, v] of Object.entries(value)) if (v !== undefined) assertPlainJson(v, `${path}.${key}`);
    return;
  }
  const kind = typeof value === "object" ? value.constructor.name : typeof value === "number" ? String(value) : typeof value;
  throw new Error(`plainJson: ${path} is ${kind}, which JSON does not carry; send it through superjson or as JSON`);
}

/**
 * Whether superjson would send `value` with no meta: strings, booleans, finite numbers other than
 * -0, null, arrays without holes or undefined, and plain objects without an undefined property, none
 * of them met twice (superjson records a repeated object to join its copies again).
 */
function sentAsItIs(value: unknown, seen: Set<object>): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    case "object":
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (seen.has(value)) return false;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!sentAsItIs(value[i], seen)) return false;
    return true;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const key of Object.keys(value)) if (!sentAsItIs((value as Record<string, unknown>)[key], seen)) return false;
  return true;
}
