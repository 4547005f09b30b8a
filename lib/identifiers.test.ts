import { describe, expect, it } from "vitest";
import { birthDateOf, isValidIban, isValidPersonalCode, isValidRegistryCode, isValidVatNumber } from "./identifiers";

describe("personal code", () => {
  it.each(["38001085718", "49003050224", "60001019906", "37605030299", "48706150373", "50102030047"])("accepts %s", (code) =>
    expect(isValidPersonalCode(code)).toBe(true),
  );
  it("refuses a wrong check digit", () => expect(isValidPersonalCode("36805280108")).toBe(false));
  it("refuses a date that does not exist, even with a matching check digit", () => {
    // 30 February 1980: compute a code whose check digit is right but the date is not real.
    expect(isValidPersonalCode("38002300000")).toBe(false);
    expect(birthDateOf("38002300000")).toBeNull();
  });
  it("refuses wrong lengths and a century digit of 0 or 9", () => {
    expect(isValidPersonalCode("3800108571")).toBe(false);
    expect(isValidPersonalCode("08001085718")).toBe(false);
    expect(isValidPersonalCode("98001085718")).toBe(false);
  });
  it("reads the birth date with the century", () => {
    expect(birthDateOf("60001019906")?.toISOString().slice(0, 10)).toBe("2000-01-01");
    expect(birthDateOf("37605030299")?.toISOString().slice(0, 10)).toBe("1976-05-03");
  });
});

describe("organisation identifiers", () => {
  it("checks registry codes", () => {
    expect(isValidRegistryCode("70001975")).toBe(true); // Sotsiaalkindlustusamet
    expect(isValidRegistryCode("70001976")).toBe(false);
    expect(isValidRegistryCode("7000197")).toBe(false);
  });
  it("checks IBANs", () => {
    expect(isValidIban("EE38 2200 2210 2014 5685")).toBe(true);
    expect(isValidIban("EE38 2200 2210 2014 5686")).toBe(false);
  });
  it("checks VAT numbers", () => {
    expect(isValidVatNumber("EE100247019")).toBe(true);
    expect(isValidVatNumber("EE10024701")).toBe(false);
  });
});
