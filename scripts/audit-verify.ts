/**
 * Verifies the audit log: every hash chain links up (audit_verify() in the database), and every
 * row recorded in the signed checkpoints under DATA_DIR (audit-checkpoints.jsonl) still has the
 * hash it had then, which catches a rewrite that recomputed the chain. Exits 0 when intact, 1
 * listing each problem. Uses DATABASE_URL, or the embedded database under .data when the app is
 * not running.
 */
import { verifyAuditChain } from "@/server/audit/audit";
import { CHECKPOINT_FILE, verifyCheckpoints } from "@/server/audit/checkpoint";
import { bootDatabase, dataDir } from "@/server/boot/database";
import { createPool } from "@/server/db/client";
import { runScript } from "./run-script";

async function main(): Promise<number> {
  const database = await bootDatabase(() => {});
  const { db, sql } = createPool(database.url, 1);
  try {
    const problems = await verifyAuditChain(db);
    const anchored = await verifyCheckpoints(db, dataDir());
    const [count] = await sql<{ n: string }[]>`SELECT count(*) AS n FROM audit_log`;
    for (const p of problems) console.error(`row ${p.seq}: ${p.problem}`);
    for (const p of anchored.problems) console.error(p.chain === null ? p.problem : `chain ${p.chain}: ${p.problem}`);
    const total = problems.length + anchored.problems.length;
    if (total > 0) {
      console.error(`Audit log BROKEN: ${total} problem(s).`);
      return 1;
    }
    console.log(`Audit log intact: ${count?.n ?? 0} entries, chain verified.`);
    console.log(
      anchored.checkpoints > 0
        ? `Matches ${anchored.checkpoints} signed checkpoint(s), the newest from ${anchored.latest}.`
        : `No signed checkpoints in ${dataDir()}/${CHECKPOINT_FILE} yet: the chain is not anchored outside the database.`,
    );
    return 0;
  } finally {
    await sql.end();
    await database.stop();
  }
}

runScript(main);
