/**
 * Reports written in the background: the save dialog starts one, polls how
 * far it is (sheet, rows, percent), may cancel it, and fetches the file once
 * it is done. One report at a time; the writer yields every few hundred rows,
 * so the other services keep answering while a large report is written.
 */
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { FilePayload, ReportRequest } from '../../../shared/ipc';
import {
  DEFAULT_CSV_SHEET,
  isSheetId,
  SHEET_IDS,
  SHEET_NAMES,
  type ReportFormat,
  type ReportJobState,
  type SheetId,
} from '../../../shared/report/report-sheets';
import { UNEXPECTED_ERROR_MESSAGE, UserError } from '../user-error';
import {
  REPORT_SHEETS,
  reportFileName,
  reportMeta,
  reportTables,
} from './build-sourcing-report';
import type { ReportInput } from './report-input';
import type { ReportTable } from './report-table';
import { writeCsv } from './write-csv';
import { ReportCancelled, writeXlsx, type WriteProgress } from './write-xlsx';

/** A checked report request: what to write, which sheets, in which format. */
export interface ReportOrder {
  input: ReportInput;
  /** The sheets asked for, in workbook order (a CSV has exactly one). */
  sheets: SheetId[];
  /** Whether the buyer named the sheets (then those left out for lack of data are said). */
  sheetsChosen: boolean;
  format: ReportFormat;
  fileName: string;
}

/** The longest buyer name printed in the report (a header line, not a letter). */
const MAX_BUYER_NAME = 200;

const COUNT = new Intl.NumberFormat('fr-FR');

function checkFormat(format: unknown): ReportFormat {
  if (format === undefined || format === 'xlsx' || format === 'csv') {
    return format ?? 'xlsx';
  }
  throw new UserError(
    `Format de rapport inconnu : « ${String(format)} » : choisissez « xlsx » ou « csv ».`,
  );
}

/**
 * The sheets asked for, checked, in workbook order; none: every sheet the
 * report has data for (« besoins » for a CSV).
 */
export function checkReportSheets(sheets: unknown, format: ReportFormat): SheetId[] {
  if (sheets === undefined) {
    return format === 'csv' ? [DEFAULT_CSV_SHEET] : [...REPORT_SHEETS];
  }
  if (!Array.isArray(sheets)) {
    throw new UserError('La liste des feuilles du rapport est illisible.');
  }
  const unknown = sheets.find((id) => !isSheetId(id));
  if (unknown !== undefined) {
    throw new UserError(
      `Feuille inconnue : « ${String(unknown)} ». Feuilles possibles : ` +
        `${SHEET_IDS.join(', ')}.`,
    );
  }
  const chosen = new Set(sheets as SheetId[]);
  if (chosen.size === 0) {
    throw new UserError('Choisissez au moins une feuille pour le rapport.');
  }
  if (format === 'csv' && chosen.size > 1) {
    throw new UserError(
      'Un fichier CSV ne contient qu’une feuille : choisissez-en une seule ' +
        `(par exemple « ${DEFAULT_CSV_SHEET} »).`,
    );
  }
  return SHEET_IDS.filter((id) => chosen.has(id));
}

function checkBuyerName(name: unknown): string | null {
  if (name === undefined || name === null) return null;
  if (typeof name !== 'string') {
    throw new UserError('Le nom de l’organisme acheteur doit être un texte.');
  }
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (trimmed.length > MAX_BUYER_NAME) {
    throw new UserError(
      `Le nom de l’organisme acheteur compte ${trimmed.length} caractères : ` +
        `${MAX_BUYER_NAME} au plus.`,
    );
  }
  return trimmed === '' ? null : trimmed;
}

/**
 * The sheets, format and buyer of a report request, checked, with the input
 * the services gathered; French errors name the bad field and value.
 */
