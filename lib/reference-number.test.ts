import { describe, expect, it } from "vitest";
import { invoiceReference, isValidReferenceNumber, referenceNumber } from "./reference-number";

describe("referenceNumber (7-3-1)", () => {
  it("appends the check digit of the domain example", () => {
    expect(referenceNumber("12131295")).toBe("121312952");
  });

  it.each([
    // Worked by hand: 1*7 = 7 -> (10 - 7) % 10 = 3.
    ["1", "13"],
    // 2*7 + 1*3 = 17 -> 3.
    ["12", "123"],
    // 3*7 + 2*3 + 1*1 = 28 -> 2.
    ["123", "1232"],
    // A sum divisible by ten gives 0, not 10: 5*7 + 5*3 = 50.
    ["55", "550"],
    ["0", "00"],
  ])("%s -> %s", (base, expected) => {
    expect(referenceNumber(base)).toBe(expected);
  });

  it("accepts the longest base (19 digits) and keeps leading zeros", () => {
    const ref = referenceNumber("0000000000000000001");
    expect(ref).toHaveLength(20);
    expect(ref.startsWith("0000000000000000001")).toBe(true);
    expect(isValidReferenceNumber(ref)).toBe(true);
  });

  it.each(["", "12345678901234567890", "12a3", " 123", "-1", "1.5"])("refuses the base %j", (base) => {
    expect(() => referenceNumber(base)).toThrow(RangeError);
  });
});

describe("isValidReferenceNumber", () => {
  it("accepts numbers built by referenceNumber", () => {
    for (const base of ["1", "12131295", "2026000123", "999999999999999999"]) {
      expect(isValidReferenceNumber(referenceNumber(base))).toBe(true);
    }
  });

  it("refuses a wrong check digit", () => {
    expect(isValidReferenceNumber("121312953")).toBe(false);
  });

  it("refuses a single digit, more than 20 digits and non-digits", () => {
    expect(isValidReferenceNumber("3")).toBe(false);
    expect(isValidReferenceNumber("1".repeat(21))).toBe(false);
    expect(isValidReferenceNumber("12131295 2")).toBe(false);
  });
});

describe("invoiceReference", () => {
  it.each([
    // 100042: 2*7 + 4*3 + 0 + 0 + 0 + 1*1 = 27 -> 3.
    ["ARV00042", "1000423"],
    // 112345: 5*7 + 4*3 + 3*1 + 2*7 + 1*3 + 1*1 = 68 -> 2.
    ["ARV12345", "1123452"],
    // 120260042: 2*7 + 4*3 + 0 + 0 + 6*3 + 2*1 + 0 + 2*3 + 1*1 = 53 -> 7.
    ["2026-0042", "1202600427"],
  ])("%s -> %s", (number, expected) => {
    expect(invoiceReference(number)).toBe(expected);
    expect(isValidReferenceNumber(expected)).toBe(true);
  });

  it("has a base of at least 5 digits that does not start with 0, and differs per invoice of a series", () => {
    const refs = ["ARV00001", "ARV00002", "ARV00010", "ARV00100"].map(invoiceReference);
    for (const r of refs) {
      expect(r.length - 1).toBeGreaterThanOrEqual(5);
      expect(r[0]).toBe("1");
    }
    expect(new Set(refs).size).toBe(refs.length);
  });

  it("refuses a number with too few digits", () => {
    expect(() => invoiceReference("ARV1")).toThrow(RangeError);
  });
});
