import { inArray } from "drizzle-orm";
import { specialties } from "@/db/schema";
import type { DbOrTx } from "@/server/db/client";

/** The specialties of the state social-rehabilitation price list (domain.md §2); editable later. */
export const STANDARD_SPECIALTIES = [
  { code: "psychologist", nameEt: "Psühholoog", nameEn: "Psychologist" },
  { code: "social_worker", nameEt: "Sotsiaaltöötaja", nameEn: "Social worker" },
  { code: "physiotherapist", nameEt: "Füsioterapeut", nameEn: "Physiotherapist" },
  { code: "occupational_therapist", nameEt: "Tegevusterapeut", nameEn: "Occupational therapist" },
  { code: "special_educator", nameEt: "Eripedagoog", nameEn: "Special educator" },
  { code: "speech_therapist", nameEt: "Logopeed", nameEn: "Speech therapist" },
  { code: "creative_therapist", nameEt: "Loovterapeut", nameEn: "Creative therapist" },
  { code: "peer_counsellor", nameEt: "Kogemusnõustaja", nameEn: "Peer counsellor" },
  { code: "nurse", nameEt: "Õde", nameEn: "Nurse" },
  { code: "doctor", nameEt: "Arst", nameEn: "Doctor" },
];

export async function ensureStandardSpecialties(db: DbOrTx): Promise<Map<string, string>> {
  await db.insert(specialties).values(STANDARD_SPECIALTIES).onConflictDoNothing({ target: specialties.code });
  const rows = await db
    .select({ id: specialties.id, code: specialties.code })
    .from(specialties)
    .where(
      inArray(
        specialties.code,
        STANDARD_SPECIALTIES.map((s) => s.code),
      ),
    );
  return new Map(rows.map((r) => [r.code, r.id]));
}
