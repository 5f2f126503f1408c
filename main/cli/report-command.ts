/**
 * `passerelle report <plan> -o <fichier.xlsx|fichier.csv>`: the sourcing
 * report with the sheets the buyer chose, or one sheet as CSV, written by the
 * same background job as the app's save dialog, with its progress on stderr.
 */
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { ReportJobState, SheetId } from '../../shared/report/report-sheets';
import { isSheetId } from '../../shared/report/report-sheets';
import { foldText } from '../../shared/text/fold-text';
import type { Services } from '../services/create-services';
import { checkReportSheets } from '../services/report/report-job';
import { UserError } from '../services/user-error';
import {
  addMatchOptions,
  checkReportFile,
  matchPlanFile,
  printMatchSummary,
  writeReport,
  type CliOutput,
  type MatchCommandOptions,
} from './match-command';

export interface ReportCommandOptions extends MatchCommandOptions {
  /** Sheets of the workbook, comma-separated (synthese,besoins,…). */
  feuilles?: string;
  /** The one sheet of a CSV file. */
  feuille?: string;
  /** The buying organisation, printed in « Synthèse ». */
  organisme?: string;
}

/** How often the job is asked how far it is, ms. */
const POLL_MS = 100;
/** A report with a sheet of at least this many rows shows its progress. */
export const LARGE_REPORT_ROWS = 10_000;

/** A sheet as typed: its id, or its French name (« Synthèse », « lignes écartées »). */
function sheetOf(typed: string): string {
  const folded = foldText(typed).trim().replace(/ +/g, '-');
  return isSheetId(folded) ? folded : typed.trim();
}

/** The sheets the options ask for, checked before the plan is read. */
function chosenSheets(
  options: ReportCommandOptions,
  format: 'xlsx' | 'csv',
): SheetId[] | undefined {
  if (format === 'xlsx' && options.feuille !== undefined) {
    throw new UserError(
      'L’option --feuille choisit la feuille d’un fichier CSV : pour un classeur ' +
        '.xlsx, donnez ses feuilles avec --feuilles synthese,besoins,…',
    );
  }
  const typed =
    options.feuille !== undefined ? [options.feuille] : options.feuilles?.split(',');
  if (typed === undefined) return undefined;
  return checkReportSheets(typed.filter((t) => t.trim() !== '').map(sheetOf), format);
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Follows the report job to its end, printing a line per sheet and every
 * 10 % of a large report; Ctrl-C (or SIGTERM) cancels it.
 */
async function followJob(services: Services, io: CliOutput): Promise<ReportJobState> {
  const cancel = (): void => void services['report:cancel']();
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  try {
    let large = false;
    let lastSheet: string | null = null;
    let lastTenth = -1;
    for (;;) {
      const state = await services['report:state']();
      if (state.status !== 'running') return state;
      large ||= state.rowsTotal >= LARGE_REPORT_ROWS;
      const tenth = Math.floor(state.percent / 10);
      if (large && state.sheet && (state.sheet !== lastSheet || tenth > lastTenth)) {
        io.err(`${state.message} (${state.percent} %)`);
        lastSheet = state.sheet;
        lastTenth = tenth;
      }
      await sleep(POLL_MS);
    }
  } finally {
    process.removeListener('SIGINT', cancel);
    process.removeListener('SIGTERM', cancel);
  }
}

/** Runs the report command; throws UserError on bad input, a cancel or a failure. */
export async function runReportCommand(
  planPath: string,
  options: ReportCommandOptions,
  io: CliOutput,
): Promise<void> {
  const output = checkReportFile(planPath, options, ['.xlsx', '.csv']);
  const format = output.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
  const sheets = chosenSheets(options, format);
  const matched = await matchPlanFile(planPath, options, io);
  const { services, imported, match } = matched;
  try {
    await services['report:start']({
      plan: imported.plan,
      match,
      issues: imported.issues,
      rowsRead: imported.rowsRead,
      format,
      ...(sheets ? { sheets } : {}),
      ...(options.organisme !== undefined ? { buyerName: options.organisme } : {}),
    });
    const state = await followJob(services, io);
    if (state.status !== 'done') throw new UserError(state.message);
    const report = await services['report:result']();
    // The whole file is written under a temporary name, then renamed:
    // a failure or a Ctrl-C leaves no half-written report behind.
    writeReport(output, Buffer.from(report.base64, 'base64'));
    printMatchSummary(matched, io);
    io.out(state.message.replace(report.name, basename(output)));
    io.out(`Rapport écrit : ${output}`);
  } finally {
    services.close();
  }
}

/** Adds `passerelle report` to the program. */
export function registerReportCommand(program: Command, io: CliOutput): void {
  const command = program
    .command('report')
    .description(
      'rapproche un plan d’achats du catalogue et écrit le rapport de sourcing ' +
        '(.xlsx avec les feuilles choisies, ou une feuille en .csv)',
    )
    .argument('<plan>', 'plan d’achats (.xlsx ou .csv)')
    .option('-o, --output <fichier>', 'rapport à écrire : fichier .xlsx ou .csv')
    .option(
      '--feuilles <liste>',
      'feuilles du classeur, séparées par des virgules : synthese, besoins, ' +
        'allocation, fournisseurs, comparaison, procedures, lignes-ecartees, methode ' +
        '(par défaut : toutes celles qui ont des données)',
    )
    .option('--feuille <nom>', 'la feuille d’un fichier .csv (par défaut : besoins)')
    .option('--organisme <nom>', 'organisme acheteur, écrit dans la synthèse');
  addMatchOptions(command).action((plan: string, options: ReportCommandOptions) =>
    runReportCommand(plan, options, io),
  );
}
