/**
 * One step of the plan-import benchmark in its own process, so that its
 * peak memory is its own (`node --import tsx tests/bench/plan-import-step.ts
 * <step> …`); prints one JSON line. Steps:
 *   write <workDir>              plan-10000.xlsx and plan-10000.csv from the DECP 2019 contracts
 *   ours <file>                  readPlanBytes then needsFromSheet, as the app imports a plan
 *   naive <file>                 exceljs with its default options, then row by row
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { buildCpvNomenclature } from '../../shared/cpv';
import { buildPlaceIndex } from '../../shared/places/place-index';
import { needsFromSheet } from '../../shared/plan/needs-from-sheet';
import { PLAN_TEMPLATE_HEADERS } from '../../shared/plan/plan-template';
import { loadResources } from '../../main/services/load-resources';
import { readPlanBytes } from '../../main/services/plan-files/read-plan-file';

export const PLAN_ROWS = 10_000;

const SHARED_DATA = process.env.PASSERELLE_SHARED_DATA ?? resolve('..', 'shared', 'data');

export interface WriteReport {
  step: 'write';
  rows: number;
  xlsxBytes: number;
  csvBytes: number;
}

export interface ImportReport {
  step: 'ours' | 'naive';
  file: string;
  ms: number;
  maxRssKb: number;
  /** Rows read under the header. */
  rows: number;
  /** Needs made (ours) or rows with a title (naive). */
  needs: number;
  errors: number;
}

interface DecpRow {
  uid: string;
  objet: string;
  codeCPV: string;
  lieuExecution_code: string;
  lieuExecution_typeCode: string;
  lieuExecution_nom: string;
  dateNotification: string;
  montant: string;
}

function print(report: object): void {
  process.stdout.write(JSON.stringify(report) + '\n');
}

/**
 * The plan rows: DECP 2019 contracts placed in a commune (by its code or
 * postcode: a plan's place is a delivery site, not a département), in uid
 * order, repeated up to PLAN_ROWS.
 */
function planRows(): (string | number | Date | null)[][] {
  const path = resolve(SHARED_DATA, 'procurement/decp-2019/decp_2019_marches.csv');
  const contracts = Papa.parse<DecpRow>(readFileSync(path, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  })
    .data.filter(
      (row) =>
        row.objet && row.codeCPV && /postal|commune/i.test(row.lieuExecution_typeCode),
    )
    .sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  const rows: (string | number | Date | null)[][] = [];
  for (let i = 0; rows.length < PLAN_ROWS; i += 1) {
    const row = contracts[i % contracts.length] as DecpRow;
    const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(row.dateNotification);
    const budget = Number(row.montant);
    rows.push([
      row.objet,
      row.codeCPV,
      null,
      null,
      null,
      null,
      null,
      day ? new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]))) : null,
      `${row.lieuExecution_code} ${row.lieuExecution_nom}`.trim(),
      null,
      null,
      null,
      Number.isFinite(budget) && budget > 0 ? budget : null,
    ]);
  }
  return rows;
}

function csvCell(value: string | number | Date | null): string {
  if (value === null) return '';
  if (value instanceof Date) {
    const pad = (n: number): string => String(n).padStart(2, '0');
    return `${pad(value.getUTCDate())}/${pad(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`;
  }
  const text = typeof value === 'number' ? String(value).replace('.', ',') : value;
  return /[;"\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function write(workDir: string): Promise<void> {
  const rows = planRows();
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Plan d’achats');
  sheet.addRow([...PLAN_TEMPLATE_HEADERS]);
  for (const row of rows) sheet.addRow(row);
  sheet.getColumn(8).numFmt = 'dd/mm/yyyy';
  const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
  writeFileSync(join(workDir, 'plan-10000.xlsx'), xlsx);
  // As French Excel saves « CSV UTF-8 »: BOM, semicolons, CRLF.
  const csv =
    '\uFEFF' +
    [PLAN_TEMPLATE_HEADERS.join(';'), ...rows.map((r) => r.map(csvCell).join(';'))].join(
      '\r\n',
    ) +
    '\r\n';
  writeFileSync(join(workDir, 'plan-10000.csv'), csv, 'utf8');
  const report: WriteReport = {
    step: 'write',
    rows: rows.length,
    xlsxBytes: xlsx.length,
    csvBytes: Buffer.byteLength(csv),
  };
  print(report);
}

async function ours(file: string): Promise<void> {
  // The app holds these before any import: read outside the measure.
  const resources = await loadResources(resolve('resources'));
  const ctx = {
    places: buildPlaceIndex(resources.communes),
    cpv: buildCpvNomenclature(resources.cpv),
    sectors: resources.catalogue.sectors,
    defaultMaxDistanceKm: 50,
    now: new Date(Date.UTC(2026, 0, 15)),
  };
  const bytes = readFileSync(file);
  const started = performance.now();
  const sheet = await readPlanBytes(bytes, file);
  const result = needsFromSheet(sheet, ctx);
  const ms = performance.now() - started;
  const report: ImportReport = {
    step: 'ours',
    file,
    ms,
    maxRssKb: process.resourceUsage().maxRSS,
    rows: result.rowsRead,
    needs: result.plan.needs.length,
    errors: result.issues.filter((i) => i.severity === 'error').length,
  };
  print(report);
}

async function naive(file: string): Promise<void> {
  const bytes = readFileSync(file);
  const started = performance.now();
  const workbook = new ExcelJS.Workbook();
  const sheet = file.endsWith('.csv')
    ? await workbook.csv.read(Readable.from(bytes), {
        parserOptions: { delimiter: ';' },
      })
    : (await workbook.xlsx.load(bytes as unknown as ArrayBuffer)).worksheets[0];
  let rows = 0;
  let needs = 0;
  sheet?.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    rows += 1;
    const title = row.getCell(1).value;
    if (typeof title === 'string' && title.trim() !== '') needs += 1;
  });
  const ms = performance.now() - started;
  const report: ImportReport = {
    step: 'naive',
    file,
    ms,
    maxRssKb: process.resourceUsage().maxRSS,
    rows,
    needs,
    errors: 0,
  };
  print(report);
}

async function main(): Promise<void> {
  const [step, argument] = process.argv.slice(2);
  if (step === 'write' && argument) return write(argument);
  if (step === 'ours' && argument) return ours(argument);
  if (step === 'naive' && argument) return naive(argument);
  throw new Error(`usage: plan-import-step.ts write|ours|naive …, got ${step}`);
}

await main();
