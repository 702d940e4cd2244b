/**
 * CSV for spreadsheets (RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a
 * comma, quote or line break, a quote doubled), safe from formula injection: a spreadsheet runs a
 * cell that starts with = + - @ (and, in some, a tab or carriage return) as a formula, so such a
 * text cell is written with a leading apostrophe, which spreadsheets show as text (OWASP, "CSV
 * Injection"). Numbers are written as numbers, so a negative score stays a number.
 */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: neutralised when it could start a formula, then quoted when it must be. */
export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const text = FORMULA_START.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header row and the rows under it, as one CSV text. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
