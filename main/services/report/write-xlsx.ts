/**
 * Writes report tables as an .xlsx workbook: fitted widths, frozen header,
 * filters, score colours, data bars, A4 landscape print setup with repeated
 * header rows, header and footer, document properties.
 *
 * Two writers give the same workbook: the streaming one (exceljs
 * WorkbookWriter) commits each row as it goes and is what Passerelle uses;
 * the in-memory one builds the whole workbook first and is kept as the
 * baseline of the report benchmark.
 */
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import {
  columnLetter,
  frenchDay,
  safeLinkTarget,
  safeText,
  xmlSafe,
  SHEET_NAMES,
  type ColumnKind,
  type ReportCell,
  type ReportTable,
} from './report-table';
import { UserError } from '../user-error';

/** Excel number format of each column kind (null: General). */
export const EXCEL_FORMATS: Record<ColumnKind, string | null> = {
  text: null,
  code: '@',
  integer: '0',
  decimal1: '0.0',
  quantity: null,
  euros: '#,##0.00 €',
  percent: '0.0 %',
  date: 'dd/mm/yyyy',
  link: null,
};

/** What the workbook says about itself (File › Properties) and prints on each page. */
export interface ReportMeta {
  /** « Rapport de sourcing – Plan Harnes 2026 »: the header of each page. */
  title: string;
  subject: string;
  keywords: string;
  description: string;
  /** When the report was made. */
  created: Date;
  /** The report's calendar day (UTC midnight), printed dd/mm/yyyy. */
  day: Date;
}

export interface WriteProgress {
  /** French name of the sheet being written. */
  sheet: string;
  rowsDone: number;
  rowsTotal: number;
}

export interface XlsxWriteOptions {
  /** true: rows are committed as they are written (the product); false: in memory. */
  streaming: boolean;
  /** Called every few hundred rows and at the end of each sheet. */
  onProgress?: (progress: WriteProgress) => void;
  signal?: AbortSignal;
}

/** The buyer cancelled the report: nothing was written in place of the target. */
export class ReportCancelled extends UserError {
  constructor() {
    super('Rapport annulé : aucun fichier n’a été écrit.');
  }
}

/** Rows between two progress reports (and two pauses letting a cancel arrive). */
const PROGRESS_STEP = 500;
const MIN_WIDTH = 8;
const MAX_WIDTH = 50;
const HEADER_FILL: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFDDE4EE' },
};
const LINK_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FF0563C1' }, underline: true };

/** A table cell as exceljs writes it: safe text, finite numbers, checked links. */
export function excelValue(cell: ReportCell): ExcelJS.CellValue {
  if (cell === null) return null;
  if (typeof cell === 'string') return cell === '' ? null : safeText(cell);
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : cell;
  const target = safeLinkTarget(cell.url);
  if (!target) return safeText(cell.text);
  // A link with no text would be an invisible cell: it shows its address.
  return {
    text: safeText(cell.text || target.replace(/^mailto:/, '')),
    hyperlink: target,
  };
}

/** A cell as its column writes it: a code given as a number becomes text. */
function columnValue(cell: ReportCell, kind: ColumnKind): ExcelJS.CellValue {
  return kind === 'code' && typeof cell === 'number'
    ? excelValue(String(cell))
    : excelValue(cell);
}

/** Characters a value takes once shown with its column's format. */
function displayLength(cell: ReportCell, kind: ColumnKind): number {
  if (cell === null) return 0;
  if (cell instanceof Date) return 10;
  if (typeof cell === 'number') {
    const digits = String(Math.round(Math.abs(cell))).length;
    if (kind === 'euros') return digits + Math.floor((digits - 1) / 3) + 5;
    if (kind === 'percent') return String(Math.round(cell * 100)).length + 4;
    if (kind === 'decimal1') return digits + 3;
    return String(cell).length + 1;
  }
  if (typeof cell === 'string') return longestLine(cell);
  return longestLine(cell.text);
}

function longestLine(text: string): number {
  let longest = 0;
  for (const line of text.split('\n')) longest = Math.max(longest, line.length);
  return longest;
}

/** Points of one line of text in the default font (Calibri 11). */
const LINE_HEIGHT = 15;
/** Excel's tallest row, in points. */
const MAX_ROW_HEIGHT = 409;

/**
 * The height a row needs for its wrapped cells, or null when one line is
 * enough. Spreadsheets do not all fit rows to wrapped text on opening
 * (LibreOffice lets it spill over the rows below), so the writer sets it,
 * counting a character per unit of column width.
 */
