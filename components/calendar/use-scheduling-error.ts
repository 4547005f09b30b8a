"use client";
import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { useErrorText, type ErrorText } from "@/components/ui/use-error-text";
import { tallinnDate } from "./time";
import { useFormat } from "@/components/ui/use-format";

type AppData = { messageKey: string; params: Record<string, string | number>; field: string | null };

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * useErrorText for the calendars: the clash messages carry ISO timestamps, shown here as Tallinn
 * times; a status is worded; a refusal about one client of a group (a hard limit when the
 * session is marked done) says whose it is, and one about one date of a series which it is.
 */
export function useSchedulingError() {
  const errorText = useErrorText();
  const format = useFormat();
  const t = useTranslations("scheduling");
  return useCallback(
    (error: unknown): ErrorText => {
      const data = (error as { data?: { app?: AppData | null } } | null)?.data;
      const app = data?.app;
      if (!app) return errorText(error);
      const params: Record<string, string | number> = { ...app.params };
      const start = typeof params.start === "string" && ISO.test(params.start) ? new Date(params.start) : null;
      const end = typeof params.end === "string" && ISO.test(params.end) ? new Date(params.end) : null;
      if (start) params.start = format.dateTime(start);
      if (end) {
        const sameDay = start && tallinnDate(start) === tallinnDate(end);
        params.end = sameDay ? format.time(end) : format.dateTime(end);
      }
      for (const key of ["status", "to"] as const) {
        const value = params[key];
        if (typeof value === "string" && t.has(`statuses.${value}`)) params[key] = t(`statuses.${value}`);
      }
      const worded = errorText({ ...(error as object), data: { ...data, app: { ...app, params } } });
      const client = app.params.client;
      if (typeof client === "string" && client && !worded.message.includes(client)) {
        return { ...worded, message: `${client}: ${worded.message}` };
      }
      const occurrence = app.params.occurrence;
      if (typeof occurrence === "string" && DAY.test(occurrence)) {
        const date = format.date(occurrence);
        return { ...worded, message: t("series.move.occurrence", { date, message: worded.message }) };
      }
      return worded;
    },
    [errorText, format, t],
  );
}
