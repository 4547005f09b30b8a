import { beforeAll, describe, expect, it } from "vitest";
import { tallinnTime } from "@/lib/tallinn-time";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeActor } from "@/server/testing/factories";
import { makeSession } from "@/server/testing/scheduling-factories";
import { makeWorkloadWorld, type WorkloadWorld } from "@/server/testing/workload-factories";
import { mayJoin } from "@/server/realtime/io";
import { workloadDashboard } from "./dashboard";

/**
 * The manager's dashboard: this month's hours per specialist of the manager's units, today's
 * rooms and the next sessions, as figures only; each viewer sees what their scope reaches and
 * is told which live rooms carry its changes.
 */

const t = await useTestDatabase();
let w: WorkloadWorld;
// Wednesday 18 November 2026, 10:15 in Tallinn.
const NOW = tallinnTime("2026-11-18", "10:15");

beforeAll(async () => {
  w = await makeWorkloadWorld(t.db);
  const s = (opts: {
    specialist: string;
    room?: string | null;
    day: string;
    from: string;
    to: string;
    status?: "planned" | "agreed" | "done" | "cancelled";
    client?: string;
  }) =>
    makeSession(t.db, {
      serviceId: w.scheduling.individualServiceId,
      roomId: opts.room ?? null,
      startsAt: tallinnTime(opts.day, opts.from),
      endsAt: tallinnTime(opts.day, opts.to),
      status: opts.status,
      specialistIds: [opts.specialist],
      participants: [{ clientId: opts.client ?? w.client }],
    });
  await s({ specialist: w.jaan.employeeId, room: w.room, day: "2026-11-18", from: "09:30", to: "10:30", status: "agreed" });
  await s({ specialist: w.jaan.employeeId, room: w.room, day: "2026-11-18", from: "13:00", to: "14:00" });
  await s({ specialist: w.jaan.employeeId, room: w.room, day: "2026-11-18", from: "15:00", to: "16:00", status: "cancelled" });
  await s({ specialist: w.jaan.employeeId, day: "2026-11-02", from: "09:00", to: "11:00", status: "done" });
  await s({ specialist: w.liis.employeeId, room: w.room, day: "2026-11-19", from: "09:00", to: "10:30" });
  await s({ specialist: w.maarja.employeeId, room: w.tartuRoom, day: "2026-11-18", from: "11:00", to: "12:00", client: w.hiddenClient });
});

describe("the manager's dashboard", () => {
  it("hours per specialist of the manager's units, this month", async () => {
    const d = await workloadDashboard({ db: t.db, actor: w.manager, ip: null }, { now: NOW });
    expect(d).toMatchObject({ month: "2026-11", today: "2026-11-18" });
    // The manager has no specialty and no sessions: not a line; Maarja is in another region.
    expect(d.specialists.map((s) => [s.id, s.possibleHours, s.agreedHours, s.doneHours])).toEqual(
      expect.arrayContaining([
        [w.jaan.employeeId, 168, 2, 2],
        [w.liis.employeeId, 168, 1.5, 0],
      ]),
    );
    expect(d.specialists).toHaveLength(2);
    expect(d.totals).toEqual({ possibleHours: 336, agreedHours: 3.5, doneHours: 2 });
  });

  it("today's rooms of the manager's units: sessions, hours, occupancy of the working day, busy now and until when", async () => {
    const d = await workloadDashboard({ db: t.db, actor: w.manager, ip: null }, { now: NOW });
    expect(d.rooms).toHaveLength(1);
    expect(d.rooms[0]).toMatchObject({
      id: w.room,
      sessions: 2,
      bookedHours: 2,
      occupancyPct: 22,
      busyUntil: tallinnTime("2026-11-18", "10:30"),
      nextStart: tallinnTime("2026-11-18", "13:00"),
    });
  });

  it("the next sessions, the running one first, as figures without any client data", async () => {
    const d = await workloadDashboard({ db: t.db, actor: w.manager, ip: null }, { now: NOW });
    expect(d.upcoming.map((u) => [u.startsAt, u.roomName !== null, u.clients, u.specialists.length])).toEqual([
      [tallinnTime("2026-11-18", "09:30"), true, 1, 1],
      [tallinnTime("2026-11-18", "13:00"), true, 1, 1],
      [tallinnTime("2026-11-19", "09:00"), true, 1, 1],
    ]);
    const text = JSON.stringify(d);
    for (const clientData of ["Toomingas", "Varjatud", w.client, w.hiddenClient]) expect(text).not.toContain(clientData);
  });

  it("a day off has no occupancy to measure", async () => {
    const d = await workloadDashboard({ db: t.db, actor: w.manager, ip: null }, { now: tallinnTime("2026-12-24", "10:00") });
    expect(d.rooms.map((r) => r.occupancyPct)).toEqual([null]);
    expect(d.month).toBe("2026-12");
  });
});

describe("who sees what, and which live rooms carry it", () => {
  it("the manager listens to their own units' dashboard rooms", async () => {
    expect((await workloadDashboard({ db: t.db, actor: w.manager, ip: null }, { now: NOW })).liveRooms).toEqual([
      `dashboard:${w.units.tallinn}`,
    ]);
  });

  it("a specialist sees only their own line and no rooms, and listens to their own calendar", async () => {
    const d = await workloadDashboard({ db: t.db, actor: w.jaan, ip: null }, { now: NOW });
    expect(d.specialists.map((s) => s.id)).toEqual([w.jaan.employeeId]);
    expect(d.rooms).toEqual([]);
    expect(d.liveRooms).toEqual([`specialist:${w.jaan.employeeId}`]);
    expect(d.upcoming).toHaveLength(2);
  });

  it("an institution-wide reader sees every region and listens to every session change through rooms it may join", async () => {
    const director = await makeActor(t.db, { permissions: { "workload:read": "all" } });
    const d = await workloadDashboard({ db: t.db, actor: director, ip: null }, { now: NOW });
    expect(d.specialists.map((s) => s.id)).toEqual(expect.arrayContaining([w.jaan.employeeId, w.liis.employeeId, w.maarja.employeeId]));
    expect(d.rooms.map((r) => r.id)).toEqual(expect.arrayContaining([w.room, w.tartuRoom]));
    // The top units' dashboards, which every session change below them reaches; no broad room.
    expect(d.liveRooms).toEqual(expect.arrayContaining([`dashboard:${w.units.north}`, `dashboard:${w.units.south}`]));
    expect(d.liveRooms).not.toContain("sessions");
    for (const room of d.liveRooms) expect([room, await mayJoin(director, room)]).toEqual([room, true]);
  });

  it("without a workload permission there is no dashboard", async () => {
    const clerk = await makeActor(t.db, { permissions: { "clients:read": "all" } });
    expect((await appErrorOf(workloadDashboard({ db: t.db, actor: clerk, ip: null }, { now: NOW }))).code).toBe("FORBIDDEN");
  });
});
