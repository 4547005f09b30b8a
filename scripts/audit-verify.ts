/**
 * Verifies the audit log's hash chains: exits 0 when intact, 1 listing each broken row.
 * Uses DATABASE_URL, or the embedded database under .data when the app is not running.
 */
import { verifyAuditChain } from "@/server/audit/audit";
import { bootDatabase } from "@/server/boot/database";
import { createPool } from "@/server/db/client";
import { runScript } from "./run-script";

async function main(): Promise<number> {
  const database = await bootDatabase(() => {});
  const { db, sql } = createPool(database.url, 1);
  try {
    const problems = await verifyAuditChain(db);
    const [count] = await sql<{ n: string }[]>`SELECT count(*) AS n FROM audit_log`;
    if (problems.length === 0) {
      console.log(`Audit log intact: ${count?.n ?? 0} entries, chain verified.`);
      return 0;
    }
    for (const p of problems) console.error(`row ${p.seq}: ${p.problem}`);
    console.error(`Audit log BROKEN: ${problems.length} problem(s).`);
    return 1;
  } finally {
    await sql.end();
    await database.stop();
  }
}

runScript(main);
