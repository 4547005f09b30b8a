import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { cents, euroAmount, instant, isCalendarDate, isoDate, isoMonth, isUuid, multiLine, personalCode, singleLine } from "./schemas";

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => i.message);

describe("isoDate", () => {
  it("accepts real days, leap days of leap years and the ends of the range", () => {
    for (const day of ["2026-12-03", "2024-02-29", "2000-02-29", "1900-01-01", "2100-12-31", "2026-01-31"]) {
      expect(isoDate.safeParse(day).success, day).toBe(true);
    }
  });

  it("refuses days that do not exist, with one clear message", () => {
    for (const day of ["2026-02-30", "2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00"]) {
      expect(messages(isoDate.safeParse(day)), day).toEqual(["There is no such day"]);
    }
    expect(isCalendarDate("0000-02-30")).toBe(false);
  });

  it("refuses days outside 1900-2100, such as year 0 and year 275760", () => {
    for (const day of ["0000-01-01", "1899-12-31", "2101-01-01", "9999-12-31"]) {
      expect(messages(isoDate.safeParse(day)), day).toEqual(["Give a day from 1900-01-01 to 2100-12-31"]);
    }
    expect(isoDate.safeParse("+275760-09-13").success).toBe(false);
  });

  it("refuses other shapes", () => {
    for (const day of ["03.12.2026", "2026-3-1", "2026-12-03T00:00:00Z", "", " 2026-12-03", "2026-12-03\u0000"]) {
      expect(messages(isoDate.safeParse(day)), day).toEqual(["Use the form YYYY-MM-DD"]);
    }
  });
});

describe("isoMonth", () => {
  it("takes months 01-12 within the range", () => {
    expect(isoMonth.safeParse("2026-12").success).toBe(true);
    for (const month of ["2026-13", "2026-00", "0000-01", "2101-01", "2026-1"])
      expect(isoMonth.safeParse(month).success, month).toBe(false);
  });
});

describe("instant", () => {
  it("takes times within the range and refuses invalid and far-off ones", () => {
    expect(instant.safeParse(new Date("2026-12-03T10:00:00Z")).success).toBe(true);
    for (const d of [
      new Date(Number.NaN),
      new Date(8.64e15),
      new Date(-8.64e15),
      new Date("0000-01-01T00:00:00Z"),
      new Date("2101-01-01T00:00:00Z"),
    ]) {
      expect(instant.safeParse(d).success, String(d)).toBe(false);
    }
  });
});

describe("text", () => {
  it("single-line text is trimmed and refuses NUL, other control characters and line breaks", () => {
    const name = singleLine(20).min(1);
    expect(name.parse("  Mari Maasikas\t")).toBe("Mari Maasikas");
    for (const bad of ["Ma\u0000ri", "Ma\nri", "Ma\tri", "Ma\u0007ri", "Ma\u007fri", "Ma\u0085ri"]) {
      expect(messages(name.safeParse(bad)), JSON.stringify(bad)).toEqual(["Remove control characters and line breaks"]);
    }
    expect(singleLine(20).safeParse("Jüri Õun – 😀").success).toBe(true);
  });

  it("keeps what must not be trimmed when asked", () => {
    expect(singleLine(20, { trim: false }).parse(" secret ")).toBe(" secret ");
    expect(singleLine(20, { trim: false }).safeParse("sec\u0000ret").success).toBe(false);
  });

  it("multi-line text allows tab and line breaks, not NUL or other controls", () => {
    const notes = multiLine(100);
    expect(notes.parse("first\r\n\tsecond\n")).toBe("first\r\n\tsecond\n");
    for (const bad of ["a\u0000b", "a\u001bb", "a\u000bb"]) expect(notes.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    expect(notes.safeParse("x".repeat(101)).success).toBe(false);
  });
});

describe("isUuid", () => {
  it("accepts the ids PostgreSQL and node hand out, in either case", () => {
    const id = randomUUID();
    expect([isUuid(id), isUuid(id.toUpperCase()), isUuid("00000000-0000-0000-0000-000000000000")]).toEqual([true, true, true]);
  });

  it("refuses anything but the plain 8-4-4-4-12 hex form", () => {
    for (const bad of ["", "x", "1' OR '1'='1", `${randomUUID()}\n`, `{${randomUUID()}}`, "g0000000-0000-4000-8000-000000000000"])
      expect(isUuid(bad), bad).toBe(false);
  });
});

describe("personalCode", () => {
  it("accepts codes with a real birth date and the right check digit, trimmed", () => {
    for (const code of ["38001085718", "49003050224", "60001019906", " 37605030299 "]) {
      expect(personalCode.safeParse(code).data, code).toBe(code.trim());
    }
  });

  it("refuses a wrong check digit, a day that does not exist and other shapes, with one message each", () => {
    expect(messages(personalCode.safeParse("38001085719"))).toEqual(["This is not a valid personal code"]);
    expect(messages(personalCode.safeParse("38002305710"))).toEqual(["This is not a valid personal code"]);
    for (const shape of ["3800108571", "380010857181", "3800108571a", ""]) {
      expect(messages(personalCode.safeParse(shape)), shape).toEqual(["A personal code has 11 digits"]);
    }
  });
});

describe("money", () => {
  it("takes euros as people type them and gives exact cents", () => {
    expect(euroAmount.parse("29,40")).toBe(2940);
    expect(euroAmount.parse("29.4")).toBe(2940);
    expect(euroAmount.parse("1 234,50")).toBe(123450);
    expect(euroAmount.parse("0,01")).toBe(1);
  });

  it("refuses text that is no amount, more than two decimals, zero and negative amounts", () => {
    for (const text of ["", "abc", "29,405", "1.234,56", "-5", "5,-"]) {
      expect(messages(euroAmount.safeParse(text)), text).toEqual(["Give an amount in euros, e.g. 29,40"]);
    }
    expect(messages(euroAmount.safeParse("0,00"))).toEqual(["Give an amount above zero"]);
  });

  it("cents are whole, above zero and fit a PostgreSQL integer", () => {
    expect(cents.safeParse(2940).success).toBe(true);
    expect(messages(cents.safeParse(29.4))).toEqual(["Give whole cents"]);
    expect(messages(cents.safeParse(0))).toEqual(["Give an amount above zero"]);
    expect(messages(cents.safeParse(2_147_483_648))).toEqual(["The amount is too large"]);
  });
});
