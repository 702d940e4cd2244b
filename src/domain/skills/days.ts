/** Calendar days as `YYYY-MM-DD` text (the client's day, as entered), with UTC arithmetic so no time zone shifts a day. */

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MS = 86_400_000;

/** Whether `s` is a real calendar day (`2026-02-30` is not). */
export function isDay(s: string): boolean {
  if (!DAY.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00.000Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

export const dayNumber = (day: string): number => Math.round(Date.parse(`${day}T00:00:00.000Z`) / MS);
export const dayOfNumber = (n: number): string => new Date(n * MS).toISOString().slice(0, 10);
export const addDays = (day: string, n: number): string => dayOfNumber(dayNumber(day) + n);
/** Whole days from `a` to `b` (positive when b is later). */
export const daysBetween = (a: string, b: string): number => dayNumber(b) - dayNumber(a);

/** The Monday of the ISO week a day falls in: weeks are counted Monday to Sunday (ISO 8601). */
export function weekOf(day: string): string {
  const n = dayNumber(day);
  const weekday = (new Date(n * MS).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return dayOfNumber(n - weekday);
}
