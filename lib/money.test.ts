import { describe, expect, it } from "vitest";
import { centsToInput, MAX_CENTS, parseEuroCents } from "./money";

describe("parseEuroCents", () => {
  it.each([
    ["29,40", 2940],
    ["29.40", 2940],
    ["29,4", 2940],
    ["29", 2900],
    ["0,10", 10],
    ["0.1", 10],
    ["0", 0],
    ["71,52", 7152],
    ["23.97", 2397],
    ["  48,80 ", 4880],
    ["1 234,56", 123456],
    ["1\u00a0234,56", 123456],
    ["29,40 €", 2940],
    ["€29.40", 2940],
    ["29.40 EUR", 2940],
    ["007,05", 705],
    // Amounts whose float product is not exact (0.29 * 100 = 28.999…): parsed from the digits.
    ["0,29", 29],
    ["1,13", 113],
    ["4,35", 435],
    ["1.00", 100],
  ])("reads %j as %i cents", (input, cents) => {
    expect(parseEuroCents(input)).toBe(cents);
  });

  it.each(["", " ", "abc", "29,401", "29.999", "-5", "-0,10", "1.234,56", "1,234.56", "29,", ",40", "2 9,4 0x", "1e3", "0x10", "Infinity"])(
    "refuses %j rather than guessing",
    (input) => {
      expect(parseEuroCents(input)).toBeNull();
    },
  );

  it("refuses amounts beyond what an integer cents column holds", () => {
    expect(parseEuroCents("21474836,47")).toBe(MAX_CENTS);
    expect(parseEuroCents("21474836,48")).toBeNull();
    expect(parseEuroCents("999999999999")).toBeNull();
  });
});

describe("centsToInput", () => {
  it.each([
    [2940, "29,40"],
    [10, "0,10"],
    [0, "0,00"],
    [7152, "71,52"],
    [123456, "1234,56"],
  ])("writes %i as %j, which parses back", (cents, text) => {
    expect(centsToInput(cents)).toBe(text);
    expect(parseEuroCents(text)).toBe(cents);
  });
});
