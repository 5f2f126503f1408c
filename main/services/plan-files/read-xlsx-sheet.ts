/** Reads the plan's worksheet of an .xlsx file into rows of plain cells. */
import ExcelJS from 'exceljs';
import type {
  CellProblem,
  CellValue,
  SheetRow,
  SheetRows,
} from '../../../shared/plan/sheet';
import { findHeaderRow } from '../../../shared/plan/find-header-row';
import { UserError } from '../user-error';
import { codeColumnKind, codeText, type CodeColumnKind } from './code-columns';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const MS_PER_DAY = 86_400_000;

function notAWorkbook(fileName: string): UserError {
  return new UserError(`Le fichier « ${fileName} » n’est pas un classeur Excel lisible.`);
}

/**
 * A date as UTC midnight of its calendar day (exceljs reads serials as UTC):
 * the time of a date-time cell is dropped, 05/03/2025 18:00 stays the 5th.
 */
function utcDay(date: Date): Date {
  return new Date(Math.floor(date.getTime() / MS_PER_DAY) * MS_PER_DAY);
}

function richTextOf(value: { richText: { text: string }[] }): string {
  return value.richText.map((run) => run.text).join('');
}

/**
 * What the file does not give of a cell: a formula without its result, an
 * error value; null for a cell with a value (see plainCellValue).
 */
export function cellProblem(
  value: ExcelJS.CellValue,
): Pick<CellProblem, 'kind' | 'text'> | null {
  if (value === null || typeof value !== 'object' || value instanceof Date) return null;
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined) {
      const formula = (value as { formula?: string; sharedFormula?: string }).formula;
      return { kind: 'formula-without-value', text: `=${formula ?? '…'}` };
    }
    if (result !== null && typeof result === 'object' && 'error' in result) {
      return { kind: 'error-value', text: String((result as { error: unknown }).error) };
    }
    return null;
  }
  if ('error' in value) return { kind: 'error-value', text: String(value.error) };
  return null;
}

/**
 * Plain value of an exceljs cell value: rich text, formulas, hyperlinks
 * unwrapped; null for what cellProblem reports.
 */
export function plainCellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return utcDay(value);
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  ) {
    return value;
  }
  if (typeof value !== 'object') return null;
  if ('richText' in value) return richTextOf(value);
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined) return null;
    if (result !== null && typeof result === 'object' && 'error' in result) return null;
    return plainCellValue(result as ExcelJS.CellValue);
  }
  if ('hyperlink' in value) {
    const text = (value as { text?: unknown }).text;
    if (text && typeof text === 'object' && 'richText' in text) {
      return richTextOf(text as { richText: { text: string }[] });
    }
    return typeof text === 'string' ? text : String(value.hyperlink);
  }
  return null;
}

function codeValue(value: CellValue, kind: CodeColumnKind | undefined): CellValue {
  return typeof value === 'number' && kind ? codeText(value, kind) : value;
}

/** Parses .xlsx bytes; a file that is not a workbook gets a French UserError. */
export async function readXlsxSheet(
  bytes: Uint8Array,
  fileName: string,
): Promise<SheetRows> {
  if (!ZIP_MAGIC.every((byte, i) => bytes[i] === byte)) throw notAWorkbook(fileName);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (error) {
    console.warn('[plan-files] exceljs could not read', fileName, String(error));
    throw notAWorkbook(fileName);
  }
  const visible = workbook.worksheets.filter((ws) => ws.state === 'visible');
  if (visible.length === 0) {
    throw new UserError(
      `Le classeur « ${fileName} » ne contient aucune feuille visible.`,
    );
  }
  // The plan is on the first visible sheet with a header row (a « Notes » sheet
  // before it must not hide it); else on the first visible sheet with content.
  const read = visible.map((ws) => ({ ws, rows: sheetRows(ws) }));
  const chosen =
    read.find(({ rows }) => findHeaderRow(rows) >= 0) ??
    read.find(({ rows }) => rows.length > 0);
  if (!chosen) {
    const first = visible[0] as ExcelJS.Worksheet;
    throw new UserError(
      `La feuille « ${first.name} » du classeur « ${fileName} » est vide.`,
    );
  }
  const rows = withCodes(joinMergedHeaders(chosen.rows, chosen.ws));
  return {
    fileName,
    sheetName: chosen.ws.name,
    rows,
    ...(workbook.properties.date1904 ? { date1904: true } : {}),
  };
}

/** The non-empty rows of a worksheet, cells as plain values. */
function sheetRows(sheet: ExcelJS.Worksheet): SheetRow[] {
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: CellValue[] = [];
    const problems: CellProblem[] = [];
    for (let col = 1; col <= row.cellCount; col += 1) {
      const cell = row.getCell(col);
      // A merged cell other than the top-left one repeats its value: it holds none of its own.
      const value = cell.isMerged && cell.master !== cell ? null : cell.value;
      cells.push(plainCellValue(value));
      const problem = cellProblem(value);
      if (problem) problems.push({ index: col - 1, ...problem });
    }
    const empty = cells.every(
      (c) => c === null || (typeof c === 'string' && c.trim() === ''),
    );
    if (empty && problems.length === 0) return;
    rows.push({
      rowNumber,
      cells,
      ...(row.hidden ? { hidden: true } : {}),
      ...(problems.length > 0 ? { problems } : {}),
    });
  });
  return rows;
}

/**
 * A header cell merged over several columns names them together (« Lieu de
 * livraison » over the postcode and the commune): each row's cells under it
 * are joined, in order, into the first column, as a reader would read them.
 */
function joinMergedHeaders(rows: SheetRow[], sheet: ExcelJS.Worksheet): SheetRow[] {
  const header = rows[Math.max(0, findHeaderRow(rows))];
  if (!header) return rows;
  const spans: [number, number][] = [];
  for (let index = 0; index < header.cells.length; index += 1) {
    const cell = sheet.getCell(header.rowNumber, index + 1);
    if (!cell.isMerged || cell.master !== cell) continue;
    let last = index;
    while (sheet.getCell(header.rowNumber, last + 2).master === cell) last += 1;
    if (last > index) spans.push([index, last]);
  }
  if (spans.length === 0) return rows;
  return rows.map((row) => {
    if (row.rowNumber <= header.rowNumber) return row;
    const cells = [...row.cells];
    for (const [first, last] of spans) {
      const parts = cells
        .slice(first, last + 1)
        .filter((c) => c !== null && c !== undefined && String(c).trim() !== '');
      cells[first] =
        parts.length <= 1
          ? (parts[0] ?? null)
          : parts
              .map((c) =>
                c instanceof Date ? c.toISOString().slice(0, 10) : String(c).trim(),
              )
              .join(' ');
      for (let i = first + 1; i <= last; i += 1) cells[i] = null;
    }
    return { ...row, cells };
  });
}

/** Rows below the header with numeric codes (CPV, postcode…) turned back into text. */
function withCodes(rows: SheetRow[]): SheetRow[] {
  const headerIndex = Math.max(0, findHeaderRow(rows));
  const header = rows[headerIndex];
  if (!header) return rows;
  const kinds = header.cells.map((c) => codeColumnKind(c) ?? undefined);
  return rows.map((row, i) =>
    i <= headerIndex
      ? row
      : { ...row, cells: row.cells.map((c, col) => codeValue(c, kinds[col])) },
  );
}
