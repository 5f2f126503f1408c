/**
 * Writes one report table as CSV for other tools, the way French Excel opens
 * it with a double click: UTF-8 with BOM, `;` between fields, CRLF between
 * rows, decimal comma, dates dd/mm/yyyy, and the same formula protection as
 * the workbook (text starting with = + - @ tab or CR gets an apostrophe,
 * numbers stay numbers, negative ones included).
 */
import type { Writable } from 'node:stream';
import {
  frenchDay,
  safeText,
  type ColumnKind,
  type ReportCell,
  type ReportTable,
} from './report-table';
import { ReportCancelled, type XlsxWriteOptions } from './write-xlsx';

const BOM = '\uFEFF';
const NEEDS_QUOTES = /[;"\r\n]/;

/** A number with a decimal comma and no thousands separator, so tools read it back. */
function frenchNumber(value: number, decimals: number | null): string {
  const text = decimals === null ? String(value) : value.toFixed(decimals);
  return text.replace('.', ',');
}

/** One value as CSV text (not yet quoted). */
export function csvText(cell: ReportCell, kind: ColumnKind): string {
  if (cell === null) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : frenchDay(cell);
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return '';
    if (kind === 'code') return safeText(String(cell));
    if (kind === 'euros') return frenchNumber(cell, 2);
    if (kind === 'decimal1') return frenchNumber(cell, 1);
    // Shares are written in percent (the header says « (%) »).
    if (kind === 'percent') return frenchNumber(Math.round(cell * 1000) / 10, 1);
    return frenchNumber(cell, null);
  }
  if (typeof cell === 'string') return safeText(cell);
  return safeText(cell.url.startsWith('mailto:') ? cell.text : cell.url);
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
  const header = table.columns.map((c) => quoted(csvHeader(c.header, c.kind))).join(';');
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
