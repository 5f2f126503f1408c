/**
 * `passerelle report <plan> -o <fichier.xlsx|fichier.csv>`: the sourcing
 * report with the sheets the buyer chose, or one sheet as CSV, written by the
 * same background job as the app's save dialog, with its progress on stderr;
 * « Comparaison » sets the suppliers of --comparer side by side.
 */
import { basename } from 'node:path';
import type { Command } from 'commander';
import { siretProblem } from '../../shared/catalogue/siret';
import {
  MAX_COMPARED,
  MIN_COMPARED,
  type ComparisonRequest,
} from '../../shared/compare/compare-suppliers';
import type { Supplier } from '../../shared/model';
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
  /** Suppliers of « Comparaison », by SIRET or catalogue id, comma-separated. */
  comparer?: string;
  /** The place the comparison measures distances from, typed as in the app. */
  site?: string;
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

/** A SIRET as typed in --comparer: 14 digits, spaces between groups allowed. */
const SIRET = /^\d{14}$/;

/** --comparer as a list of 2 to 5 suppliers (SIRETs without spaces), checked early. */
function comparedSuppliers(options: ReportCommandOptions): string[] | undefined {
  if (options.comparer === undefined) {
    if (options.site !== undefined) {
      throw new UserError(
        'L’option --site donne le lieu d’où la comparaison mesure les distances : ' +
          'ajoutez les fournisseurs à comparer avec --comparer <SIRET,SIRET,…>.',
      );
    }
    return undefined;
  }
  const typed = options.comparer
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const digits = entry.replace(/\s/g, '');
      return SIRET.test(digits) ? digits : entry;
    });
  const suppliers = [...new Set(typed)];
  if (suppliers.length < MIN_COMPARED || suppliers.length > MAX_COMPARED) {
    throw new UserError(
      `Option --comparer : « ${options.comparer} » donne ${suppliers.length} ` +
        `fournisseur(s) ; comparez-en de ${MIN_COMPARED} à ${MAX_COMPARED}, séparés ` +
        'par des virgules (SIRET ou identifiant du catalogue).',
    );
  }
  return suppliers;
}

/**
 * The catalogue id of a supplier given by SIRET or by id. The catalogue merges
 * records that share a SIRET, so several suppliers for one is a corrupt
 * database: refused, naming them, rather than one picked at random.
 */
export function comparedSupplierId(
  typed: string,
  services: Pick<Services, 'suppliersBySiret'>,
): string {
  if (!SIRET.test(typed)) return typed;
  const found = services.suppliersBySiret(typed);
  if (found.length === 1) return (found[0] as Supplier).id;
  if (found.length === 0) {
    const problem = siretProblem(typed);
    throw new UserError(
      `Option --comparer : aucun fournisseur du catalogue n’a le SIRET « ${typed} »` +
        (problem === null ? '.' : ` (${problem} : vérifiez-le).`),
    );
  }
  const records = found.map((s) => `« ${s.id} » (${s.name}, ${s.address.city})`);
  throw new UserError(
    `Option --comparer : le SIRET « ${typed} » désigne ${found.length} fiches du ` +
      `catalogue : ${records.join(', ')}. Donnez l’identifiant de celle à comparer.`,
  );
}

/**
 * The comparison of --comparer and --site, checked on the catalogue: a site
 * that does not resolve leaves it without distances, with a warning on stderr.
 */
async function comparisonRequest(
  services: Services,
  typed: readonly string[],
  options: ReportCommandOptions,
  io: CliOutput,
): Promise<ComparisonRequest> {
  const request: ComparisonRequest = {
    supplierIds: typed.map((entry) => comparedSupplierId(entry, services)),
    ...(options.site !== undefined ? { site: options.site } : {}),
  };
  const comparison = await services['compare:suppliers'](request).catch(
    (error: unknown) => {
      if (!(error instanceof UserError)) throw error;
      throw new UserError(`Option --comparer : ${error.message}`);
    },
  );
  if (comparison.siteNote !== null) {
    const candidates = comparison.siteCandidates.map((place) => place.label);
    io.err(
      `Option --site : ${comparison.siteNote}` +
        (candidates.length > 0 ? ` Communes possibles : ${candidates.join(', ')}.` : ''),
    );
    io.err('La feuille « Comparaison » est écrite sans distances.');
  }
  return request;
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
  const compared = comparedSuppliers(options);
  if (compared === undefined && sheets?.includes('comparaison')) {
    throw new UserError(
      'La feuille « Comparaison » compare les fournisseurs que vous choisissez : ' +
        'donnez-en de 2 à 5 avec --comparer <SIRET,SIRET,…>.',
    );
  }
  let comparison: ComparisonRequest | undefined;
  const matched = await matchPlanFile(planPath, options, io, async (services) => {
    if (compared) comparison = await comparisonRequest(services, compared, options, io);
  });
  const { services, imported, match } = matched;
  try {
    await services['report:start']({
      plan: imported.plan,
      match,
      issues: imported.issues,
      rowsRead: imported.rowsRead,
      format,
      ...(sheets ? { sheets } : {}),
      ...(comparison ? { comparison } : {}),
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
        'allocation, fournisseurs, comparaison (avec --comparer), procedures, ' +
        'lignes-ecartees, methode ' +
        '(par défaut : toutes celles qui ont des données)',
    )
    .option('--feuille <nom>', 'la feuille d’un fichier .csv (par défaut : besoins)')
    .option('--organisme <nom>', 'organisme acheteur, écrit dans la synthèse')
    .option(
      '--comparer <fournisseurs>',
      'feuille « Comparaison » : 2 à 5 fournisseurs séparés par des virgules, ' +
        'par SIRET (14 chiffres) ou identifiant du catalogue',
    )
    .option(
      '--site <lieu>',
      'lieu d’où la comparaison mesure les distances : commune, code postal…',
    );
  addMatchOptions(command).action((plan: string, options: ReportCommandOptions) =>
    runReportCommand(plan, options, io),
  );
}
