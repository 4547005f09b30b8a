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
