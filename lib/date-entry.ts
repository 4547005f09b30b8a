/**
 * Typed entry of days, times and months in the UI language: what a person writes in a date box
 * ("3.12.26", "03/12/2026", "2026-12-03") becomes the ISO text forms and the server use, and the
 * ISO text is shown back the way lib/format.ts writes it ("03.12.2026" / "03/12/2026"). Days are
 * written day first in both languages (et-EE and en-GB), so one parser serves both.
 */
import { DATE_MAX, DATE_MIN } from "./input-messages";
import { formatFor } from "./format";

/** Why a text was refused; pickers.json words each one. */
export type EntryError = "dateShape" | "noSuchDay" | "timeShape" | "noSuchTime" | "monthShape" | "noSuchMonth" | "beforeMin" | "afterMax";

export type Parsed = { ok: true; value: string } | { ok: false; error: EntryError };

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A two-digit year in the window from 80 years back to 19 years ahead of `today`: "85" is 1985
 * (a birth date), "26" is 2026, "40" is 2040 in 2026.
 */
function fullYear(digits: string, today: Date): number {
  const n = Number(digits);
  if (digits.length === 4) return n;
  const now = today.getFullYear();
  let year = Math.floor(now / 100) * 100 + n;
  if (year > now + 19) year -= 100;
  else if (year < now - 80) year += 100;
  return year;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Whether "YYYY-MM-DD" names a day that exists. */
export function isRealDay(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo);
}

function inRange(value: string, min: string | undefined, max: string | undefined): Parsed {
  if (min && value < min) return { ok: false, error: "beforeMin" };
  if (max && value > max) return { ok: false, error: "afterMax" };
  return { ok: true, value };
}

/** The parts of a typed day: ISO year first, else day, month and year (or no year: this year). */
function dayParts(text: string, today: Date): [string, string, string] | null {
  const iso = /^(\d{4})[-./ ](\d{1,2})[-./ ](\d{1,2})$/.exec(text);
  if (iso) return [iso[3]!, iso[2]!, iso[1]!];
  const dmy = /^(\d{1,2})[-./ ](\d{1,2})(?:[-./ ](\d{2}|\d{4}))?[.]?$/.exec(text);
  if (dmy) return [dmy[1]!, dmy[2]!, dmy[3] ?? String(today.getFullYear())];
  // Digits only: "03122026" or "031226", as typed on a phone's number pad.
  const bare = /^(\d{2})(\d{2})(\d{4}|\d{2})$/.exec(text);
  if (bare) return [bare[1]!, bare[2]!, bare[3]!];
  return null;
}

/**
 * A typed day as "YYYY-MM-DD": "3.12.2026", "03/12/2026", "3.12.26", "3.12" (this year),
 * "2026-12-03", "03122026". Empty text is an empty value; 31.02 is refused as no such day.
 */
export function parseDate(text: string, options: { min?: string; max?: string; today?: Date } = {}): Parsed {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, value: "" };
  const parts = dayParts(trimmed, options.today ?? new Date());
  if (!parts) return { ok: false, error: "dateShape" };
  const year = fullYear(parts[2], options.today ?? new Date());
  const iso = `${String(year).padStart(4, "0")}-${pad(Number(parts[1]))}-${pad(Number(parts[0]))}`;
  if (!isRealDay(iso)) return { ok: false, error: "noSuchDay" };
  return inRange(iso, options.min ?? DATE_MIN, options.max ?? DATE_MAX);
}

/** Whether a typed day is written out in full (a four-digit year), so it may count while typing. */
export function isCompleteDate(text: string): boolean {
  return /\d{4}/.test(text) && !/^\d{2}\d{2}\d{2}$/.test(text.trim());
}

/** "YYYY-MM-DD" as the UI language writes it: "03.12.2026" / "03/12/2026"; "" stays "". */
export function formatDate(iso: string, locale: string): string {
  return isRealDay(iso) ? formatFor(locale).date(iso) : "";
}

/**
 * A typed time of day, 24 h, as "HH:mm": "9" (09:00), "930", "0930", "9.30", "9:30", "09:30".
 * No AM/PM: the services keep a 24-hour day in both languages.
 */
export function parseTime(text: string, options: { min?: string; max?: string } = {}): Parsed {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, value: "" };
  const digits = /^\d{1,4}$/.test(trimmed) ? trimmed : null;
  const split = /^(\d{1,2})[:., ](\d{2})$/.exec(trimmed);
  if (!digits && !split) return { ok: false, error: "timeShape" };
  // "9" is 09:00, "930" is 09:30, "0930" and "9.30" too.
  const [h, m] = split
    ? [split[1]!, split[2]!]
    : digits!.length <= 2
      ? [digits!, "0"]
      : [digits!.slice(0, digits!.length - 2), digits!.slice(-2)];
  const [hours, minutes] = [Number(h), Number(m)];
  if (hours > 23 || minutes > 59) return { ok: false, error: "noSuchTime" };
  return inRange(`${pad(hours)}:${pad(minutes)}`, options.min, options.max);
}

/** Whether a typed time is whole (minutes given), so it may count while typing. */
export function isCompleteTime(text: string): boolean {
  return /^\d{1,2}[:., ]\d{2}$|^\d{4}$/.test(text.trim());
}

/** "HH:mm" as shown: the same in both languages. */
export function formatTime(value: string): string {
  return /^\d{2}:\d{2}$/.test(value) ? value : "";
}

/** Times of day from `min` to `max` every `step` minutes: the choices of a time list. */
export function timeSteps(step: number, min = "00:00", max = "23:59"): string[] {
  const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const out: string[] = [];
  for (let m = toMinutes(min); m <= toMinutes(max) && m < 24 * 60; m += Math.max(1, step)) {
    out.push(`${pad(Math.floor(m / 60))}:${pad(m % 60)}`);
  }
  return out;
}

/** A typed month as "YYYY-MM": "12.2026", "12/2026", "12.26", "2026-12". */
export function parseMonth(text: string, options: { min?: string; max?: string; today?: Date } = {}): Parsed {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, value: "" };
  const iso = /^(\d{4})[-./ ](\d{1,2})$/.exec(trimmed);
  const my = /^(\d{1,2})[-./ ](\d{2}|\d{4})$/.exec(trimmed);
  const parts: [string, string] | null = iso ? [iso[2]!, iso[1]!] : my ? [my[1]!, my[2]!] : null;
  if (!parts) return { ok: false, error: "monthShape" };
  const month = Number(parts[0]);
  if (month < 1 || month > 12) return { ok: false, error: "noSuchMonth" };
  const value = `${String(fullYear(parts[1], options.today ?? new Date())).padStart(4, "0")}-${pad(month)}`;
  return inRange(value, options.min ?? DATE_MIN.slice(0, 7), options.max ?? DATE_MAX.slice(0, 7));
}

export function isCompleteMonth(text: string): boolean {
  return /\d{4}/.test(text);
}

/** "YYYY-MM" as the UI language writes it: "12.2026" / "12/2026". */
export function formatMonth(value: string, locale: string): string {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value) ? formatFor(locale).monthShort(value) : "";
}
