import { count } from "drizzle-orm";
import { employees } from "@/db/schema";
import { db } from "@/server/db/client";
import { seedDemo } from "@/server/seed/demo";

/**
 * The demo institution is seeded only into the embedded database, and only when it holds no
 * employees yet. DEMO_SEED=off starts an embedded installation clean. An external database
 * (DATABASE_URL) is never seeded: its first administrator comes from `npm run admin:create`.
 */
export async function seedOnFirstStart(embedded: boolean, log: (m: string) => void): Promise<void> {
  if (!embedded || process.env.DEMO_SEED === "off") return;
  const [row] = await db().select({ n: count() }).from(employees);
  if ((row?.n ?? 0) > 0) return;
  log("Seeding the demo institution (first start)…");
  await seedDemo(db());
}
