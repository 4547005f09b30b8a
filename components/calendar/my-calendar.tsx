"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert } from "@/components/ui/alert";
import { useErrorText } from "@/components/ui/use-error-text";
import { Scheduler } from "./scheduler";
import { tallinnDate } from "./time";

/**
 * The signed-in person's own calendar; colleagues chosen here appear side by side (a column
 * each), so a time that suits everyone can be selected and booked for them together.
 */
export function MyCalendar({
  initialDate,
  initialColleagues,
  canPickColleagues,
}: {
  initialDate?: string;
  initialColleagues: string[];
  canPickColleagues: boolean;
}) {
  const t = useTranslations("scheduling");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const errorText = useErrorText();
  const me = useQuery(trpc.me.get.queryOptions());
  const people = useQuery({ ...trpc.employees.list.queryOptions({}), enabled: canPickColleagues });
  const [colleagues, setColleagues] = useState<string[]>(initialColleagues);
  // Where the person is in time, so that adding a colleague (a new view) stays on that day.
  const [anchor, setAnchor] = useState(initialDate);

  if (me.isPending) return <p>{tc("loading")}</p>;
  if (me.isError) return <Alert kind="error">{errorText(me.error).message}</Alert>;
  const myId = me.data.employeeId;
  const canBook = me.data.permissions.some((p) => p.key === "sessions:book");
  const nameOf = new Map((people.data ?? []).map((p) => [p.id, `${p.firstName} ${p.lastName}`]));
  const shown = colleagues.filter((id) => id !== myId && (people.isPending || nameOf.has(id)));
  const choose = (next: string[]) => {
    setColleagues(next);
    // Keep the choice in the address, so the view can be bookmarked and reloaded as it is.
    const url = new URL(window.location.href);
    if (next.length) url.searchParams.set("with", next.join(","));
    else url.searchParams.delete("with");
    window.history.replaceState(null, "", url);
  };
  const meOption = { id: myId, label: `${me.data.firstName} ${me.data.lastName}` };
  const resources = shown.length
    ? [
        { id: myId, title: `${meOption.label} (${t("me")})`, order: 0 },
        ...shown.map((id, i) => ({ id, title: nameOf.get(id) ?? "…", order: i + 1 })),
      ]
    : undefined;
  const candidates = (people.data ?? []).filter((p) => p.id !== myId && !shown.includes(p.id));

  const toolbar = canPickColleagues ? (
    <div role="group" aria-label={t("colleagues")} className="calendar-toolbar" style={{ margin: 0 }}>
      <label>
        {t("addColleague")}
        <select
          value=""
          onChange={(e) => e.target.value && choose([...shown, e.target.value])}
          style={{ font: "inherit", padding: ".35rem" }}
        >
          <option value="">{t("chooseColleague")}</option>
          {candidates.map((p) => (
            <option key={p.id} value={p.id}>
              {p.lastName}, {p.firstName}
            </option>
          ))}
        </select>
      </label>
      {shown.length ? (
        <ul className="chips">
          {shown.map((id) => (
            <li key={id}>
              {nameOf.get(id) ?? "…"}
              <button
                type="button"
                aria-label={t("removeColleagueNamed", { name: nameOf.get(id) ?? "" })}
                onClick={() => choose(shown.filter((x) => x !== id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <span className="hint" style={{ color: "var(--muted)", fontSize: ".88rem" }}>
          {t("colleaguesHint")}
        </span>
      )}
    </div>
  ) : null;

  return (
    <>
      <h1>{t("myTitle")}</h1>
      <Scheduler
        // A different set of columns is a different FullCalendar view: start it afresh.
        key={shown.length ? "people" : "plain"}
        mode={shown.length ? "people" : "plain"}
        resources={resources}
        filter={{ specialistIds: [myId, ...shown] }}
        // One's own calendar and those of colleagues within one's scope are followed by name; the
        // server refuses a colleague beyond it, whose busy times refresh when the view refetches.
        liveRooms={[myId, ...shown].map((id) => `specialist:${id}`)}
        initialDate={anchor}
        onRangeStart={(start) => setAnchor(tallinnDate(start))}
        initialView={shown.length ? "day" : "week"}
        me={meOption}
        canBook={canBook}
        toolbar={toolbar}
        presetFor={(slot) => {
          const other =
            slot.resourceId && slot.resourceId !== myId ? { id: slot.resourceId, label: nameOf.get(slot.resourceId) ?? "" } : null;
          return { specialists: other ? [meOption, other] : [meOption] };
        }}
      />
    </>
  );
}
