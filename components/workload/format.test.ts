import { describe, expect, it } from "vitest";
import { monthInstants, shiftMonth } from "./format";

describe("workload months", () => {
  it("shift by whole months across years", () => {
    expect(shiftMonth("2026-01", -1)).toBe("2025-12");
    expect(shiftMonth("2026-12", 1)).toBe("2027-01");
    expect(shiftMonth("2026-05", -17)).toBe("2024-12");
    expect(shiftMonth("2026-05", 0)).toBe("2026-05");
  });

  it("run from Tallinn midnight to Tallinn midnight, DST switch included", () => {
    const march = monthInstants("2026-03");
    expect(march.from.toISOString()).toBe("2026-02-28T22:00:00.000Z");
    expect(march.to.toISOString()).toBe("2026-03-31T21:00:00.000Z");
    expect(monthInstants("2026-12").to.toISOString()).toBe("2026-12-31T22:00:00.000Z");
  });
});
