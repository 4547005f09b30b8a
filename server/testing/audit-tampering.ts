import type postgres from "postgres";

/**
 * What a superuser can do without the signing key: alter a row, then recompute the hash of it
 * and of every later row of its chain and move the chain's head, so that audit_verify() passes.
 */
export async function rewriteAuditRowAndRecompute(sql: postgres.Sql, seq: number): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`SET LOCAL session_replication_role = replica`;
    await tx`UPDATE audit_log SET details = '{"i": "forged"}' WHERE seq = ${seq}`;
    await tx.unsafe(`DO $$ DECLARE r audit_log; prev text := repeat('0', 64); c integer; BEGIN
      SELECT chain INTO c FROM audit_log WHERE seq = ${Number(seq)};
      FOR r IN SELECT * FROM audit_log WHERE chain = c ORDER BY seq LOOP
        r.prev_hash := prev;
        r.hash := audit_row_hash(r);
        UPDATE audit_log SET prev_hash = r.prev_hash, hash = r.hash WHERE seq = r.seq;
        prev := r.hash;
      END LOOP;
      UPDATE audit_chain_head SET last_hash = prev WHERE id = c;
    END $$`);
  });
}
