/** Reading calendar days from spreadsheet cells: Date cells, French text, serials. */
import type { CellValue } from './sheet';

export type DateParse =
  { ok: true; iso: string } | { ok: false; reason: 'not-a-date' | 'impossible' };

/** How the workbook counts its serial day numbers. */
export interface DateReadOptions {
  /** The 1904 date system (old Mac Excel): serial 0 is 1904-01-01. */
  date1904?: boolean;
}

/** Days from 1899-12-30 to 1970-01-01: spreadsheet serial 25569 is 1970-01-01. */
const SERIAL_EPOCH_OFFSET = 25569;
/** Serial 0 of the 1904 system, 1904-01-01, is serial 1462 of the 1900 system. */
const SERIAL_1904_OFFSET = 1462;
/** Serial of 9999-12-31 in the 1900 system, the last day a spreadsheet knows. */
const LAST_SERIAL_1900 = 2_958_465;
const MS_PER_DAY = 86_400_000;

/** A time of day, `18:30`, `18h30`, `18:30:15.250`: hours, minutes, seconds. */
const TIME = String.raw`(\d{1,2})[:h](\d{2})(?::(\d{2})(?:[.,]\d+)?)?`;
/** A zone offset, `Z`, `+02:00`, `-1000`: its hours and minutes. */
const ZONE = String.raw`(?:Z|[+-](\d{2})(?::?(\d{2}))?)`;
/** dd/mm/yyyy or dd/mm/yy (same separator `/`, `.` or `-`), then maybe a time. */
const FRENCH_DAY = new RegExp(
  String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:,?\s+(?:à\s+)?${TIME})?$`,
  'i',
);
/** yyyy-mm-dd, then maybe a time and a zone offset, which do not move the day. */
const ISO_DAY = new RegExp(
  String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]${TIME}${ZONE}?)?$`,
  'i',
);

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** ISO day when year, month and day make a real calendar day, else null. */
function isoOf(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    year >= 1900 &&
    year <= 9999 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day;
  return real ? `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` : null;
}

function fromDate(date: Date): DateParse {
  if (Number.isNaN(date.getTime())) return { ok: false, reason: 'not-a-date' };
  // Readers give a cell's wall-clock time as UTC (date at UTC midnight): UTC
  // getters keep the written day whatever the machine's time zone.
  const iso = isoOf(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
  return iso ? { ok: true, iso } : { ok: false, reason: 'impossible' };
}

/**
 * Serial day number; the fraction is the time of day and is dropped. In the
 * 1900 system Excel counts a 29 February 1900 that never was; counting from
 * 1899-12-30 gives the right day from serial 61 (1 March 1900) on, which
 * covers any purchase plan, so smaller serials are not taken as dates.
 */
function fromSerial(serial: number, options: DateReadOptions): DateParse {
  if (!Number.isFinite(serial)) return { ok: false, reason: 'not-a-date' };
  const days = Math.floor(serial) + (options.date1904 ? SERIAL_1904_OFFSET : 0);
  const first = options.date1904 ? SERIAL_1904_OFFSET : 61;
  if (days < first || days > LAST_SERIAL_1900) return { ok: false, reason: 'not-a-date' };
  return fromDate(new Date((days - SERIAL_EPOCH_OFFSET) * MS_PER_DAY));
}

/** Largest hours, minutes, seconds, zone offset hours and offset minutes. */
const TIME_LIMITS = [23, 59, 59, 14, 59];

/** True when each written part of the time (a part not written is 0) exists. */
function realTime(parts: (string | undefined)[]): boolean {
  return parts.every((part, i) => Number(part ?? 0) <= (TIME_LIMITS[i] ?? 0));
}

/**
 * A two-digit year is 20yy. Excel's own rule (00–29 → 20yy, 30–99 → 19yy)
 * would turn a framework contract ending "31/12/30" into 1930; purchase plans
 * speak of this century only, and 1900–1999 are written with four digits.
 */
function fullYear(written: string): number {
  return written.length === 2 ? 2000 + Number(written) : Number(written);
}

function fromText(text: string): DateParse {
  const french = FRENCH_DAY.exec(text);
  const iso = french ? null : ISO_DAY.exec(text);
  const match = french ?? iso;
  if (!match) return { ok: false, reason: 'not-a-date' };
  const [year, month, day] = french
    ? [fullYear(french[4] ?? ''), Number(french[3]), Number(french[1])]
    : [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = french ? match.slice(5, 8) : match.slice(4, 9);
  const written = isoOf(year, month, day);
  if (!written || !realTime(time)) return { ok: false, reason: 'impossible' };
  // The day is the one written: a time or zone offset never moves it.
  return { ok: true, iso: written };
}

/**
 * Parses a Date cell, `dd/mm/yyyy`, `dd/mm/yy`, `d/m/yyyy` (also with `.` or
 * `-`), `yyyy-mm-dd`, any of them followed by a time (`05/03/2025 18:30`,
 * `2025-03-05T23:30:00+02:00`), or a spreadsheet serial number, into ISO
 * `yyyy-mm-dd`: the calendar day as written, whatever the time zone.
 */
export function parseFrenchDate(
  value: CellValue,
  options: DateReadOptions = {},
): DateParse {
  if (value instanceof Date) return fromDate(value);
  if (typeof value === 'number') return fromSerial(value, options);
  if (typeof value !== 'string') return { ok: false, reason: 'not-a-date' };
  return fromText(value.trim());
}
