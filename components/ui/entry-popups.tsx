"use client";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { DayPicker } from "react-day-picker";
import { enGB, et } from "react-day-picker/locale";
import "react-day-picker/style.css";
import { timeSteps } from "@/lib/date-entry";
import { useFormat } from "./use-format";

/** Loaded on first opening by entry-input.tsx, so the calendar is not in any page's first-load JS. */
type PopupProps = { value: string; min?: string; max?: string; onPick: (value: string) => void };

const pad = (n: number) => String(n).padStart(2, "0");
/** A calendar day as a local Date at noon, so no zone moves it across midnight. */
const dateOf = (iso: string) => new Date(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10) || "1"), 12);
const isoOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** A month calendar, Monday first, in the UI language; arrows move by day, Enter chooses. */
export function CalendarPopup({ value, min, max, onPick }: PopupProps) {
  const locale = useLocale();
  const selected = value ? dateOf(value) : undefined;
  const disabled = [...(min ? [{ before: dateOf(min) }] : []), ...(max ? [{ after: dateOf(max) }] : [])];
  return (
    <DayPicker
      mode="single"
      selected={selected}
      defaultMonth={selected ?? (max && isoOf(new Date()) > max ? dateOf(max) : min && isoOf(new Date()) < min ? dateOf(min) : undefined)}
      onSelect={(d) => d && onPick(isoOf(d))}
      locale={locale === "en" ? enGB : et}
      weekStartsOn={1}
      captionLayout="dropdown"
      startMonth={min ? dateOf(min) : new Date(1900, 0, 1)}
      endMonth={max ? dateOf(max) : new Date(2100, 11, 1)}
      disabled={disabled}
      autoFocus
    />
  );
}

/** A year's twelve months with the year stepping back and forth; arrows move between months. */
export function MonthPopup({ value, min, max, onPick }: PopupProps) {
  const t = useTranslations("pickers");
  const format = useFormat();
  const now = new Date();
  const [year, setYear] = useState(value ? Number(value.slice(0, 4)) : now.getFullYear());
  const grid = useRef<HTMLDivElement>(null);
  const current = value && Number(value.slice(0, 4)) === year ? Number(value.slice(5, 7)) : now.getMonth() + 1;
  useEffect(() => {
    grid.current?.querySelector<HTMLButtonElement>(`[data-month="${current}"]`)?.focus();
    // Only on opening: focus stays where the person moves it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const outside = (m: string) => Boolean((min && m < min) || (max && m > max));
  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const at = Number((document.activeElement as HTMLElement | null)?.dataset.month ?? 0);
    const move = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -3, ArrowDown: 3 }[e.key];
    if (!at || !move) return;
    e.preventDefault();
    const next = Math.min(12, Math.max(1, at + move));
    grid.current?.querySelector<HTMLButtonElement>(`[data-month="${next}"]`)?.focus();
  }
  return (
    <div className="entry-months">
      <div className="entry-year">
        <button type="button" className="btn secondary" aria-label={t("previousYear")} onClick={() => setYear(year - 1)}>
          ‹
        </button>
        <span aria-live="polite">{year}</span>
        <button type="button" className="btn secondary" aria-label={t("nextYear")} onClick={() => setYear(year + 1)}>
          ›
        </button>
      </div>
      <div className="entry-month-grid" ref={grid} onKeyDown={onKeyDown}>
        {Array.from({ length: 12 }, (_, i) => {
          const month = `${year}-${pad(i + 1)}`;
          return (
            <button
              key={month}
              type="button"
              data-month={i + 1}
              aria-pressed={month === value}
              aria-label={format.month(month)}
              disabled={outside(month)}
              onClick={() => onPick(month)}
            >
              {format.monthName(month)}
            </button>
          );
        })}
      </div>
    </div>
  );
}

/** Times every `step` minutes as a listbox: arrows move, Enter chooses, typing "14" jumps there. */
export function TimePopup({ value, min, max, onPick, step }: PopupProps & { step: number }) {
  const times = timeSteps(step, min, max);
  const nearest = Math.max(0, value ? times.findIndex((t) => t >= value) : times.findIndex((t) => t >= "08:00"));
  const [active, setActive] = useState(nearest);
  const list = useRef<HTMLUListElement>(null);
  const t = useTranslations("pickers");
  const ids = useId();
  useEffect(() => list.current?.focus(), []);
  useEffect(() => {
    list.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: "nearest" });
  }, [active]);
  function onKeyDown(e: KeyboardEvent<HTMLUListElement>) {
    const last = times.length - 1;
    const to: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      Home: 0,
      End: last,
      PageDown: active + 4,
      PageUp: active - 4,
    };
    if (e.key in to) {
      e.preventDefault();
      setActive(Math.min(last, Math.max(0, to[e.key]!)));
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      if (times[active]) onPick(times[active]);
    } else if (/^\d$/.test(e.key)) {
      const hour = times.findIndex((time) => time.startsWith(pad(Number(e.key))) || time.startsWith(e.key));
      if (hour >= 0) setActive(hour);
    }
  }
  return (
    <ul
      ref={list}
      className="entry-times"
      role="listbox"
      tabIndex={0}
      aria-label={t("times")}
      aria-activedescendant={times[active] ? `${ids}-${active}` : undefined}
      onKeyDown={onKeyDown}
    >
      {times.map((time, i) => (
        <li
          key={time}
          id={`${ids}-${i}`}
          data-index={i}
          role="option"
          aria-selected={time === value}
          className={i === active ? "active" : undefined}
          onClick={() => onPick(time)}
        >
          {time}
        </li>
      ))}
    </ul>
  );
}