export function reportOrder(
  request: Pick<ReportRequest, 'sheets' | 'format' | 'buyerName'>,
  input: ReportInput,
): ReportOrder {
  const format = checkFormat(request.format);
  const sheets = checkReportSheets(request.sheets, format);
  const buyerName = checkBuyerName(request.buyerName) ?? input.buyerName ?? null;
  const name = reportFileName(input.plan, input.now, format);
  return {
    input: { ...input, buyerName },
    sheets,
    sheetsChosen: request.sheets !== undefined,
    format,
    // A CSV holds one sheet: its name says which (…-2026-05-07-besoins.csv).
    fileName:
      format === 'csv'
        ? name.replace(/\.csv$/, `-${sheets[0] ?? DEFAULT_CSV_SHEET}.csv`)
        : name,
  };
}

/** The tables an order writes; a chosen sheet without data is left out, all of them is an error. */
function orderTables(order: ReportOrder): ReportTable[] {
  const tables = reportTables(order.input, order.sheets);
  if (tables.length === 0) {
    const names = order.sheets.map((id) => `« ${SHEET_NAMES[id]} »`).join(', ');
    throw new UserError(
      order.sheets.length === 1
        ? `La feuille ${names} n’a pas de données pour ce rapport : choisissez-en une autre.`
        : `Aucune des feuilles choisies (${names}) n’a de données pour ce rapport.`,
    );
  }
  return tables;
}

interface WriteOptions {
  onProgress?: (progress: WriteProgress) => void;
  signal?: AbortSignal;
}

/** Writes the order's tables with the streaming writer (or as CSV) to `output`, then ends it. */
export async function writeReportTables(
  order: ReportOrder,
  tables: readonly ReportTable[],
  output: Writable,
  options: WriteOptions = {},
): Promise<void> {
  const { onProgress, signal } = options;
  const progress = {
    ...(onProgress ? { onProgress } : {}),
    ...(signal ? { signal } : {}),
  };
  const [first] = tables;
  if (order.format === 'csv' && first) {
    await writeCsv(first, output, { ...progress, sheetName: SHEET_NAMES[first.id] });
  } else {
    await writeXlsx(tables, reportMeta(order.input), output, {
      streaming: true,
      ...progress,
    });
  }
  if (!output.writableEnded) output.end();
  await finished(output);
}

/** A Writable that keeps what it receives in memory. */
function memorySink(): { sink: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return { sink, bytes: () => Buffer.concat(chunks) };
}

/** The whole report at once (report:build, small reports). */
export async function buildReportPayload(order: ReportOrder): Promise<FilePayload> {
  const { sink, bytes } = memorySink();
  await writeReportTables(order, orderTables(order), sink);
  return { name: order.fileName, base64: bytes().toString('base64') };
}

/** « Écriture de la feuille Besoins : 12 000 / 100 000 lignes ». */
export function progressMessage(
  sheet: string,
  rowsDone: number,
  rowsTotal: number,
): string {
  return (
    `Écriture de la feuille ${sheet} : ${COUNT.format(rowsDone)} / ` +
    `${COUNT.format(rowsTotal)} ${rowsTotal > 1 ? 'lignes' : 'ligne'}`
  );
}

/** What a finished report holds, and what was left out for lack of data. */
function doneMessage(order: ReportOrder, tables: readonly ReportTable[]): string {
  const written = tables.map((t) => SHEET_NAMES[t.id]);
  const rows = tables.reduce((sum, t) => sum + t.rowCount, 0);
  const sheets = written.length > 1 ? `${written.length} feuilles` : '1 feuille';
  let message =
    `Rapport prêt : ${order.fileName}, ${sheets} (${written.join(', ')}), ` +
    `${COUNT.format(rows)} ${rows > 1 ? 'lignes' : 'ligne'}.`;
  const left = order.sheets.filter((id) => !tables.some((t) => t.id === id));
  if (order.sheetsChosen && left.length > 0) {
    message +=
      ` Sans données pour ce plan, non écrite${left.length > 1 ? 's' : ''} : ` +
      `${left.map((id) => SHEET_NAMES[id]).join(', ')}.`;
  }
  return message;
}

