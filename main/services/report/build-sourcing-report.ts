/**
 * The sourcing report: the sheets the buyer chose, built as tables from one
 * ReportInput, then written as a workbook (streaming) or one sheet as CSV.
 */
import { PassThrough, type Writable } from 'node:stream';
import type { Plan } from '../../../shared/model';
import { foldText } from '../../../shared/text/fold-text';
import { allocationTable } from './allocation-sheet';
import { comparisonTable } from './comparison-sheet';
import { methodTable } from './method-sheet';
import { needsTable } from './needs-sheet';
import { proceduresTable } from './procedures-sheet';
import { rejectedRowsTable } from './rejected-rows-sheet';
import type { ReportCatalogue } from './report-catalogue';
import type { PlanImportInfo, ReportInput } from './report-input';
import { localDay, SHEET_IDS, type ReportTable, type SheetId } from './report-table';
import { suppliersTable } from './suppliers-sheet';
import { synthesisTable } from './synthesis-sheet';
import { writeCsv } from './write-csv';
import { writeXlsx, type ReportMeta, type XlsxWriteOptions } from './write-xlsx';

export type { PlanImportInfo, ReportInput } from './report-input';
export { shortlistKey } from './report-input';

/**
 * How each sheet is built; a sheet whose data the input lacks answers null
 * and is left out (« Lignes écartées » without an import, for instance).
 */
const SHEET_BUILDERS: Partial<
  Record<SheetId, (input: ReportInput) => ReportTable | null>
> = {
  synthese: synthesisTable,
  besoins: needsTable,
  allocation: allocationTable,
  fournisseurs: suppliersTable,
  comparaison: comparisonTable,
  procedures: proceduresTable,
  // No remark on the import (or an unknown import): nothing to list.
  'lignes-ecartees': (input) =>
    input.imported.issues?.length ? rejectedRowsTable(input) : null,
  methode: methodTable,
};

/** The sheets a report can hold, in workbook order. */
export const REPORT_SHEETS: readonly SheetId[] = SHEET_IDS.filter(
  (id) => SHEET_BUILDERS[id] !== undefined,
);

/** The tables of the chosen sheets (all by default), in workbook order. */
export function reportTables(
  input: ReportInput,
  sheets: readonly SheetId[] = REPORT_SHEETS,
): ReportTable[] {
  const chosen = new Set(sheets);
  const tables: ReportTable[] = [];
  for (const id of SHEET_IDS) {
    const build = SHEET_BUILDERS[id];
    if (!chosen.has(id) || !build) continue;
    const table = build(input);
    if (table) tables.push(table);
  }
  return tables;
}

/** File name of the report: `rapport-sourcing-<plan>-<yyyy-mm-dd>.<ext>` (local day). */
export function reportFileName(plan: Plan, now: Date, extension = 'xlsx'): string {
  const slug = foldText(plan.name).replace(/ /g, '-').slice(0, 60) || 'plan';
  const day = [
    now.getFullYear(),
    String(now.getMonth() + 1).padStart(2, '0'),
    String(now.getDate()).padStart(2, '0'),
  ].join('-');
  return `rapport-sourcing-${slug}-${day}.${extension}`;
}

/** Title, subject and keywords of the workbook; the title heads every printed page. */
export function reportMeta(input: ReportInput): ReportMeta {
  const buyer = input.buyerName ? ` – ${input.buyerName}` : '';
  return {
    title: `Rapport de sourcing – ${input.plan.name}${buyer}`,
    subject: 'Rapport de sourcing responsable',
    keywords: 'achat public responsable; sourcing; SPASER; EGalim; Passerelle',
    description:
      `Plan « ${input.plan.name} » (${input.plan.needs.length} besoins) rapproché du ` +
      `catalogue version ${input.match.catalogueVersion} par Passerelle.`,
    created: input.now,
    day: localDay(input.now),
  };
}

/** Writes the chosen sheets as an .xlsx workbook to `output` (streaming writer). */
export async function writeSourcingReport(
  input: ReportInput,
  sheets: readonly SheetId[],
  output: Writable,
  options: Omit<XlsxWriteOptions, 'streaming'> & { streaming?: boolean } = {},
): Promise<void> {
  await writeXlsx(reportTables(input, sheets), reportMeta(input), output, {
    streaming: true,
    ...options,
  });
}

/** Writes one sheet of the report as CSV to `output`. */
export async function writeSourcingCsv(
  input: ReportInput,
  sheet: SheetId,
  output: Writable,
  options: Omit<XlsxWriteOptions, 'streaming'> = {},
): Promise<void> {
  const [table] = reportTables(input, [sheet]);
  if (!table) {
    throw new Error(`sheet ${sheet} has no data for this report`);
  }
  await writeCsv(table, output, { ...options, sheetName: sheet });
}

/** Collects what a writer sends to a stream. */
export async function collect(
  write: (output: Writable) => Promise<void>,
): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    output.on('end', resolve);
    output.on('error', reject);
  });
  await write(output);
  if (!output.writableEnded) output.end();
  await ended;
  return Buffer.concat(chunks);
}

/** The whole report (every sheet it has data for) as .xlsx bytes. */
export async function buildSourcingReport(
  plan: Plan,
  match: ReportInput['match'],
  catalogue: ReportCatalogue,
  now: Date,
  imported: PlanImportInfo = {},
  sheets: readonly SheetId[] = REPORT_SHEETS,
): Promise<Buffer> {
  const input: ReportInput = { plan, match, catalogue, now, imported };
  return collect((output) => writeSourcingReport(input, sheets, output));
}
