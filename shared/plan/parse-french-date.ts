/** Reading calendar days from spreadsheet cells: Date cells, French text, serial numbers. */
import type { CellValue } from './sheet';

export type DateParse =
  { ok: true; iso: string } | { ok: false; reason: 'not-a-date' | 'impossible' };

/** Days from 1899-12-30 to 1970-01-01: spreadsheet serial 25569 is 1970-01-01. */
const SERIAL_EPOCH_OFFSET = 25569;
const MS_PER_DAY = 86_400_000;

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
  // Readers give dates at UTC midnight: UTC getters keep the written day.
  const iso = isoOf(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
  return iso ? { ok: true, iso } : { ok: false, reason: 'impossible' };
}

/**
 * Serial day number of the 1900 date system. Excel counts a 29 February 1900
 * that never was; counting from 1899-12-30 gives the right day from serial 61
 * (1 March 1900) on, which covers any purchase plan.
 */
function fromSerial(serial: number): DateParse {
  const days = Math.floor(serial);
  if (days < 61 || days > 2_958_465) return { ok: false, reason: 'not-a-date' };
  return fromDate(new Date((days - SERIAL_EPOCH_OFFSET) * MS_PER_DAY));
}

/**
 * Parses a Date cell, `dd/mm/yyyy`, `d/m/yyyy` (also with `.` or `-`),
 * `yyyy-mm-dd`, or a spreadsheet serial number, into ISO `yyyy-mm-dd`.
 */
export function parseFrenchDate(value: CellValue): DateParse {
  if (value instanceof Date) return fromDate(value);
  if (typeof value === 'number') return fromSerial(value);
  if (typeof value !== 'string') return { ok: false, reason: 'not-a-date' };
  const text = value.trim();
  const french = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(text);
  let parts: [number, number, number] | null = null;
  if (french) parts = [Number(french[3]), Number(french[2]), Number(french[1])];
  else if (iso) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  if (!parts) return { ok: false, reason: 'not-a-date' };
  const day = isoOf(...parts);
  return day ? { ok: true, iso: day } : { ok: false, reason: 'impossible' };
}