export function wrappedHeight(
  table: ReportTable,
  values: readonly ExcelJS.CellValue[],
  widths: readonly number[],
): number | null {
  let lines = 1;
  table.columns.forEach((column, i) => {
    const value = values[i];
    if (column.wrapWidth === undefined || typeof value !== 'string') return;
    const perLine = Math.max(1, (widths[i] ?? column.wrapWidth) - 2);
    const count = value
      .split('\n')
      .reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / perLine)), 0);
    lines = Math.max(lines, count);
  });
  return lines > 1 ? Math.min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT) : null;
}

/** Column widths fitted to the header and every value, within 8–50 characters. */
export function fittedWidths(table: ReportTable): number[] {
  const widths = table.columns.map((c) => c.header.length + 3);
  const kinds = table.columns.map((c) => c.kind);
  for (const row of table.rows()) {
    kinds.forEach((kind, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayLength(row[i] ?? null, kind) + 2);
    });
  }
  for (const line of table.preamble ?? []) {
    widths[0] = Math.max(widths[0] ?? 0, line.label.length + 2);
  }
  return widths.map((width, i) => {
    const wrap = table.columns[i]?.wrapWidth;
    // A wrapped column is as wide as its content, up to its wrap width.
    const widest = wrap ?? MAX_WIDTH;
    return Math.min(widest, Math.max(MIN_WIDTH, width));
  });
}

/**
 * Header and footer text: `&` doubled (a lone `&` starts a field code), cut
 * with « … » so the doubled text fits in `room` (Excel allows 255 characters
 * for the whole header).
 */
export function headerText(text: string, room: number): string {
  const doubled = text.replace(/&/g, '&&');
  if (doubled.length <= room) return doubled;
  let cut = '';
  for (const char of text) {
    const next = char === '&' ? '&&' : char;
    if (cut.length + next.length > room - 1) break;
    cut += next;
  }
  return `${cut}…`;
}

