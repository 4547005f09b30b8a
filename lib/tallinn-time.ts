/**
 * Wall-clock time in Europe/Tallinn, which moves between UTC+2 and UTC+3. Weekly sessions keep
 * their local time across the DST switches: 10:00 stays 10:00, not 09:00 or 11:00.
 */
export const TIME_ZONE = "Europe/Tallinn";

/** The instant of a Tallinn date and time ("2026-03-29", "10:00"). */
export function tallinnTime(date: string, time: string): Date {
  const guess = new Date(`${date}T${time}:00Z`);
  const offsetMinutes = (new Date(guess.toLocaleString("en-US", { timeZone: TIME_ZONE })).getTime() - new Date(guess.toLocaleString("en-US", { timeZone: "UTC" })).getTime()) / 60_000;
  return new Date(guess.getTime() - offsetMinutes * 60_000);
}

/** The Tallinn date ("YYYY-MM-DD") and time ("HH:MM") of an instant. */
export function tallinnParts(instant: Date): { date: string; time: string } {
  const date = instant.toLocaleDateString("sv-SE", { timeZone: TIME_ZONE });
  const time = instant.toLocaleTimeString("sv-SE", { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return { date, time };
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
