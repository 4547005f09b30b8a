import type http from "node:http";
import { Server } from "socket.io";
import { cachedActor } from "@/server/auth/actor-cache";
import { employeeIdFromCookies } from "@/server/auth/session-token";
import type { Actor } from "@/server/policy/actor";
import { rooms } from "./rooms";

type SocketData = { actor: Actor };

const holder = globalThis as unknown as { __io?: Server };

/**
 * Socket.io on the app's own http.Server. A socket is accepted only with a valid session
 * cookie; it joins its own employee room at once, and further rooms only after the same policy
 * check that reading the data needs (added with the features that publish to them).
 */
export function attachRealtime(server: http.Server): Server {
  const io = new Server<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>(server, {
    serveClient: false,
    cors: { origin: false },
  });
  io.use(async (socket, next) => {
    const employeeId = await employeeIdFromCookies(socket.handshake.headers.cookie);
    const actor = employeeId ? await cachedActor(employeeId) : null;
    if (!actor) return next(new Error("unauthorized"));
    socket.data.actor = actor;
    next();
  });
  io.on("connection", (socket) => {
    void socket.join(rooms.employee(socket.data.actor.employeeId));
  });
  holder.__io = io as unknown as Server;
  return holder.__io;
}

/** Sends a small "something changed" event; call only after the transaction has committed. */
export function publish(room: string, event: string, payload: Record<string, unknown>): void {
  holder.__io?.to(room).emit(event, payload);
}
