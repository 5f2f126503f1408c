/**
 * The report's tables, before they become a workbook sheet or a CSV file.
 *
 * A sheet is built once as a `ReportTable`: typed columns and re-iterable rows
 * of plain values. The writers (write-xlsx.ts, write-csv.ts) turn the same
 * table into cells, so formats, formula protection and links are decided in
 * one place, here, whatever the output.
 */
import {
  SHEET_IDS,
  SHEET_NAMES,
  type SheetId,
} from '../../../shared/report/report-sheets';

/** How a column's values are shown; each kind has one Excel format and one CSV form. */
export type ColumnKind =
  /** Free text from the plan or the catalogue: protected against formulas. */
  | 'text'
  /** A code kept as text: SIRET, postcode, INSEE, CPV (leading zeros kept). */
  | 'code'
  | 'integer'
  /** One decimal: distances in km, scores, points. */
  | 'decimal1'
  /**
   * Quantities, shown as they are in the workbook (General: Excel has no
   * format for « up to three decimals » without a trailing comma), at most
   * three decimals in the CSV.
   */
  | 'quantity'
  /** Amounts in euros with two decimals. */
  | 'euros'
  /** A share between 0 and 1, shown as a percentage with one decimal. */
  | 'percent'
  /** A calendar day, given as UTC midnight (see `isoDayToDate`). */
  | 'date'
  /** A web or mail link (`ReportLink`); anything else is shown as text. */
  | 'link';

export interface ReportColumn {
  header: string;
  kind: ColumnKind;
  /** Long text wrapped in a fixed width instead of a fitted one. */
  wrapWidth?: number;
}

/** A link: its text and its target; only http(s) and mailto targets become links. */
export interface ReportLink {
  text: string;
  url: string;
}

/** A value of a table; null is an empty cell (unknown is never written as 0). */
export type ReportCell = string | number | Date | ReportLink | null;

/** A line above a table's header: a label and its value (Synthèse's buyer, date…). */
export interface PreambleLine {
  label: string;
  value: ReportCell;
  kind: ColumnKind;
}

// Named once in shared/, where the save dialog reads them too.
export { SHEET_IDS, SHEET_NAMES, type SheetId };

export interface ReportTable {
  id: SheetId;
  /** Lines above the header, in the workbook only (a CSV holds the table alone). */
  preamble?: readonly PreambleLine[];
  columns: readonly ReportColumn[];
  /** How many rows `rows()` yields, for the progress bar. */
  rowCount: number;
  /** The rows, each as long as `columns`; may be iterated more than once. */
  rows: () => Iterable<ReportCell[]>;
  /** Columns (0-based) holding a score out of 100, coloured red to green. */
  scoreColumns?: readonly number[];
  /** Columns (0-based) holding shares (0–1), drawn with data bars. */
  dataBarColumns?: readonly number[];
}

const FORMULA_START = /^[=+\-@\t\r]/;
// Characters XML 1.0 cannot carry; a cell holding one makes Excel repair the file.
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
/** Excel's limit of characters in a cell. */
export const MAX_CELL_TEXT = 32767;
const CUT_MARK = ' […]';

/** Text with the characters XML cannot carry replaced by U+FFFD (titles, properties). */
export function xmlSafe(text: string): string {
  return text.replace(XML_FORBIDDEN, '\uFFFD');
}

/**
 * Text as a spreadsheet must show it and never run: a value starting with
 * = + - @ tab or CR gets a leading apostrophe, so a supplier named
 * "=HYPERLINK(…)" stays text in Excel, LibreOffice and any CSV reader.
 * Characters XML cannot hold become U+FFFD, and text over Excel's cell limit
 * is cut with a visible mark, so the workbook opens without a repair prompt.
 * Line breaks become LF, the one every XML reader gives back (it reads a CR
 * as LF), so the workbook and the CSV hold the same text.
 */
export function safeText(text: string): string {
  let safe = xmlSafe(text);
  if (FORMULA_START.test(safe)) safe = `'${safe}`;
  safe = safe.replace(/\r\n?/g, '\n');
  if (safe.length > MAX_CELL_TEXT) {
    let end = MAX_CELL_TEXT - CUT_MARK.length;
    // Never between the two halves of a character outside the BMP (an emoji).
    if (/[\uD800-\uDBFF]/.test(safe.charAt(end - 1))) end--;
    safe = safe.slice(0, end) + CUT_MARK;
  }
  return safe;
}

/** Safe text, or null for an absent or empty value. */
export function textCell(text: string | null | undefined): string | null {
  return text === null || text === undefined || text === '' ? null : safeText(text);
}

const WEB_ADDRESS = /^https?:\/\/[^\s"<>]+$/i;
const MAIL_ADDRESS = /^[^\s@"<>:;,]+@[^\s@"<>:;,]+\.[^\s@"<>:;,]+$/;

/**
 * The target of a link if it may be one: http(s) addresses as they are, a bare
 * e-mail address as `mailto:`. Anything else (javascript:, file:, data:…) is
 * not a link.
 */
export function safeLinkTarget(url: string): string | null {
  const trimmed = url.trim();
  if (WEB_ADDRESS.test(trimmed)) return trimmed;
  const mail = trimmed.replace(/^mailto:/i, '');
  return MAIL_ADDRESS.test(mail) ? `mailto:${mail}` : null;
}

/** A web link cell, or null when there is no address. */
export function webLink(url: string | null | undefined): ReportLink | null {
  return url ? { text: url, url } : null;
}

/** A mail link cell, or null when there is no address. */
export function mailLink(email: string | null | undefined): ReportLink | null {
  return email ? { text: email, url: `mailto:${email}` } : null;
}

/** UTC midnight of an ISO calendar day (yyyy-mm-dd…): that day in every time zone. */
export function isoDayToDate(iso: string | null | undefined): Date | null {
  const match = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  if (!match) return null;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

/** UTC midnight of the calendar day `now` falls on where the report is written. */
export function localDay(now: Date): Date {
  return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
}

/** dd/mm/yyyy of a UTC-midnight day (as `isoDayToDate` and `localDay` give). */
export function frenchDay(day: Date): string {
  return [
    String(day.getUTCDate()).padStart(2, '0'),
    String(day.getUTCMonth() + 1).padStart(2, '0'),
    String(day.getUTCFullYear()),
  ].join('/');
}

/** A number rounded to `decimals`, or null when it is not a finite number. */
export function rounded(
  value: number | null | undefined,
  decimals: number,
): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** The letters of a 0-based column index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}
