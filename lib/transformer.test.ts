import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { plainJson, transformer } from "./transformer";

/** As tRPC sends an answer and the browser reads it. */
const roundTrip = (value: unknown) => transformer.deserialize(JSON.parse(JSON.stringify(transformer.serialize(value))) as never);

describe("the answers' transformer", () => {
  it("sends an answer marked plain JSON as it is, which superjson reads as its own", () => {
    const answer = plainJson([{ id: "a", at: 1_700_000_000_000, tags: ["x"], note: null, busy: false }]);
    const sent = transformer.serialize(answer);
    expect(sent).toEqual({ json: answer });
    expect(sent.json).toBe(answer);
    expect(roundTrip(answer)).toEqual(answer);
    // A property that is undefined is left out, as JSON leaves it out.
    expect(roundTrip(plainJson({ unitId: undefined, n: 1 }))).toStrictEqual({ n: 1 });
    expect(superjson.deserialize(JSON.parse(JSON.stringify(sent)) as never)).toEqual(answer);
  });

  it("sends any other answer through superjson: dates, maps and undefined come back as they were", () => {
    const answer = { at: new Date("2026-12-07T10:00:00Z"), byId: new Map([["a", 1]]), missing: undefined, n: 1n };
    expect(transformer.serialize(answer).meta).toBeDefined();
    const back = roundTrip(answer) as typeof answer;
    expect(back).toEqual(answer);
    expect(back.at).toBeInstanceOf(Date);
    expect("missing" in back).toBe(true);
  });

  it("refuses, outside production, an answer marked plain JSON that is not, naming the value", () => {
    expect(() => transformer.serialize(plainJson([{ id: "a" }, { id: "b", at: new Date() }]))).toThrow("answer[1].at is Date");
    expect(() => transformer.serialize(plainJson({ list: [1, undefined] }))).toThrow("answer.list[1] is undefined");
    expect(() => transformer.serialize(plainJson({ byId: new Map() }))).toThrow("answer.byId is Map");
    expect(() => transformer.serialize(plainJson({ n: Number.NaN }))).toThrow("answer.n is NaN");
    expect(() => transformer.serialize(plainJson({ n: 1n }))).toThrow("answer.n is bigint");
  });
});

/** A small seeded generator (mulberry32): the same cases on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Money {
  constructor(public cents: number) {}
}

/** Values of the kinds answers hold, with now and then one superjson sends with meta. */
function valueOf(next: () => number, depth: number, shared: object[]): unknown {
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
  const leaf = () =>
    pick<() => unknown>([
      () => "Õie",
      () => "",
      () => Math.floor(next() * 1000) - 500,
      () => next() * 10,
      () => next() < 0.5,
      () => null,
      () => pick([-0, Number.NaN, Number.POSITIVE_INFINITY, undefined, 3n, new Date(1_700_000_000_000), new Money(5)]),
    ])();
  if (depth <= 0 || next() < 0.3) return next() < 0.85 ? leaf() : pick([leaf(), new Map([["a", 1]]), new Set([1])]);
  if (shared.length && next() < 0.05) return pick(shared);
  const made: object =
    next() < 0.4
      ? Array.from({ length: Math.floor(next() * 4) }, () => valueOf(next, depth - 1, shared))
      : Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, (_, i) => [`k${i}`, valueOf(next, depth - 1, shared)]));
  if (next() < 0.05) Object.setPrototypeOf(made, null);
  shared.push(made);
  return made;
}

describe("an unmarked answer", () => {
  it("goes on the wire exactly as superjson writes it, for 3,000 generated answers", () => {
    const next = random(16);
    let sentAsItIs = 0;
    for (let i = 0; i < 3000; i++) {
      const value = valueOf(next, 4, []);
      const ours = transformer.serialize(value);
      expect(JSON.stringify(ours), `case ${i}`).toBe(JSON.stringify(superjson.serialize(value)));
      if (ours.json === value && typeof value === "object" && value !== null) sentAsItIs++;
    }
    // Both kinds are among the cases: answers sent as they are, and answers that need superjson.
    expect(sentAsItIs).toBeGreaterThan(300);
    expect(sentAsItIs).toBeLessThan(2700);
  });

  it("that is plain JSON, a refused booking's say, is sent as it is, and comes back equal", () => {
    const refused = {
      message: "Ruum on sel ajal hõivatud",
      code: -32603,
      data: { code: "CONFLICT", httpStatus: 409, app: { params: { at: "10:00" } }, fields: null },
    };
    expect(transformer.serialize(refused).json).toBe(refused);
    expect(roundTrip(refused)).toEqual(refused);
    // The same object twice is joined again on the other side: superjson's.
    const twice = { a: refused.data, b: refused.data };
    expect(transformer.serialize(twice).meta).toBeDefined();
    const back = roundTrip(twice) as typeof twice;
    expect(back.a).toBe(back.b);
  });
});
