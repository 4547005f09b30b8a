import { timeEntries, workTypes } from "@/db/schema";
import { addDays } from "@/lib/calendar-days";
import { calendarFacts, weekday } from "@/lib/holidays";
import type { DbOrTx } from "@/server/db/client";
import { decimalText } from "@/lib/format";

/** The working days of the month of `today`, up to and including it (Tallinn dates). */
export function workedDaysOfMonth(today: string): string[] {
  const first = `${today.slice(0, 7)}-01`;
  const holidays = new Set(calendarFacts(first, addDays(today, 1)).holidays.map((h) => h.date));
  const days: string[] = [];
  for (let d = first; d <= today; d = addDays(d, 1)) if (weekday(d) !== 0 && weekday(d) !== 6 && !holidays.has(d)) days.push(d);
  return days;
}

/**
 * General work types (for everyone, for Tallinn and for Tartu) and some general work logged in
 * the demo's current month, so the workload plans and the time accounting have something to show.
 */
export async function seedDemoWorkload(
  db: DbOrTx,
  ctx: { people: Map<string, string>; units: Map<string, string> },
  today: string,
): Promise<void> {
  const rows = await db
    .insert(workTypes)
    .values([
      { name: "Koosolek", nameEn: "Meeting", unitId: null },
      { name: "Supervisioon", nameEn: "Supervision", unitId: null },
      { name: "Koolitus", nameEn: "Training", unitId: null },
      { name: "Dokumenteerimine", nameEn: "Documentation", unitId: null },
      { name: "Sõit", nameEn: "Travel", unitId: null },
      { name: "Meeskonna arutelu", nameEn: "Team discussion", unitId: ctx.units.get("Tallinn")! },
      { name: "Kogukonnatöö", nameEn: "Community work", unitId: ctx.units.get("Tartu")! },
    ])
    .returning({ id: workTypes.id, name: workTypes.name });
  const type = (name: string) => rows.find((r) => r.name === name)!.id;
  const person = (code: string) => ctx.people.get(code)!;
  // The last working days so far this month (none on the first days of a month that begins on a weekend).
  const days = workedDaysOfMonth(today).slice(-3);
  const plan: [string, string, number, string][] = [
    ["37605030299", "Dokumenteerimine", 1.5, "Kliendikaartide täiendamine"],
    ["37605030299", "Supervisioon", 2, "Grupisupervisioon"],
    ["37605030299", "Meeskonna arutelu", 1, ""],
    ["60001019906", "Sõit", 1, "Koduvisiit Mustamäele"],
    ["60001019906", "Dokumenteerimine", 2, "Juhtumiplaanide ülevaatus"],
    ["49003050224", "Koosolek", 1, "Üksuse nädalakoosolek"],
    ["48706150373", "Kogukonnatöö", 2, "Päevakeskuse külastus"],
  ];
  if (days.length === 0) return;
  await db.insert(timeEntries).values(
    plan.map(([code, name, hours, note], i) => ({
      employeeId: person(code),
      workTypeId: type(name),
      workDate: days[i % days.length]!,
      hours: decimalText(hours),
      note,
      createdBy: person(code),
    })),
  );
}