function sheetOptions(
  table: ReportTable,
  meta: ReportMeta,
  headerRow: number,
): Partial<ExcelJS.AddWorksheetOptions> {
  const name = SHEET_NAMES[table.id];
  const day = frenchDay(meta.day);
  return {
    views: [{ state: 'frozen', ySplit: headerRow, xSplit: 0 }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${headerRow}:${headerRow}`,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: {
      oddHeader: `&L&B${headerText(xmlSafe(meta.title), 150)}&B&R${day}`,
      oddFooter: `&L${headerText(name, 40)}&CPage &P sur &N&RPasserelle – ${day}`,
    },
  };
}

/** The fixed row layout of a table: preamble lines, a blank row, the header. */
function headerRowOf(table: ReportTable): number {
  const lines = table.preamble?.length ?? 0;
  return lines === 0 ? 1 : lines + 2;
}

type AnySheet = ExcelJS.Worksheet & { commit?: () => void };

/** The range a sheet's filter covers, as a defined name must give it. */
interface SheetFilter {
  sheet: string;
  /** « A7:B20 » */
  ref: string;
}

type RowSink = (values: ExcelJS.CellValue[], style?: (row: ExcelJS.Row) => void) => void;

async function writeTable(
  sheet: AnySheet,
  addRow: RowSink,
  table: ReportTable,
  widths: readonly number[],
  options: XlsxWriteOptions,
): Promise<SheetFilter> {
  const name = SHEET_NAMES[table.id];
  const headerRow = headerRowOf(table);
  sheet.columns = table.columns.map((column, i) => {
    const numFmt = EXCEL_FORMATS[column.kind];
    const style: Partial<ExcelJS.Style> = {};
    if (numFmt) style.numFmt = numFmt;
    if (column.wrapWidth) style.alignment = { wrapText: true, vertical: 'top' };
    return { key: `c${i}`, width: widths[i], style };
  });

  for (const line of table.preamble ?? []) {
    addRow([safeText(line.label), columnValue(line.value, line.kind)], (row) => {
      row.getCell(1).font = { bold: true };
      const value = row.getCell(2);
      value.numFmt = EXCEL_FORMATS[line.kind] ?? 'General';
      value.alignment = { horizontal: 'left' };
      if (line.kind === 'link' && typeof value.value === 'object') value.font = LINK_FONT;
    });
  }
  if (headerRow > 1) addRow([]);
  addRow(
    // Headers may name suppliers (« Comparaison »): protected like any text.
    table.columns.map((c) => safeText(c.header)),
    (row) => {
      row.eachCell((cell) => {
        cell.font = { bold: true };
        cell.fill = HEADER_FILL;
        cell.numFmt = 'General';
        cell.alignment = { vertical: 'top', wrapText: true };
      });
    },
  );

  const linkColumns = table.columns.flatMap((c, i) => (c.kind === 'link' ? [i + 1] : []));
  const hasWrap = table.columns.some((c) => c.wrapWidth !== undefined);
  let done = 0;
  for (const row of table.rows()) {
    const values = table.columns.map((column, i) =>
      columnValue(row[i] ?? null, column.kind),
    );
    const height = hasWrap ? wrappedHeight(table, values, widths) : null;
    addRow(
      values,
      linkColumns.length === 0 && height === null
        ? undefined
        : (excelRow) => {
            if (height !== null) excelRow.height = height;
            for (const column of linkColumns) {
              const cell = excelRow.getCell(column);
              if (cell.value !== null && typeof cell.value === 'object')
                cell.font = LINK_FONT;
            }
          },
    );
    done++;
    if (done % PROGRESS_STEP === 0) {
      options.onProgress?.({ sheet: name, rowsDone: done, rowsTotal: table.rowCount });
      // Lets a cancel request (and the output stream) through.
      await new Promise((resolve) => setImmediate(resolve));
      if (options.signal?.aborted) throw new ReportCancelled();
    }
  }
  options.onProgress?.({ sheet: name, rowsDone: done, rowsTotal: table.rowCount });

  const lastRow = headerRow + Math.max(done, 1);
  const lastColumn = columnLetter(table.columns.length - 1);
  const ref = `A${headerRow}:${lastColumn}${lastRow}`;
  sheet.autoFilter = ref;
  if (done > 0) addConditionalFormats(sheet, table, headerRow + 1, headerRow + done);
  return { sheet: name, ref };
}

const COLOUR_SCALE = {
  type: 'colorScale',
  cfvo: [
    { type: 'num', value: 0 },
    { type: 'num', value: 50 },
    { type: 'num', value: 100 },
  ],
  color: [{ argb: 'FFF8696B' }, { argb: 'FFFFEB84' }, { argb: 'FF63BE7B' }],
};
const DATA_BAR = {
  type: 'dataBar',
  cfvo: [
    { type: 'num', value: 0 },
    { type: 'num', value: 1 },
  ],
  color: { argb: 'FF5B9BD5' },
  gradient: false,
};

/** Scores coloured red (0) to green (100); shares (0–1) drawn with data bars. */
function addConditionalFormats(
  sheet: ExcelJS.Worksheet,
  table: ReportTable,
  firstRow: number,
  lastRow: number,
): void {
  const formats = [
    ...(table.scoreColumns ?? []).map((column) => ({ column, rule: COLOUR_SCALE })),
    ...(table.dataBarColumns ?? []).map((column) => ({ column, rule: DATA_BAR })),
  ];
  formats.forEach(({ column, rule }, index) => {
    const letter = columnLetter(column);
    sheet.addConditionalFormatting({
      ref: `${letter}${firstRow}:${letter}${lastRow}`,
      // exceljs's types lack the cfvo and color a data bar is written with.
      rules: [
        { ...rule, priority: index + 1 } as unknown as ExcelJS.ConditionalFormattingRule,
      ],
    });
  });
}

interface DefinedName {
  name: string;
  ranges: string[];
  localSheetId?: number;
}

/** `'Besoins'!$A$1:$T$40` from a sheet name and `A1:T40`. */
function absoluteRange(filter: SheetFilter): string {
  const corners = filter.ref
    .split(':')
    .map((corner) => corner.replace(/^([A-Z]+)/, '$$$1$$'));
  return `'${filter.sheet.replace(/'/g, "''")}'!${corners.join(':')}`;
}

/**
 * Names each sheet's filtered range `_xlnm._FilterDatabase`, scoped to the
 * sheet, as Excel does: without it LibreOffice opens the workbook with no
 * filter. exceljs cannot scope a defined name to a sheet, so the list of
 * names it writes into the workbook part is extended here.
 */
function declareFilters(workbook: object, filters: readonly SheetFilter[]): void {
  const holder = workbook as { _definedNames?: { model: DefinedName[] } };
  const names = holder._definedNames;
  if (!names) return;
  const extra: DefinedName[] = filters.map((filter, index) => ({
    name: '_xlnm._FilterDatabase',
    localSheetId: index,
    ranges: [absoluteRange(filter)],
  }));
  holder._definedNames = Object.create(names, {
    model: { get: (): DefinedName[] => [...names.model, ...extra] },
  }) as typeof names;
}

