/** Helpers shared by the report's sheets: safe text, dates, table layout. */
import type ExcelJS from 'exceljs';

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text as Excel must show it and never run: a value starting with = + - @ tab
 * or CR gets a leading apostrophe, so a supplier named "=HYPERLINK(…)" stays text.
 */
export function safeText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Safe text, or null for an empty value (an empty cell). */
export function textCell(text: string | null | undefined): string | null {
  return text === null || text === undefined || text === '' ? null : safeText(text);
}

/** UTC midnight of an ISO calendar day (yyyy-mm-dd…), what Excel shows as that day. */
export function isoDayToDate(iso: string | null): Date | null {
  const match = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  if (!match) return null;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

/** UTC midnight of the local calendar day of `now`. */
export function localDay(now: Date): Date {
  return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
}

/** A hyperlink cell for http(s) addresses; other addresses stay plain (safe) text. */
export function linkCell(url: string | null): ExcelJS.CellValue {
  if (!url) return null;
  if (/^https?:\/\/[^\s]+$/i.test(url)) return { text: safeText(url), hyperlink: url };
  return safeText(url);
}

/** Number formats used by the report. */
export const FORMATS = {
  date: 'dd/mm/yyyy',
  km: '0.0',
  score: '0.0',
  points: '0.0',
  euros: '#,##0.00 €',
  text: '@',
  integer: '0',
} as const;

/** One column of a table sheet: its French header and optional number format. */
export interface TableColumn {
  header: string;
  numFmt?: string;
}

function displayLength(value: ExcelJS.CellValue): number {
  if (value === null || value === undefined) return 0;
  if (value instanceof Date) return 10;
  if (typeof value === 'object' && 'text' in value) return String(value.text).length;
  return String(value).length;
}

/**
 * Adds a sheet laid out as a table: bold frozen header with an autofilter,
 * the rows, number formats per column, widths fitted to the content.
 */
export function addTableSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: readonly TableColumn[],
  rows: readonly ExcelJS.CellValue[][],
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(columns.map((c) => c.header));
  for (const row of rows) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: Math.max(1, rows.length + 1), column: columns.length },
  };
  columns.forEach((column, index) => {
    const sheetColumn = sheet.getColumn(index + 1);
    if (column.numFmt) {
      sheetColumn.eachCell({ includeEmpty: false }, (cell, rowNumber) => {
        if (rowNumber > 1) cell.numFmt = column.numFmt ?? 'General';
      });
    }
    const widest = rows.reduce((max, row) => Math.max(max, displayLength(row[index])), 0);
    sheetColumn.width = Math.min(60, Math.max(8, column.header.length + 3, widest + 2));
  });
  return sheet;
}
