"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Alert, EmptyState } from "@/components/ui/alert";
import { useErrorText } from "@/components/ui/use-error-text";
import { Scheduler } from "./scheduler";

/**
 * Rooms side by side for a day or a week. Everyone with sessions:read sees every booking, but a
 * session none of whose clients they may see is only "busy".
 */
export function RoomCalendar({ initialDate, canManageRooms }: { initialDate?: string; canManageRooms: boolean }) {
  const t = useTranslations("scheduling");
  const tc = useTranslations("common");
  const trpc = useTRPC();
  const errorText = useErrorText();
  const me = useQuery(trpc.me.get.queryOptions());
  const rooms = useQuery(trpc.scheduling.rooms.list.queryOptions({ activeOnly: true }));
  const [unit, setUnit] = useState("");

  if (me.isPending || rooms.isPending)
    return (
      <>
        <h1>{t("roomsTitle")}</h1>
        <p>{tc("loading")}</p>
      </>
    );
  const failed = me.error ?? rooms.error;
  if (failed)
    return (
      <>
        <h1>{t("roomsTitle")}</h1>
        <Alert kind="error">{errorText(failed).message}</Alert>
      </>
    );
  if (!me.data || !rooms.data) return null;
  if (rooms.data.length === 0) {
    return (
      <>
        <h1>{t("roomsTitle")}</h1>
        <EmptyState>
          <p>{t("noRooms")}</p>
          {canManageRooms ? (
            <p>
              <Link href="/admin/rooms">{t("addRoomsHint")}</Link>
            </p>
          ) : null}
        </EmptyState>
      </>
    );
  }
  const units = [...new Map(rooms.data.map((r) => [r.unitId, r.unitName])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
  const shown = rooms.data.filter((r) => !unit || r.unitId === unit);
  const resources = shown.map((r, i) => ({ id: r.id, title: `${r.name} (${t("capacity", { count: r.capacity })})`, order: i }));
  const meOption = { id: me.data.employeeId, label: `${me.data.firstName} ${me.data.lastName}` };
  const toolbar =
    units.length > 1 ? (
      <label>
        {t("unit")}
        <select value={unit} onChange={(e) => setUnit(e.target.value)} style={{ font: "inherit", padding: ".35rem" }}>
          <option value="">{t("allUnits")}</option>
          {units.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </label>
    ) : null;
  return (
    <>
      <h1>{t("roomsTitle")}</h1>
      <Scheduler
        mode="rooms"
        resources={resources}
        filter={{ roomIds: shown.map((r) => r.id) }}
        // Each room's own channel; one beyond the person's units is refused and refreshes on refetch.
        liveRooms={shown.map((r) => `room:${r.id}`)}
        initialDate={initialDate}
        initialView="day"
        me={meOption}
        canBook={me.data.permissions.some((p) => p.key === "sessions:book")}
        toolbar={toolbar}
        presetFor={(slot) => ({ roomId: slot.resourceId })}
      />
    </>
  );
}