/** A data bar's pointer to a 2010 extension the streaming writer never writes. */
const DANGLING_DATA_BAR_EXT =
  /<extLst><ext uri="\{B025F937-C7B1-47D3-B67F-A62EFF666E3E\}"[^>]*><x14:id\/><\/ext><\/extLst>/g;

interface SheetWriterParts {
  stream: { write: (chunk: unknown) => unknown };
  _writeHyperlinks?: () => void;
  _writeConditionalFormatting?: () => void;
}

/**
 * Two faults of exceljs 4.4's streaming sheet writer, each making Excel offer
 * to repair the file: it writes the hyperlinks before the conditional formats,
 * against the schema's order (exceljs pull request 2803), and it points each
 * data bar to a 2010 extension (an empty `<x14:id/>`) it never writes. Here
 * the formats go first and the empty pointer is dropped, leaving a plain data
 * bar every spreadsheet reads. Does nothing if exceljs changes those parts
 * (the writer tests check the resulting XML).
 */
function fixSheetWriter(sheet: object): void {
  const parts = sheet as SheetWriterParts;
  const writeLinks = parts._writeHyperlinks;
  const writeFormats = parts._writeConditionalFormatting;
  if (typeof writeLinks !== 'function' || typeof writeFormats !== 'function') return;
  parts._writeHyperlinks = (): void => {};
  parts._writeConditionalFormatting = (): void => {
    const stream = parts.stream;
    const write = stream.write;
    stream.write = (chunk: unknown): unknown =>
      write.call(
        stream,
        typeof chunk === 'string' ? chunk.replace(DANGLING_DATA_BAR_EXT, '') : chunk,
      );
    try {
      writeFormats.call(parts);
    } finally {
      stream.write = write;
    }
    writeLinks.call(parts);
  };
}

function setProperties(
  target: {
    creator: string;
    lastModifiedBy: string;
    created: Date;
    modified: Date;
    title?: string;
    subject?: string;
    keywords?: string;
    description?: string;
    category?: string;
  },
  meta: ReportMeta,
): void {
  target.creator = 'Passerelle';
  target.lastModifiedBy = 'Passerelle';
  target.created = meta.created;
  target.modified = meta.created;
  // The title and description carry the plan's name as the buyer typed it.
  target.title = xmlSafe(meta.title);
  target.subject = xmlSafe(meta.subject);
  target.keywords = xmlSafe(meta.keywords);
  target.description = xmlSafe(meta.description);
  target.category = 'Achat public responsable';
}

/**
 * Writes `tables`, one sheet each in their order, to `output`. Throws
 * ReportCancelled when `options.signal` is aborted; the caller then drops
 * what `output` received.
 */
export async function writeXlsx(
  tables: readonly ReportTable[],
  meta: ReportMeta,
  output: Writable,
  options: XlsxWriteOptions,
): Promise<void> {
  if (options.streaming) {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: output,
      useStyles: true,
      useSharedStrings: false,
    });
    setProperties(workbook as unknown as Parameters<typeof setProperties>[0], meta);
    const filters: SheetFilter[] = [];
    for (const table of tables) {
      const widths = fittedWidths(table);
      const sheet = workbook.addWorksheet(
        SHEET_NAMES[table.id],
        sheetOptions(table, meta, headerRowOf(table)),
      ) as AnySheet;
      fixSheetWriter(sheet);
      const filter = await writeTable(
        sheet,
        (values, style) => {
          const row = sheet.addRow(values);
          style?.(row);
          row.commit();
        },
        table,
        widths,
        options,
      );
      filters.push(filter);
      sheet.commit?.();
    }
    declareFilters(workbook, filters);
    await workbook.commit();
    return;
  }
  const workbook = new ExcelJS.Workbook();
  setProperties(workbook, meta);
  const filters: SheetFilter[] = [];
  for (const table of tables) {
    const widths = fittedWidths(table);
    const sheet = workbook.addWorksheet(
      SHEET_NAMES[table.id],
      sheetOptions(table, meta, headerRowOf(table)),
    );
    const filter = await writeTable(
      sheet,
      (values, style) => {
        // Every row is added, styled or not (a blank row keeps the layout).
        const row = sheet.addRow(values);
        style?.(row);
      },
      table,
      widths,
      options,
    );
    filters.push(filter);
  }
  declareFilters(workbook, filters);
  await workbook.xlsx.write(output);
}
