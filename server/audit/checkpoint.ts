import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";

/**
 * Anchors the audit chains outside the database. A superuser can rewrite a row and recompute
 * every later hash so that audit_verify() passes; they cannot also forge a line of this file,
 * which is signed (HMAC-SHA256) with a key that never enters the database. Each line records
 * every chain's head (chain, seq, hash) at one moment; verification checks each recorded row
 * still carries that hash, and since each hash covers everything before it in its chain, a row
 * altered anywhere before a checkpoint is found.
 */

export const CHECKPOINT_FILE = "audit-checkpoints.jsonl";
export const SIGNING_KEY_FILE = "audit-signing-key";

export type Head = [chain: number, seq: number, hash: string];
type Line = { v: 1; at: string; heads: Head[]; mac: string };
export type CheckpointProblem = { chain: number | null; seq: number | null; problem: string };

/**
 * AUDIT_SIGNING_KEY, or the key kept in the data folder (created on first use when `create`).
 * Null when there is none yet and none may be made (audit:verify must never invent a key).
 */
export async function auditSigningKey(dir: string, create: boolean): Promise<Buffer | null> {
  const fromEnv = process.env.AUDIT_SIGNING_KEY;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error("AUDIT_SIGNING_KEY must be at least 32 characters");
    return Buffer.from(fromEnv, "utf8");
  }
  const file = path.join(dir, SIGNING_KEY_FILE);
  if (existsSync(file)) return Buffer.from((await fs.readFile(file, "utf8")).trim(), "utf8");
  if (!create) return null;
  const key = randomBytes(48).toString("base64url");
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(file, key, { mode: 0o600, flag: "wx" });
  return Buffer.from(key, "utf8");
}

const mac = (key: Buffer, at: string, heads: Head[]) =>
  createHmac("sha256", key)
    .update(JSON.stringify({ v: 1, at, heads }))
    .digest("hex");

/** Every chain that has rows, with its newest row, as committed now. */
export async function chainHeads(db: DbOrTx): Promise<Head[]> {
  const rows = await db.execute<{ id: number; last_seq: string; last_hash: string }>(
    sql`SELECT id, last_seq, last_hash FROM audit_chain_head WHERE last_seq > 0 ORDER BY id`,
  );
  return [...rows].map((r) => [Number(r.id), Number(r.last_seq), r.last_hash]);
}

/** Appends one signed line with the given heads and waits until it is on disk. */
export async function appendCheckpoint(file: string, key: Buffer, heads: Head[], at = new Date()): Promise<void> {
  const stamp = at.toISOString();
  const line: Line = { v: 1, at: stamp, heads, mac: mac(key, stamp, heads) };
  const handle = await fs.open(file, "a", 0o600);
  try {
    await handle.write(`${JSON.stringify(line)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes a checkpoint of the chains whose heads moved since the last one this process wrote (all
 * of them the first time), so a quiet installation's file barely grows; returns whether it wrote.
 * One per data folder: the server's scheduler owns it.
 */
export function checkpointer(db: DbOrTx, dir: string) {
  const written = new Map<number, string>();
  return async (): Promise<boolean> => {
    const key = await auditSigningKey(dir, true);
    const moved = (await chainHeads(db)).filter(([chain, seq, hash]) => written.get(chain) !== `${seq}:${hash}`);
    if (moved.length === 0) return false;
    await appendCheckpoint(path.join(dir, CHECKPOINT_FILE), key!, moved);
    for (const [chain, seq, hash] of moved) written.set(chain, `${seq}:${hash}`);
    return true;
  };
}

function parseLine(text: string): Line | null {
  try {
    const line = JSON.parse(text) as Line;
    const headsOk =
      Array.isArray(line.heads) &&
      line.heads.every((h) => Array.isArray(h) && Number.isInteger(h[0]) && Number.isInteger(h[1]) && /^[0-9a-f]{64}$/.test(String(h[2])));
    return line.v === 1 && typeof line.at === "string" && typeof line.mac === "string" && headsOk ? line : null;
  } catch {
    return null;
  }
}

export type CheckpointReport = { checkpoints: number; latest: string | null; problems: CheckpointProblem[] };

/**
 * Checks every line's signature, then that the newest checkpointed row of each chain is still in
 * the log with the hash it had. That row's hash covers every earlier row of its chain, so with
 * audit_verify() (each chain links up) the log is unaltered up to each chain's newest checkpoint.
 */
export async function verifyCheckpoints(db: DbOrTx, dir: string): Promise<CheckpointReport> {
  const file = path.join(dir, CHECKPOINT_FILE);
  if (!existsSync(file)) return { checkpoints: 0, latest: null, problems: [] };
  const key = await auditSigningKey(dir, false);
  if (!key) {
    return {
      checkpoints: 0,
      latest: null,
      problems: [
        { chain: null, seq: null, problem: `${file} exists but the signing key is missing (AUDIT_SIGNING_KEY or ${SIGNING_KEY_FILE})` },
      ],
    };
  }
  const problems: CheckpointProblem[] = [];
  const expected = new Map<number, { chain: number; seq: number; hash: string; at: string }>();
  let checkpoints = 0;
  let latest: string | null = null;
  const lines = (await fs.readFile(file, "utf8")).split("\n");
  lines.forEach((text, i) => {
    if (!text.trim()) return;
    const line = parseLine(text);
    const given = line ? Buffer.from(line.mac, "hex") : Buffer.alloc(0);
    const wanted = line ? Buffer.from(mac(key, line.at, line.heads), "hex") : Buffer.alloc(1);
    if (!line || given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
      problems.push({
        chain: null,
        seq: null,
        problem: `checkpoint line ${i + 1}: signature does not match (line altered, or signed with another key)`,
      });
      return;
    }
    checkpoints++;
    latest = line.at;
    for (const [chain, seq, hash] of line.heads) expected.set(chain, { chain, seq, hash, at: line.at });
  });
  if (expected.size > 0) {
    const wanted = JSON.stringify([...expected.values()].map(({ chain, seq, hash }) => ({ chain, seq, hash })));
    const rows = await db.execute<{
      chain: number;
      seq: string;
      hash: string;
      actual_chain: number | null;
      actual_hash: string | null;
    }>(sql`
      SELECT c.chain, c.seq, c.hash, a.chain AS actual_chain, a.hash AS actual_hash
      FROM jsonb_to_recordset(${wanted}::jsonb) AS c(chain integer, seq bigint, hash text)
      LEFT JOIN audit_log a ON a.seq = c.seq
      WHERE a.seq IS NULL OR a.hash <> c.hash OR a.chain <> c.chain
      ORDER BY c.chain, c.seq`);
    for (const r of rows) {
      const seq = Number(r.seq);
      const at = expected.get(r.chain)!.at;
      problems.push({
        chain: r.chain,
        seq,
        problem:
          r.actual_hash === null
            ? `row ${seq} was checkpointed at ${at} but is gone`
            : `row ${seq} no longer has the hash checkpointed at ${at}: it or an earlier row of chain ${r.chain} was altered and the chain recomputed`,
      });
    }
  }
  return { checkpoints, latest, problems };
}
