/** Days and dates as the register writes them: YYYY-MM-DD, compared in UTC. */

const DAY_MS = 24 * 60 * 60 * 1000;

let today = { day: "", from: 0, until: 0 };

/** Today in UTC, the day the pack decides expiry for (asked once per resource, so worked out once per day). */
export function todayUtc(): string {
  const now = Date.now();
  // A clock set back (or a test's) leaves the day as well as one that moves on.
  if (now < today.from || now >= today.until) {
    const day = new Date(now).toISOString().slice(0, 10);
    const from = Date.parse(`${day}T00:00:00Z`);
    today = { day, from, until: from + DAY_MS };
  }
  return today.day;
}

/** YYYY-MM-DD naming a real calendar day (2027-02-30 is refused). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function daysUntil(today: string, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}
