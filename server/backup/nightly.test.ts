import { beforeAll, describe, expect, it } from "vitest";
import { getInstitution } from "@/server/settings/institution";
import type { Actor } from "@/server/policy/actor";
import { useTestDatabase } from "@/server/testing/database";
import { appErrorOf } from "@/server/testing/errors";
import { auditRows, makeActor } from "@/server/testing/factories";
import { backupDue, runNightlyBackupIfDue, setBackupSchedule } from "./nightly";

const t = await useTestDatabase();
let admin: Actor;
beforeAll(async () => {
  admin = await makeActor(t.db, { permissions: { "settings:read": "all", "settings:manage": "all" } });
});

const at = (iso: string) => new Date(iso);
const tallinn = { enabled: true, hour: 3, timeZone: "Europe/Tallinn" };

describe("backupDue", () => {
  it("is due from the chosen local hour on, once per local day, and never when switched off", () => {
    expect(backupDue(at("2026-12-03T00:59:00Z"), { ...tallinn, lastAt: null })).toBe(false); // 02:59 in Tallinn
    expect(backupDue(at("2026-12-03T01:00:00Z"), { ...tallinn, lastAt: null })).toBe(true); // 03:00
    expect(backupDue(at("2026-12-03T01:00:00Z"), { ...tallinn, lastAt: at("2026-12-02T01:00:30Z") })).toBe(true);
    expect(backupDue(at("2026-12-03T05:00:00Z"), { ...tallinn, lastAt: at("2026-12-03T01:00:30Z") })).toBe(false);
    expect(backupDue(at("2026-12-03T01:00:00Z"), { ...tallinn, enabled: false, lastAt: null })).toBe(false);
  });

  it("still runs on the night the clocks skip 03:00 and only once on the night 03:00 comes twice", () => {
    // 2026-03-29: 03:00 does not exist in Tallinn; 01:10Z is 04:10 local.
    expect(backupDue(at("2026-03-29T00:59:00Z"), { ...tallinn, lastAt: at("2026-03-28T01:00:00Z") })).toBe(false);
    expect(backupDue(at("2026-03-29T01:10:00Z"), { ...tallinn, lastAt: at("2026-03-28T01:00:00Z") })).toBe(true);
    // 2026-10-25: 03:00-04:00 local happens twice (00:00Z and 01:00Z).
    expect(backupDue(at("2026-10-25T00:05:00Z"), { ...tallinn, lastAt: at("2026-10-24T00:05:00Z") })).toBe(true);
    expect(backupDue(at("2026-10-25T01:05:00Z"), { ...tallinn, lastAt: at("2026-10-25T00:05:30Z") })).toBe(false);
  });
});

describe("the nightly schedule in the settings", () => {
  it("is saved and audited, and a bad hour is refused naming the field", async () => {
    await setBackupSchedule({ db: t.db, actor: admin, ip: "10.0.0.1" }, { enabled: true, hour: 4 });
    const s = await getInstitution(t.db);
    expect([s.nightlyBackup, s.nightlyBackupHour]).toEqual([true, 4]);
    expect((await auditRows(t.db, "settings.backup_schedule")).at(-1)?.details).toEqual({ enabled: true, hour: 4 });
    const err = await appErrorOf(setBackupSchedule({ db: t.db, actor: admin, ip: null }, { enabled: true, hour: 24 }));
    expect(err).toMatchObject({ code: "INVALID_INPUT", field: "hour" });
  });

  it("records a failed run where the settings show it, in the audit log, and does not retry it the same day", async () => {
    await setBackupSchedule({ db: t.db, actor: admin, ip: null }, { enabled: true, hour: 2 });
    const lines: string[] = [];
    const target = { embedded: false, url: t.url, dataDir: "/nonexistent" };
    const now = at("2026-12-03T01:30:00Z"); // 03:30 in Tallinn
    expect(await runNightlyBackupIfDue(t.db, target, (m) => lines.push(m), now)).toBe(true);
    const s = await getInstitution(t.db);
    expect(s.lastBackupOk).toBe(false);
    expect(s.lastBackupAt).toEqual(now);
    expect(s.lastBackupDetail).toMatch(/external PostgreSQL/);
    expect(lines.join("\n")).toMatch(/Nightly backup FAILED/);
    expect((await auditRows(t.db, "backup.nightly")).at(-1)?.outcome).toBe("failed");
    expect(await runNightlyBackupIfDue(t.db, target, () => {}, at("2026-12-03T02:30:00Z"))).toBe(false);
  });
});
