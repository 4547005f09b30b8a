import { describe, expect, it } from "vitest";
import { addDays } from "./calendar-days";

describe("addDays", () => {
  it("crosses months, years and leap days", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-29", -1)).toBe("2026-03-28");
  });

  it("moves dates, not instants: the Tallinn DST days are ordinary days", () => {
    expect(addDays("2026-03-28", 1)).toBe("2026-03-29");
    expect(addDays("2026-10-25", 1)).toBe("2026-10-26");
    expect(addDays("2026-03-02", 7 * 4)).toBe("2026-03-30");
  });

  it("normalises a day that does not exist, which is how callers spot one", () => {
    expect(addDays("2026-02-30", 0)).toBe("2026-03-02");
    expect(addDays("2026-02-28", 0)).toBe("2026-02-28");
  });
});
