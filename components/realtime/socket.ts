"use client";
import type { Socket } from "socket.io-client";

/**
 * One Socket.io connection per page, shared by every view that wants live updates. Views ask
 * for rooms by name; the server joins a room only after its own access check, and forgets all
 * of them when the connection drops, so every (re)connect subscribes again to what is wanted.
 */

export type LiveStatus = "connecting" | "live" | "offline";
/** What changed is named only when one thing did ("several": more in the same few milliseconds). */
export type SessionChanged = { kind: string; invoiceId?: string; at: number };

type ServerToClient = {
  "session.changed": (payload: SessionChanged) => void;
  "billing.changed": (payload: SessionChanged) => void;
  "work.changed": (payload: SessionChanged) => void;
};
type ClientToServer = { subscribe: (room: string, ack: (ok: boolean) => void) => void };

let socket: Socket<ServerToClient, ClientToServer> | null = null;
let everConnected = false;
let closeTimer: ReturnType<typeof setTimeout> | null = null;
const wanted = new Map<string, number>();
const joined = new Set<string>();
const changeListeners = new Set<(payload: SessionChanged) => void>();
const reconnectListeners = new Set<() => void>();
const statusListeners = new Set<() => void>();
let status: LiveStatus = "connecting";

function computeStatus(): LiveStatus {
  if (!socket?.connected) return everConnected ? "offline" : "connecting";
  return [...wanted.keys()].every((room) => joined.has(room)) ? "live" : "connecting";
}

function updateStatus() {
  const next = computeStatus();
  if (next === status) return;
  status = next;
  for (const listener of statusListeners) listener();
}

function subscribe(room: string) {
  const s = socket;
  if (!s?.connected) return;
  s.emit("subscribe", room, (ok) => {
    // A refusal (no access) leaves the room out; the data itself is refused the same way.
    if (ok && s === socket && s.connected) joined.add(room);
    else wanted.delete(room);
    updateStatus();
  });
}

/**
 * The Socket.io client loads after the page, in its own task: it is not part of any page's first
 * JavaScript, and its parsing no longer lengthens the hydration task on a slow phone. A failed
 * load (a flaky connection) is tried again while a view still wants live updates.
 */
let loading = false;
const RETRY_LOAD_MS = 5_000;

function ensureSocket() {
  if (closeTimer) {
    clearTimeout(closeTimer);
    closeTimer = null;
  }
  if (socket || loading) return;
  loading = true;
  import("socket.io-client").then(
    ({ io }) => {
      loading = false;
      // The views that wanted it were left while it loaded.
      if (!socket && wanted.size > 0) connect(io);
    },
    () => {
      loading = false;
      setTimeout(() => {
        if (wanted.size > 0) ensureSocket();
      }, RETRY_LOAD_MS);
    },
  );
}

function connect(io: typeof import("socket.io-client").io) {
  everConnected = false;
  const s: Socket<ServerToClient, ClientToServer> = io({ withCredentials: true });
  socket = s;
  s.on("connect", () => {
    joined.clear();
    for (const room of wanted.keys()) subscribe(room);
    // Whatever changed while we were away was never announced: refetch what is on screen.
    if (everConnected) for (const listener of reconnectListeners) listener();
    everConnected = true;
    updateStatus();
  });
  s.on("disconnect", (reason) => {
    joined.clear();
    updateStatus();
    // The server closed it on purpose (e.g. a restart): Socket.io does not retry by itself then.
    if (reason === "io server disconnect") s.connect();
  });
  s.on("connect_error", () => updateStatus());
  s.on("session.changed", (payload) => {
    for (const listener of changeListeners) listener(payload);
  });
  // Views listen by room: a billing view is in the billing room only, a time sheet in rooms that
  // carry general work, so the same refresh serves.
  for (const event of ["billing.changed", "work.changed"] as const) {
    s.on(event, (payload) => {
      for (const listener of changeListeners) listener(payload);
    });
  }
}

/** Wants the rooms until the returned release is called. */
export function acquireRooms(rooms: string[]): () => void {
  ensureSocket();
  for (const room of rooms) {
    const count = wanted.get(room) ?? 0;
    wanted.set(room, count + 1);
    if (count === 0) subscribe(room);
  }
  updateStatus();
  return () => {
    for (const room of rooms) {
      const count = wanted.get(room) ?? 0;
      // The server has no "unsubscribe": the socket stays in the room, its events are harmless.
      if (count <= 1) wanted.delete(room);
      else wanted.set(room, count - 1);
    }
    updateStatus();
    if (wanted.size === 0 && !closeTimer) {
      // Close only when nothing wants it for a while: navigating between calendars keeps it.
      closeTimer = setTimeout(() => {
        closeTimer = null;
        if (wanted.size > 0 || !socket) return;
        socket.disconnect();
        socket = null;
        joined.clear();
        everConnected = false;
        status = "connecting";
      }, 10_000);
    }
  };
}

export function onSessionChanged(listener: (payload: SessionChanged) => void): () => void {
  changeListeners.add(listener);
  return () => void changeListeners.delete(listener);
}

export function onReconnect(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => void reconnectListeners.delete(listener);
}

export function onStatus(listener: () => void): () => void {
  statusListeners.add(listener);
  return () => void statusListeners.delete(listener);
}

export const currentStatus = (): LiveStatus => status;
