"use client";
import { skipToken, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useFormat } from "@/components/ui/use-format";
import { useEffect, useId, useRef, useState } from "react";
import { useTRPC } from "@/components/trpc/client";

type Hit = { key: string; href: string; text: string; detail: string; group: "clients" | "staff" | "invoices" };

/** The person typing in a field of their own: the "/" shortcut must not steal their slash. */
const typingElsewhere = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));

/**
 * The header's search (Ctrl+K or "/"): clients the person may see, by name or personal code;
 * colleagues; invoices by number. A combobox: arrows move, Enter opens, Escape closes.
 */
export function GlobalSearch() {
  const t = useTranslations("search");
  const format = useFormat();
  const trpc = useTRPC();
  const router = useRouter();
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  // Leaving the box closes the list a moment later (a click on an option lands first); coming
  // back or typing within that moment must cancel it, or the list shuts under the person's hands.
  const closing = useRef<ReturnType<typeof setTimeout>>(undefined);
  const reopen = () => {
    clearTimeout(closing.current);
    setOpen(true);
  };
  useEffect(() => () => clearTimeout(closing.current), []);
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 200);
    return () => clearTimeout(timer);
  }, [text]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.key.toLowerCase() === "k" && (e.ctrlKey || e.metaKey)) || (e.key === "/" && !typingElsewhere(e.target))) {
        e.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  const results = useQuery(trpc.search.global.queryOptions(q.length >= 2 ? { q } : skipToken));
  const month = (m: string) => format.month(m.slice(0, 7));
  const hits: Hit[] = results.data
    ? [
        ...results.data.clients.map((c) => ({
          key: `c${c.id}`,
          href: `/clients/${c.id}`,
          text: c.name,
          detail: c.birthYear ? t("born", { year: c.birthYear }) : t("client"),
          group: "clients" as const,
        })),
        ...results.data.staff.map((s) => ({
          key: `s${s.id}`,
          href: `/admin/employees?search=${encodeURIComponent(s.name)}`,
          text: s.name,
          detail: t("colleague"),
          group: "staff" as const,
        })),
        ...results.data.invoices.map((i) => ({
          key: `i${i.id}`,
          href: `/billing/invoices/${i.id}`,
          text: i.number,
          detail: `${i.credit ? t("creditNote") : t("invoice")} · ${i.funder} · ${month(i.month)}`,
          group: "invoices" as const,
        })),
      ]
    : [];
  useEffect(() => setActive(0), [results.data]);
  const shown = open && q.length >= 2 && text.trim().length >= 2;
  const go = (hit: Hit | undefined) => {
    if (!hit) return;
    setOpen(false);
    setText("");
    router.push(hit.href);
  };
  const optionId = (i: number) => `${listId}-${i}`;
  return (
    <div className="global-search" role="search">
      <label className="visually-hidden" htmlFor={`${listId}-input`}>
        {t("label")}
      </label>
      <input
        ref={input}
        id={`${listId}-input`}
        type="search"
        role="combobox"
        autoComplete="off"
        maxLength={100}
        placeholder={t("placeholder")}
        aria-keyshortcuts="Control+K /"
        aria-expanded={shown}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown && hits.length ? optionId(active) : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          reopen();
        }}
        onFocus={reopen}
        onBlur={() => {
          clearTimeout(closing.current);
          closing.current = setTimeout(() => setOpen(false), 150);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, hits.length - 1));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === "Enter" && shown) {
            e.preventDefault();
            go(hits[active]);
          } else if (e.key === "Escape") {
            setOpen(false);
          }
        }}
      />
      {shown ? (
        <div className="global-search-results">
          <ul id={listId} role="listbox" aria-label={t("results")}>
            {hits.map((hit, i) => (
              <li
                key={hit.key}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => go(hit)}
              >
                <span className="hit-text">{hit.text}</span> <span className="hit-detail">{hit.detail}</span>
              </li>
            ))}
          </ul>
          <p className="hint" role="status">
            {results.isFetching && !results.data
              ? t("searching")
              : hits.length === 0
                ? t("nothing", { q })
                : t("found", { count: hits.length })}
          </p>
        </div>
      ) : null}
    </div>
  );
}
