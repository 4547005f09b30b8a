import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { createContext } from "@/server/api/context";
import { updateEmployee } from "@/server/org/employees";
import { callProcedure, outcomeOf } from "@/server/testing/callers";
import { useTestDatabase } from "@/server/testing/database";
import { auditRows, makeActor, makeUnit } from "@/server/testing/factories";
import { SESSION_COOKIE, signedInCookie } from "@/server/testing/sessions";
import { revokeNow } from "./auth-sessions";
import { sessionFromCookies } from "./session-token";

const t = await useTestDatabase();

/** What the tRPC endpoint would make of this cookie: "OK" for me.get, or the refusal. */
async function meWith(cookie: string) {
  const ctx = await createContext({ cookie, ip: "192.0.2.1" });
  return outcomeOf(t.db, ctx.actor, "me.get");
}

describe("a session ends on the server, at once", () => {
  it("a live session's cookie reads me.get; after sign-out the same cookie reads nothing", async () => {
    const person = await makeActor(t.db);
    const { sid, cookie } = await signedInCookie(t.db, person.employeeId);
    expect(await meWith(cookie)).toBe("OK");
    expect(await meWith(cookie)).toBe("OK"); // now in every cache
    await revokeNow(t.db, { sid }, "sign_out");
    expect(await sessionFromCookies(cookie)).toBeNull();
    expect(await meWith(cookie)).toBe("UNAUTHORIZED");
  });

  it("a cookie from before server-side sessions (no session id) is refused", async () => {
    const person = await makeActor(t.db);
    const old = `${SESSION_COOKIE}=${await encode({ token: { employeeId: person.employeeId }, secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE })}`;
    expect(await sessionFromCookies(old)).toBeNull();
  });

  it("a session id pasted into a cookie of another person is refused", async () => {
    const [a, b] = [await makeActor(t.db), await makeActor(t.db)];
    const { sid } = await signedInCookie(t.db, a.employeeId);
    const mixed = `${SESSION_COOKIE}=${await encode({ token: { employeeId: b.employeeId, sid }, secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE })}`;
    expect(await sessionFromCookies(mixed)).toBeNull();
  });

  it("another instance's revocation (a plain UPDATE) is seen within seconds", async () => {
    const person = await makeActor(t.db);
    const { sid, cookie } = await signedInCookie(t.db, person.employeeId);
    expect(await meWith(cookie)).toBe("OK");
    await t.sql`UPDATE auth_sessions SET revoked_at = now(), revoked_reason = 'sign_out' WHERE id = ${sid}`;
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    expect(await meWith(cookie)).toBe("UNAUTHORIZED");
  });

  it("sign out everywhere ends every session of the person and no one else's", async () => {
    const person = await makeActor(t.db);
    const other = await makeActor(t.db);
    const here = await signedInCookie(t.db, person.employeeId);
    const there = await signedInCookie(t.db, person.employeeId, { ip: "198.51.100.9", userAgent: "Firefox" });
    const colleague = await signedInCookie(t.db, other.employeeId);
    const ctx = await createContext({ cookie: here.cookie, ip: "192.0.2.1" });
    const listed = (await callProcedure(t.db, ctx.actor, "account.sessions")) as { id: string }[];
    expect(listed.map((s) => s.id).sort()).toEqual([here.sid, there.sid].sort());
    await callProcedure(t.db, ctx.actor, "account.signOutEverywhere");
    expect(await meWith(here.cookie)).toBe("UNAUTHORIZED");
    expect(await meWith(there.cookie)).toBe("UNAUTHORIZED");
    expect(await meWith(colleague.cookie)).toBe("OK");
    expect((await auditRows(t.db, "auth.sign_out_everywhere")).at(-1)).toMatchObject({
      actorEmployeeId: person.employeeId,
      details: { sessions: 2 },
    });
  });

  it("one's own other session can be ended, somebody else's cannot", async () => {
    const person = await makeActor(t.db);
    const other = await makeActor(t.db);
    const forgotten = await signedInCookie(t.db, person.employeeId);
    const theirs = await signedInCookie(t.db, other.employeeId);
    expect(await outcomeOf(t.db, person, "account.endSession", { sessionId: theirs.sid })).toBe("NOT_FOUND");
    expect(await meWith(theirs.cookie)).toBe("OK");
    expect(await outcomeOf(t.db, person, "account.endSession", { sessionId: forgotten.sid })).toBe("OK");
    expect(await meWith(forgotten.cookie)).toBe("UNAUTHORIZED");
  });

  it("deactivating an employee ends their sessions at once, also when done in plain SQL", async () => {
    const unit = await makeUnit(t.db);
    const admin = await makeActor(t.db, { permissions: { "employees:read": "all", "employees:manage": "all" }, unitIds: [unit] });
    const person = await makeActor(t.db, { unitIds: [unit] });
    const { sid, cookie } = await signedInCookie(t.db, person.employeeId);
    expect(await meWith(cookie)).toBe("OK");
    await updateEmployee(
      { db: t.db, actor: admin, ip: null },
      {
        personalCode: person.personalCode,
        firstName: person.firstName,
        lastName: person.lastName,
        email: null,
        phone: null,
        active: false,
        weeklyHours: 40,
        unitIds: [unit],
        specialtyIds: [],
        roleIds: [],
        password: null,
        id: person.employeeId,
      },
    );
    expect(await meWith(cookie)).toBe("UNAUTHORIZED");
    const [row] = await t.sql`SELECT revoked_reason FROM auth_sessions WHERE id = ${sid}`;
    expect(row).toEqual({ revoked_reason: "deactivated" });

    const another = await makeActor(t.db);
    const theirs = await signedInCookie(t.db, another.employeeId);
    await t.sql`UPDATE employees SET active = false WHERE id = ${another.employeeId}`;
    const [revoked] = await t.sql`SELECT revoked_reason FROM auth_sessions WHERE id = ${theirs.sid}`;
    expect(revoked).toEqual({ revoked_reason: "deactivated" });
  });

  it("an unknown session id reads nothing", async () => {
    const person = await makeActor(t.db);
    const forged = `${SESSION_COOKIE}=${await encode({ token: { employeeId: person.employeeId, sid: randomUUID() }, secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE })}`;
    expect(await meWith(forged)).toBe("UNAUTHORIZED");
  });
});
