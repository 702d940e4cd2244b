/**
 * How a practice writes dates and times (issue 13: one format everywhere, from the practice's
 * locale and time zone). Accord's words are English; the locale sets only the order of day and
 * month, the names of months and days, and the clock. A closed list, so every one is known to
 * render, with the way each writes a date and time shown beside it when choosing.
 */
export const PRACTICE_LOCALES = ['en-GB', 'en-IE', 'en-US', 'en-CA', 'en-AU', 'en-NZ', 'de-DE', 'fr-FR', 'nl-NL', 'es-ES', 'it-IT', 'sv-SE'] as const;
export type PracticeLocale = (typeof PRACTICE_LOCALES)[number];
export const DEFAULT_LOCALE: PracticeLocale = 'en-GB';
