import { describe, expect, it } from "vitest";
import { localName } from "./local-name";

describe("localName", () => {
  it("shows the English name in the English UI, the Estonian one while none is given", () => {
    expect(localName("en", "Supervisioon", "Supervision")).toBe("Supervision");
    expect(localName("en", "Sõit", "")).toBe("Sõit");
    expect(localName("en", "Sõit", null)).toBe("Sõit");
    expect(localName("et", "Supervisioon", "Supervision")).toBe("Supervisioon");
  });
});