export interface ReportJobs {
  /** Starts writing the order in the background; refused while another is written. */
  start(order: ReportOrder): ReportJobState;
  state(): ReportJobState;
  /** Stops the report being written; what it wrote is dropped. */
  cancel(): ReportJobState;
  /** The finished report's file, once: it is forgotten as it is given. */
  result(): FilePayload;
  /** Resolves when the current report is over (tests, CLI). */
  settled(): Promise<void>;
}

const IDLE: ReportJobState = {
  status: 'idle',
  sheet: null,
  rowsDone: 0,
  rowsTotal: 0,
  percent: 0,
  message: '',
  fileName: null,
};

/** The background writer of reports, one at a time. */
export function createReportJobs(): ReportJobs {
  let state: ReportJobState = { ...IDLE };
  let controller: AbortController | null = null;
  let file: Buffer | null = null;
  let done: Promise<void> = Promise.resolve();

  async function run(order: ReportOrder, signal: AbortSignal): Promise<void> {
    const { sink, bytes } = memorySink();
    try {
      // report:start answers first; the tables are built and written after.
      await new Promise((resolve) => setImmediate(resolve));
      const tables = orderTables(order);
      // Rows before each sheet, so the percent covers the whole report.
      const before = new Map<string, number>();
      let total = 0;
      for (const table of tables) {
        before.set(SHEET_NAMES[table.id], total);
        total += table.rowCount;
      }
      await writeReportTables(order, tables, sink, {
        signal,
        onProgress: ({ sheet, rowsDone, rowsTotal }) => {
          const rowsBefore = before.get(sheet) ?? 0;
          state = {
            ...state,
            sheet,
            rowsDone,
            rowsTotal,
            percent:
              total === 0 ? 100 : Math.floor(((rowsBefore + rowsDone) * 100) / total),
            message: progressMessage(sheet, rowsDone, rowsTotal),
          };
        },
      });
      if (signal.aborted) throw new ReportCancelled();
      file = bytes();
      state = {
        ...state,
        status: 'done',
        sheet: null,
        percent: 100,
        message: doneMessage(order, tables),
      };
    } catch (error) {
      sink.destroy();
      file = null;
      if (signal.aborted) {
        state = {
          ...state,
          status: 'cancelled',
          sheet: null,
          message: new ReportCancelled().message,
        };
      } else {
        if (!(error instanceof UserError))
          console.error('[report] writing failed:', error);
        const reason =
          error instanceof UserError ? error.message : UNEXPECTED_ERROR_MESSAGE;
        state = { ...state, status: 'failed', sheet: null, message: reason };
      }
    } finally {
      controller = null;
    }
  }

  return {
    start(order) {
      if (state.status === 'running') {
        throw new UserError(
          'Un rapport est déjà en cours d’écriture : attendez sa fin ou annulez-le.',
        );
      }
      // A finished report nobody fetched is dropped for the new one.
      file = null;
      controller = new AbortController();
      state = {
        ...IDLE,
        status: 'running',
        message: 'Préparation du rapport…',
        fileName: order.fileName,
      };
      done = run(order, controller.signal);
      return { ...state };
    },
    state: () => ({ ...state }),
    cancel() {
      controller?.abort();
      return { ...state };
    },
    result() {
      if (state.status !== 'done' || file === null) {
        throw new UserError(
          state.status === 'running'
            ? `Le rapport est encore en cours d’écriture (${state.percent} %) : attendez sa fin.`
            : 'Aucun rapport terminé à récupérer : enregistrez le rapport à nouveau.',
        );
      }
      const payload = {
        name: state.fileName ?? 'rapport.xlsx',
        base64: file.toString('base64'),
      };
      file = null;
      state = { ...IDLE };
      return payload;
    },
    settled: () => done,
  };
}
