"use client";
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect, useSyncExternalStore } from "react";
import { useTRPC } from "@/components/trpc/client";
import { acquireRooms, currentStatus, onReconnect, onSessionChanged, onStatus, type LiveStatus } from "./socket";

/**
 * Keeps what a view shows fresh: subscribes to the given Socket.io rooms and, on every
 * "session.changed" and after every reconnect, invalidates the matching queries (by default all
 * scheduling.sessions.list queries), so TanStack Query refetches the active ones. The socket
 * only says that something changed; the data always comes through tRPC with its access checks.
 */
export function useLiveRefresh(rooms: string[], extraKeys: QueryKey[] = []): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Keys are plain data: compare them by value, so callers may pass new arrays on every render.
  const keyList = JSON.stringify([trpc.scheduling.sessions.list.queryKey(), ...extraKeys]);
  const roomList = [...new Set(rooms)].sort().join("\n");

  useEffect(() => {
    if (!roomList) return;
    const queryKeys = JSON.parse(keyList) as QueryKey[];
    let timer: ReturnType<typeof setTimeout> | null = null;
    // A burst of events (a group session touches many rooms) becomes one refetch.
    const refresh = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        for (const queryKey of queryKeys) void queryClient.invalidateQueries({ queryKey });
      }, 30);
    };
    const release = acquireRooms(roomList.split("\n"));
    const offChange = onSessionChanged(refresh);
    const offReconnect = onReconnect(refresh);
    return () => {
      if (timer) clearTimeout(timer);
      offChange();
      offReconnect();
      release();
    };
  }, [roomList, keyList, queryClient]);
}

/**
 * The connection's state, for the one small element that shows it (LiveStatus). Not returned by
 * useLiveRefresh on purpose: a page that read it re-rendered whole (the calendar with
 * FullCalendar, a dashboard's tables) each time the socket connected or joined its rooms, right
 * after the page had loaded, which is where a phone's main thread is busiest.
 */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(onStatus, currentStatus, () => "connecting");
}
