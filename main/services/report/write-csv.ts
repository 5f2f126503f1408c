/**
 * Writes one report table as CSV for other tools, the way French Excel opens
 * it with a double click: UTF-8 with BOM, `;` between fields, CRLF between
 * rows, decimal comma, dates dd/mm/yyyy, and the same formula protection as
 * the workbook (text starting with = + - @ tab or CR gets an apostrophe,
 * numbers stay numbers, negative ones included).
 *
 * Codes made of digits only (SIRET, postcode, INSEE, CPV), and text of digits
 * with a leading zero or 12 digits and more (an unresolved place « 01000 », a
 * SIRET in a comparison column), are written as
 * `="01000"`: opened with a double click, Excel (and LibreOffice when it
 * evaluates formulas) would otherwise read them as numbers, dropping leading
 * zeros and showing a SIRET as 1,23457E+13. The formula is ours and holds
 * digits only, so it cannot carry anything from the data.
 */
import type { Writable } from 'node:stream';
import {
  frenchDay,
  rounded,
  safeLinkTarget,
  safeText,
  type ColumnKind,
  type ReportCell,
  type ReportTable,
} from './report-table';
import { ReportCancelled, type XlsxWriteOptions } from './write-xlsx';

const BOM = '\uFEFF';
const NEEDS_QUOTES = /[;"\r\n]/;
const DIGITS_ONLY = /^\d+$/;

/**
 * A number with a decimal comma and no thousands separator, so tools read it
 * back; never in exponent form (1e-7), which French Excel reads as text.
 */
function frenchNumber(value: number, decimals: number | null): string {
  let text = decimals === null ? String(value) : value.toFixed(decimals);
  if (/e/i.test(text) && Math.abs(value) < 1e21) {
    text = value.toFixed(20).replace(/\.?0+$/, '');
  }
  return text.replace('.', ',');
}

/** One value as CSV text (not yet quoted). */
export function csvText(cell: ReportCell, kind: ColumnKind): string {
  if (cell === null) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : frenchDay(cell);
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return '';
    if (kind === 'code') return csvText(String(cell), kind);
    if (kind === 'euros') return frenchNumber(cell, 2);
    if (kind === 'decimal1') return frenchNumber(cell, 1);
    // Shares are written in percent (the header says « (%) »).
    if (kind === 'percent') return frenchNumber(Math.round(cell * 1000) / 10, 1);
    // Three decimals at most: no float noise (0.30000000000000004) in the file.
    if (kind === 'quantity') return frenchNumber(rounded(cell, 3) ?? cell, null);
    return frenchNumber(cell, null);
  }
  if (typeof cell === 'string') {
    const digits = DIGITS_ONLY.test(cell);
    // A code of digits, or any text a double click would turn into a number
    // shown otherwise (a leading zero lost; from 12 digits on, 4,9299E+13).
    if (digits && (kind === 'code' || /^0\d/.test(cell) || cell.length > 11)) {
      return `="${cell}"`;
    }
    return safeText(cell);
  }
  // A web link gives its address; a mail link (or its address when it has no
  // text) and a refused one (javascript:…) its text, as the workbook shows it.
  const target = safeLinkTarget(cell.url);
  if (target === null) return safeText(cell.text);
  if (!target.startsWith('mailto:')) return safeText(target);
  return safeText(cell.text || target.slice('mailto:'.length));
}

function quoted(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV header of a column: percent columns say their unit. */
function csvHeader(header: string, kind: ColumnKind): string {
  return kind === 'percent' && !header.includes('%') ? `${header} (%)` : header;
}

function write(output: Writable, text: string): Promise<void> | null {
  if (output.write(text, 'utf8')) return null;
  return new Promise((resolve) => output.once('drain', () => resolve()));
}

/** Writes `table` (its header and rows; no preamble) as CSV to `output`, then ends it. */
export async function writeCsv(
  table: ReportTable,
  output: Writable,
  options: Omit<XlsxWriteOptions, 'streaming'> & { sheetName: string },
): Promise<void> {
  const kinds = table.columns.map((c) => c.kind);
  const header = table.columns
    .map((c) => quoted(csvHeader(safeText(c.header), c.kind)))
    .join(';');
  await write(output, `${BOM}${header}\r\n`);
  let done = 0;
  let chunk: string[] = [];
  for (const row of table.rows()) {
    chunk.push(kinds.map((kind, i) => quoted(csvText(row[i] ?? null, kind))).join(';'));
    done++;
    if (done % 500 === 0) {
      await write(output, `${chunk.join('\r\n')}\r\n`);
      chunk = [];
      options.onProgress?.({
        sheet: options.sheetName,
        rowsDone: done,
        rowsTotal: table.rowCount,
      });
      await new Promise((resolve) => setImmediate(resolve));
      if (options.signal?.aborted) throw new ReportCancelled();
    }
  }
  if (chunk.length > 0) await write(output, `${chunk.join('\r\n')}\r\n`);
  options.onProgress?.({
    sheet: options.sheetName,
    rowsDone: done,
    rowsTotal: table.rowCount,
  });
  await new Promise<void>((resolve, reject) => {
    output.once('error', reject);
    output.end(() => resolve());
  });
}
