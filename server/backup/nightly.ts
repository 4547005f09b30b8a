import path from "node:path";
import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { institutionSettings } from "@/db/schema";
import { recordAudit } from "@/server/audit/audit";
import type { Db } from "@/server/db/client";
import { invalid } from "@/server/errors";
import { backupKeep, createBackup, defaultBackupDir } from "./backup";
import type { DomainContext } from "@/server/domain-context";

export type BackupSchedule = { enabled: boolean; hour: number };

export async function setBackupSchedule({ db, actor, ip }: DomainContext<Db>, input: BackupSchedule): Promise<void> {
  if (!Number.isInteger(input.hour) || input.hour < 0 || input.hour > 23) {
    throw invalid("hour", "errors.backupHourRange", "The backup hour is 0 to 23");
  }
  await db.transaction(async (tx) => {
    await tx
      .update(institutionSettings)
      .set({ nightlyBackup: input.enabled, nightlyBackupHour: input.hour, updatedAt: new Date() })
      .where(eq(institutionSettings.id, 1));
    await recordAudit(tx, {
      actorEmployeeId: actor.employeeId,
      action: "settings.backup_schedule",
      targetType: "settings",
      targetId: "institution",
      ip,
      details: { ...input },
    });
  });
}

/**
 * Due once a day: from the chosen hour on (in the institution's time zone), when the last
 * attempt was on an earlier day there. A server that was down at that hour backs up when it
 * comes back the same day; a failed attempt is not retried until the next day (it is shown).
 */
export function backupDue(now: Date, s: { enabled: boolean; hour: number; timeZone: string; lastAt: Date | null }): boolean {
  if (!s.enabled) return false;
  const local = DateTime.fromJSDate(now, { zone: s.timeZone });
  if (local.hour < s.hour) return false;
  if (!s.lastAt) return true;
  return DateTime.fromJSDate(s.lastAt, { zone: s.timeZone }).toISODate()! < local.toISODate()!;
}

export type NightlyTarget = { embedded: boolean; url: string; dataDir: string };

/** Runs the nightly backup when due; records its outcome in the settings and the audit log. */
export async function runNightlyBackupIfDue(db: Db, target: NightlyTarget, log: (m: string) => void, now = new Date()): Promise<boolean> {
  const [s] = await db.select().from(institutionSettings).where(eq(institutionSettings.id, 1));
  if (!s || !backupDue(now, { enabled: s.nightlyBackup, hour: s.nightlyBackupHour, timeZone: s.timeZone, lastAt: s.lastBackupAt }))
    return false;
  let ok = false;
  let detail: string;
  let details: Record<string, unknown> = {};
  try {
    if (!target.embedded) throw new Error("DATABASE_URL: an external PostgreSQL is backed up with its own tools");
    const result = await createBackup({
      dataDir: target.dataDir,
      url: target.url,
      outDir: defaultBackupDir(target.dataDir),
      keep: backupKeep(),
      now,
    });
    ok = true;
    detail = path.basename(result.file);
    details = { file: detail, bytes: result.bytes, removed: result.removed.length };
    log(`Nightly backup written: ${result.file}`);
  } catch (err) {
    detail = err instanceof Error ? err.message : String(err);
    log(`Nightly backup FAILED: ${detail}`);
  }
  await db.transaction(async (tx) => {
    await tx
      .update(institutionSettings)
      .set({ lastBackupAt: now, lastBackupOk: ok, lastBackupDetail: detail.slice(0, 500) })
      .where(eq(institutionSettings.id, 1));
    await recordAudit(tx, {
      action: "backup.nightly",
      outcome: ok ? "ok" : "failed",
      targetType: "settings",
      targetId: "institution",
      details: ok ? details : { error: detail.slice(0, 500) },
    });
  });
  return true;
}
