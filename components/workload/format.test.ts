import { describe, expect, it } from "vitest";
import { shiftMonth } from "./format";

describe("workload months", () => {
  it("shift by whole months across years", () => {
    expect(shiftMonth("2026-01", -1)).toBe("2025-12");
    expect(shiftMonth("2026-12", 1)).toBe("2027-01");
    expect(shiftMonth("2026-05", -17)).toBe("2024-12");
    expect(shiftMonth("2026-05", 0)).toBe("2026-05");
  });
});
