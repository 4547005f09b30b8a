import { describe, expect, it } from "vitest";
import { rooms } from "@/db/schema";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { makeService } from "@/server/testing/funding-factories";
import { bookSession } from "./sessions";
import { createFeed, renderFeed, revokeFeed } from "./feeds";

const t = await useTestDatabase();

describe("phone calendar feeds", () => {
  it("show the specialist's sessions with times and room only, and stop when revoked", async () => {
    const unit = await makeUnit(t.db);
    const me = await makeActor(t.db, {
      permissions: { "sessions:book": "own", "sessions:read": "own", "clients:read": "own" },
      unitIds: [unit],
    });
    const other = await makeActor(t.db, { permissions: { "sessions:read": "own" }, unitIds: [unit] });
    const clientId = await makeClient(t.db, { name: "Salajane", unitIds: [unit], caseManagerId: me.employeeId });
    const serviceId = await makeService(t.db);
    const [room] = await t.db.insert(rooms).values({ name: "Sinine tuba", unitId: unit, capacity: 2 }).returning({ id: rooms.id });
    const start = new Date(Date.now() + 2 * 86_400_000);
    await bookSession(
      { db: t.db, actor: me, ip: null },
      {
        serviceId,
        roomId: room!.id,
        startsAt: start,
        endsAt: new Date(start.getTime() + 3_600_000),
        specialistIds: [me.employeeId],
        participants: [{ clientId, decisionId: null }],
        notes: "Väga isiklik märkus",
      },
    );

    expect((await appErrorOf(createFeed({ db: t.db, actor: other, ip: null }, { kind: "specialist", targetId: me.employeeId }))).code).toBe(
      "FORBIDDEN",
    );
    const { id, token } = await createFeed({ db: t.db, actor: me, ip: null }, { kind: "specialist", targetId: me.employeeId });
    const ics = (await renderFeed(t.db, token))!;
    expect(ics).toContain("BEGIN:VEVENT");
    expect(ics).toContain("Sinine tuba");
    expect(ics).toContain(`DTSTART:${start.toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`);
    for (const secret of ["Salajane", "Klient", "Väga isiklik"]) expect(ics).not.toContain(secret);

    await revokeFeed({ db: t.db, actor: me, ip: null }, { id });
    expect(await renderFeed(t.db, token)).toBeNull();
    expect(await renderFeed(t.db, "not-a-real-token-not-a-real-token")).toBeNull();
  });
});
