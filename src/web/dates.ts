/**
 * Dates as people in the practice read them: instants are shown in the practice's time zone
 * (not the browser's), calendar dates (YYYY-MM-DD) are shown as they are, and a date and time
 * typed into a form are read as wall-clock time in the practice's zone.
 */

/**
 * The practice's locale: how every date and time is written (day-month order, 24-hour clock).
 * One for the whole app, so a date reads the same on every page whatever the browser's language;
 * set from the session (`setPracticeLocale`) when the practice names one.
 */
let locale = 'en-GB';
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Sets the locale every date is written in (an unknown one is ignored). */
export function setPracticeLocale(next: string | null | undefined): void {
  if (!next || next === locale) return;
  try {
    new Intl.DateTimeFormat(next);
  } catch {
    return;
  }
  locale = next;
  formatters.clear();
}

function fmt(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = timeZone + JSON.stringify(options);
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formatters.set(key, f);
  }
  return f;
}

/** "Mon 2 Mar 2026, 14:00" in the practice's zone. */
export function formatDateTime(iso: string, timeZone: string): string {
  return fmt(timeZone, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** How a locale would write 2 March 2026, 14:00 (the practice settings' picker). */
export function sampleIn(locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(Date.UTC(2026, 2, 2, 14, 0)));
}

/** "Monday 2 March, 14:00" — the portal's plainer form. */
export function formatLongDateTime(iso: string, timeZone: string): string {
  return fmt(timeZone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** "14:00" in the practice's zone. */
export function formatTime(iso: string, timeZone: string): string {
  return fmt(timeZone, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** "Monday 2 March 2026" for an instant, in the practice's zone (a day's heading). */
export function formatLongDay(iso: string, timeZone: string): string {
  return fmt(timeZone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));
}

/** "Mar 2026" for an axis. */
export function formatMonth(iso: string, timeZone: string): string {
  return fmt(timeZone, { month: 'short', year: 'numeric' }).format(new Date(iso));
}

/** "2 Mar 2026" for an instant, in the practice's zone. */
export function formatDay(iso: string, timeZone: string): string {
  return fmt(timeZone, { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(iso));
}

/** A calendar date (YYYY-MM-DD) written for people: "2 March 2026". */
export function formatCalendarDate(date: string, month: 'short' | 'long' = 'long'): string {
  return fmt('UTC', { day: 'numeric', month, year: 'numeric' }).format(new Date(`${date}T00:00:00Z`));
}

/** Date-time with seconds, for the audit trail. */
export function formatTimestamp(iso: string, timeZone: string): string {
  return fmt(timeZone, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(
    new Date(iso),
  );
}

function partsIn(instant: number, timeZone: string): { y: number; m: number; d: number; h: number; min: number } {
  const parts = fmt(timeZone, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(
    new Date(instant),
  );
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { y: get('year'), m: get('month'), d: get('day'), h: get('hour') % 24, min: get('minute') };
}

function offsetAt(instant: number, timeZone: string): number {
  const p = partsIn(instant, timeZone);
  return Date.UTC(p.y, p.m - 1, p.d, p.h, p.min) - Math.floor(instant / 60_000) * 60_000;
}

/** Reads "2026-03-02" + "14:00" as wall-clock time in the zone and returns the ISO instant. */
export function zonedToIso(date: string, time: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, min] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, h, min);
  let instant = wall - offsetAt(wall, timeZone);
  instant = wall - offsetAt(instant, timeZone);
  return new Date(instant).toISOString();
}

/** The date and time of an instant as form values in the zone: ["2026-03-02", "14:00"]. */
export function isoToZoned(iso: string, timeZone: string): [string, string] {
  const p = partsIn(new Date(iso).getTime(), timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return [`${p.y}-${two(p.m)}-${two(p.d)}`, `${two(p.h)}:${two(p.min)}`];
}

/** Today's calendar date in the zone. */
export function todayIn(timeZone: string): string {
  return isoToZoned(new Date().toISOString(), timeZone)[0];
}

/** The browser's own time zone (the first-run page's default). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Every zone the browser knows, for pickers. */
export function knownTimeZones(): string[] {
  const withValues = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return withValues.supportedValuesOf?.('timeZone') ?? ['UTC', 'Europe/London'];
}
