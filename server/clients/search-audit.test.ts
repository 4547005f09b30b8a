import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clients } from "@/db/schema";
import { createCaller } from "@/server/api/root";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { auditRows, makeActor, makeClient, makeUnit } from "@/server/testing/factories";
import { searchKindOf } from "./clients";
import { accessHistory } from "./privacy";

/**
 * Looking someone up in the client list leaves a trace: who searched, what kind of text, how many
 * were found and which clients were shown; never the personal code typed in.
 */

const t = await useTestDatabase();

let searcher: Actor;
let mine: { id: string; code: string };
let namesake: string;
let elsewhere: { id: string; code: string };

beforeAll(async () => {
  const team = await makeUnit(t.db, { name: "Tallinna meeskond" });
  const other = await makeUnit(t.db, { name: "Tartu meeskond" });
  searcher = await makeActor(t.db, { permissions: { "clients:read": "unit" }, unitIds: [team] });
  mine = await withCode(await makeClient(t.db, { unitIds: [team], name: "Otsitav" }));
  namesake = await makeClient(t.db, { unitIds: [team], name: "Otsitav" });
  elsewhere = await withCode(await makeClient(t.db, { unitIds: [other], name: "Kaugel" }));
});

async function withCode(id: string) {
  const [row] = await t.db.select({ code: clients.personalCode }).from(clients).where(eq(clients.id, id));
  return { id, code: row!.code! };
}

const list = (search?: string) =>
  createCaller({ db: t.db, actor: searcher, ip: "192.0.2.44" }).clients.list(search === undefined ? {} : { search });
const lastSearch = async () => (await auditRows(t.db, "client.search")).at(-1);

describe("searching the client list", () => {
  it("a full personal code is recorded as its kind, with the hit and the client shown, and never the code itself", async () => {
    expect((await list(mine.code)).map((c) => c.id)).toEqual([mine.id]);
    const row = await lastSearch();
    expect(row).toMatchObject({ actorEmployeeId: searcher.employeeId, ip: "192.0.2.44", clientId: mine.id, outcome: "ok" });
    expect(row?.details).toEqual({ view: "clientList", searchKind: "personalCode", hits: 1, clientIds: [mine.id] });
    expect(JSON.stringify(row)).not.toContain(mine.code);
  });

  it("a name search lists every client it showed; each one's access history finds it", async () => {
    const before = (await auditRows(t.db, "client.search")).length;
    const shown = (await list("otsitav")).map((c) => c.id).sort();
    expect(shown).toEqual([mine.id, namesake].sort());
    const rows = await auditRows(t.db, "client.search");
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)?.details).toMatchObject({ searchKind: "name", hits: 2 });
    expect((rows.at(-1)?.details as { clientIds: string[] }).clientIds.sort()).toEqual(shown);
    const head = await makeActor(t.db, { permissions: { "clients:read": "all" } });
    const history = await accessHistory({ db: t.db, actor: head, ip: null }, { clientId: namesake });
    expect(history.map((h) => h.action)).toContain("client.search");
  });

  it("a code of someone out of reach finds nothing, and the attempt is still recorded", async () => {
    expect(await list(elsewhere.code)).toEqual([]);
    const row = await lastSearch();
    expect(row?.details).toEqual({ view: "clientList", searchKind: "personalCode", hits: 0, clientIds: [] });
    expect(row?.clientId).toBeNull();
    expect(JSON.stringify(row)).not.toContain(elsewhere.code);
  });

  it("part of a code is a partial code; the plain list without a search text is not a search", async () => {
    await list(mine.code.slice(0, 6));
    expect((await lastSearch())?.details).toMatchObject({ searchKind: "partialCode" });
    const before = (await auditRows(t.db, "client.search")).length;
    await list();
    await list("   ");
    expect(await auditRows(t.db, "client.search")).toHaveLength(before);
  });

  it("tells the kinds apart", () => {
    expect(searchKindOf("Mari Maasikas")).toBe("name");
    expect(searchKindOf("38001085718")).toBe("personalCode");
    expect(searchKindOf("380 0108 5718")).toBe("personalCode");
    expect(searchKindOf("38001085719")).toBe("partialCode");
    expect(searchKindOf("4900")).toBe("partialCode");
  });
});
