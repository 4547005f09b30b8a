import type { Socket as ClientSocket } from "socket.io-client";

/** The next `event` the socket hears; refused after 10 s. */
export const nextEvent = (socket: ClientSocket, event: string) =>
  new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within 10 s`)), 10_000);
    socket.once(event, (payload: Record<string, unknown>) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });

/**
 * Resolves once the socket is connected. A socket opened before another await (a second
 * sign-in) may have connected already, and its "connect" event is gone: waiting for it hung the
 * test until its time ran out (CI, twice).
 */
export const connected = (socket: ClientSocket) =>
  socket.connected
    ? Promise.resolve()
    : new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
