import { describe, expect, it } from "vitest";
import { namesFromClaims, personalCodeFromClaims } from "./personal-code-claim";

describe("personalCodeFromClaims", () => {
  it.each([
    ["TARA's sub", "EE60001019906"],
    ["a Smart-ID style broker", "PNOEE-60001019906"],
    ["an ID-card style broker", "IDCEE60001019906"],
    ["a bare code", "60001019906"],
    ["surrounding spaces", " EE60001019906 "],
  ])("reads the code from %s", (_, sub) => {
    expect(personalCodeFromClaims({ sub })).toBe("60001019906");
  });

  it.each([
    ["another country's code", "LV60001019906"],
    ["another country's Smart-ID code", "PNOLT-60001019906"],
    ["a wrong check digit", "EE36805280108"],
    ["too few digits", "EE6000101990"],
    ["extra text", "EE60001019906x"],
    ["an empty subject", ""],
  ])("refuses %s", (_, sub) => {
    expect(personalCodeFromClaims({ sub })).toBeNull();
  });

  it("refuses a claim that is missing or not a string", () => {
    expect(personalCodeFromClaims({})).toBeNull();
    expect(personalCodeFromClaims({ sub: 60001019906 })).toBeNull();
  });

  it("reads a custom claim when configured, and not `sub` then", () => {
    const claims = { sub: "opaque-broker-id", serialNumber: "PNOEE-37605030299" };
    expect(personalCodeFromClaims(claims, "serialNumber")).toBe("37605030299");
    expect(personalCodeFromClaims(claims)).toBeNull();
    expect(personalCodeFromClaims({ sub: "EE60001019906" }, "serialNumber")).toBeNull();
  });
});

describe("namesFromClaims", () => {
  it("reads TARA's profile_attributes", () => {
    const claims = {
      sub: "EE60001019906",
      profile_attributes: { given_name: "MARY ÄNN", family_name: "O’CONNEŽ-ŠUSLIK TESTNUMBER", date_of_birth: "2000-01-01" },
    };
    expect(namesFromClaims(claims)).toEqual({ given: "MARY ÄNN", family: "O’CONNEŽ-ŠUSLIK TESTNUMBER" });
  });

  it("reads top-level claims of other brokers", () => {
    expect(namesFromClaims({ given_name: "Liis", family_name: "Mets" })).toEqual({ given: "Liis", family: "Mets" });
  });

  it("prefers profile_attributes and falls back per name", () => {
    const claims = { given_name: "Top", family_name: "Level", profile_attributes: { given_name: "Tara", family_name: "" } };
    expect(namesFromClaims(claims)).toEqual({ given: "Tara", family: "Level" });
  });

  it("gives empty names when there are none", () => {
    expect(namesFromClaims({ sub: "EE60001019906" })).toEqual({ given: "", family: "" });
  });
});
