/** `passerelle match`: plan file in, sourcing report out. */
import type { Command } from 'commander';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { NeedAllocation } from '../../shared/allocation/allocation-types';
import type { BuyerKind } from '../../shared/law/procedure-types';
import type {
  Catalogue,
  ImportIssue,
  MatchResult,
  PlanImportResult,
  ScoreWeights,
} from '../../shared/model';
import { DEFAULT_MATCH_OPTIONS } from '../../shared/matching/match-plan';
import {
  createServices,
  DEFAULT_MAX_DISTANCE_KM,
  type Services,
} from '../services/create-services';
import { atomicWriteFile } from '../services/database/atomic-write-file';
import { readPlanPath } from '../services/plan-files/read-plan-file';
import { validateCatalogue } from '../services/database/validate-catalogue';
import {
  DATABASE_FILE_NAME,
  resourcesDir,
  userDataDir,
} from '../services/resource-paths';
import { UserError } from '../services/user-error';
import { MAX_DISTANCE_KM, MAX_TOP_N } from '../services/validate-match-request';

export interface MatchCommandOptions extends ReportFileOptions {
  catalogue?: string;
  /** The local database (embedded catalogue and synced sources) instead of the embedded one alone. */
  local?: boolean;
  top?: string;
  distanceMax?: string;
  facteurRoute?: string;
  acheteur?: string;
  ponderations?: string;
}

/** The catalogue and matching options `match` and `report` share, with -f. */
export function addMatchOptions(command: Command): Command {
  return command
    .option(
      '--catalogue <fichier.json>',
      'catalogue à utiliser à la place du catalogue intégré',
    )
    .option(
      '-l, --local',
      'catalogue local : l’intégré et les sources synchronisées (catalogue sync)',
    )
    .option('-f, --force', 'remplace le fichier du rapport s’il existe déjà')
    .option('--top <n>', 'nombre de fournisseurs au plus par besoin', '10')
    .option('--distance-max <km>', 'distance maximale par défaut (km)', '50')
    .option(
      '--facteur-route <n>',
      'distance routière estimée = vol d’oiseau × n (de 1 à 3, par exemple 1,3)',
    )
    .option(
      '--acheteur <type>',
      'seuils de procédure : « collectivite » (par défaut) ou « etat »',
    )
    .option(
      '--ponderations <s/l/d/c>',
      'points du secteur, des labels, de la distance et de la capacité (par défaut 40/20/30/10)',
    );
}

/** Where the command writes: messages to stdout and warnings/errors to stderr. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

/** A number typed on the command line, decimal comma or point. */
function optionNumber(raw: string, option: string): number {
  const text = raw.trim().replace(',', '.');
  const value = text === '' ? NaN : Number(text);
  if (!Number.isFinite(value)) {
    throw new UserError(`Option ${option} : « ${raw} » n’est pas un nombre.`);
  }
  return value;
}

/** --top: an integer from 1 to 100 (2.5 is refused, not rounded). */
function topOption(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_MATCH_OPTIONS.topN;
  const value = optionNumber(raw, '--top');
  if (!Number.isInteger(value) || value < 1 || value > MAX_TOP_N) {
    throw new UserError(
      `Option --top : « ${raw} » doit être un nombre entier entre 1 et ${MAX_TOP_N}.`,
    );
  }
  return value;
}

/** --distance-max: km above 0 and at most 1000. */
function distanceOption(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_MAX_DISTANCE_KM;
  const value = optionNumber(raw, '--distance-max');
  if (value <= 0 || value > MAX_DISTANCE_KM) {
    throw new UserError(
      `Option --distance-max : « ${raw} » doit être une distance en km ` +
        `supérieure à 0 et d’au plus ${MAX_DISTANCE_KM}.`,
    );
  }
  return value;
}

/** --facteur-route: from 1 to 3, decimal comma or point. */
function roadFactorOption(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = optionNumber(raw, '--facteur-route');
  if (value < 1 || value > 3) {
    throw new UserError(
      `Option --facteur-route : « ${raw} » doit être un nombre de 1 à 3.`,
    );
  }
  return value;
}

/** --acheteur: whose thresholds apply. */
function buyerKindOption(raw: string | undefined): BuyerKind | undefined {
  if (raw === undefined) return undefined;
  const folded = raw.trim().toLowerCase().replace('é', 'e');
  if (folded === 'etat' || folded === 'collectivite') return folded;
  throw new UserError(
    `Option --acheteur : « ${raw} » n’est pas reconnu : choisissez « collectivite » ou « etat ».`,
  );
}

/** --ponderations 40/20/30/10: sector, labels, distance, capacity points. */
function weightsOption(raw: string | undefined): ScoreWeights | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split('/');
  const values = parts.map((part) => Number(part.trim().replace(',', '.')));
  if (
    parts.length !== 4 ||
    parts.some((part) => !/^\s*\d+([.,]\d+)?\s*$/.test(part)) ||
    values.some((v) => v > 100)
  ) {
    throw new UserError(
      `Option --ponderations : « ${raw} » doit donner quatre nombres de 0 à 100 séparés ` +
        'par « / » (secteur/labels/distance/capacité), par exemple 40/20/30/10.',
    );
  }
  if (values.every((v) => v === 0)) {
    throw new UserError(
      `Option --ponderations : « ${raw} » : au moins une pondération doit être supérieure à 0.`,
    );
  }
  const [sector = 0, labels = 0, distance = 0, capacity = 0] = values;
  return { sector, labels, distance, capacity };
}

/** A share as the summary prints it: one decimal, always (« 75,0 % »). */
const PERCENT = new Intl.NumberFormat('fr-FR', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** The lines printed after a match: responsible suppliers in range, allocation. */
export function analysisLines(match: MatchResult): string[] {
  const share = (value: number): string => `${PERCENT.format(value * 100)} %`;
  const lines: string[] = [];
  const indicators = match.indicators;
  if (indicators) {
    const any = indicators.anyResponsible;
    lines.push(
      `${any.needs} besoin(s) sur ${indicators.needCount} (${share(any.needShare)}) ont au ` +
        'moins un fournisseur responsable dans leur rayon' +
        (any.budgetShare === null
          ? '.'
          : `, soit ${share(any.budgetShare)} du budget connu.`),
    );
  }
  const allocation = match.allocation;
  if (allocation) {
    const counted = allocation.needs.filter((n) => n.demand !== null && n.demand > 0);
    if (counted.length === 0) {
      lines.push('Affectation : aucun besoin n’a de quantité, il n’y a rien à répartir.');
    } else {
      const mean = (pick: (n: NeedAllocation) => number): number =>
        counted.reduce((sum, n) => sum + Math.min(1, pick(n) / (n.demand ?? 1)), 0) /
        counted.length;
      lines.push(
        `Affectation de ${counted.length} besoin(s) avec quantité : ` +
          `${share(mean((n) => n.allocated))} des volumes couverts, dont ` +
          `${share(mean((n) => n.responsibleAllocated))} par des fournisseurs responsables.`,
      );
    }
  }
  return lines;
}

/** « Ligne 4, colonne « X » : » that shared messages start with, for the UI. */
const ISSUE_PREFIX = /^Ligne \d+(, colonne « [^»]* »)? : /;

/**
 * One line per issue, with its place once:
 * « harnes.csv, ligne 4, colonne « Quantité », valeur « douze » : message ».
 */
export function formatIssue(issue: ImportIssue): string {
  const parts = [basename(issue.file)];
  if (issue.row > 0) parts.push(`ligne ${issue.row}`);
  if (issue.column) parts.push(`colonne « ${issue.column} »`);
  if (issue.value && issue.value !== issue.column)
    parts.push(`valeur « ${issue.value} »`);
  return `${parts.join(', ')} : ${issue.message.replace(ISSUE_PREFIX, '')}`;
}

async function readCatalogueOption(path: string): Promise<Catalogue> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UserError(`Le catalogue « ${path} » est introuvable ou illisible.`);
  }
  return validateCatalogue(text, path, resourcesDir());
}

/** Writes the report whole under a temporary name, then renames it: never half a file. */
export function writeReport(path: string, bytes: Buffer): void {
  try {
    atomicWriteFile(path, bytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'erreur inconnue';
    throw new UserError(`Impossible d’écrire le rapport « ${path} » (${code}).`);
  }
}

/** The same file on disk: same path once links are resolved, or same inode. */
function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    if (realpathSync(a) === realpathSync(b)) return true;
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.ino !== 0 && sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/** The report must not overwrite the plan, nor an existing file without --force. */
function checkOutputPath(
  planPath: string,
  output: string,
  options: ReportFileOptions,
): void {
  const shownName = basename(options.output ?? output);
  if (sameFile(planPath, output)) {
    throw new UserError(
      `Le rapport « ${shownName} » serait écrit à la place du plan d’achats lu : ` +
        'choisissez un autre nom de fichier avec -o.',
    );
  }
  if (existsSync(output) && statSync(output).isFile() && !options.force) {
    throw new UserError(
      `Le fichier « ${shownName} » existe déjà : ajoutez --force pour le remplacer.`,
    );
  }
}

/** Where a report goes: -o and -f of `match` and `report`. */
export interface ReportFileOptions {
  output?: string;
  force?: boolean;
}

/**
 * The report file of a command, checked before any work: given, not the plan,
 * not an existing file without --force, one of `extensions`, in a folder that
 * exists. Answers its absolute path.
 */
export function checkReportFile(
  planPath: string,
  options: ReportFileOptions,
  extensions: readonly string[],
): string {
  if (!options.output) {
    throw new UserError(
      `Indiquez le fichier du rapport à écrire avec -o <rapport${extensions[0]}>.`,
    );
  }
  const output = resolve(options.output);
  checkOutputPath(planPath, output, options);
  if (!extensions.some((extension) => output.toLowerCase().endsWith(extension))) {
    throw new UserError(
      `Le rapport « ${options.output} » doit porter l’extension ` +
        `${extensions.join(' ou ')}.`,
    );
  }
  if (!existsSync(dirname(output))) {
    throw new UserError(`Le dossier « ${dirname(output)} » du rapport n’existe pas.`);
  }
  return output;
}

/** A plan file read and matched; the caller closes `services`. */
export interface MatchedPlan {
  services: Services;
  imported: PlanImportResult;
  match: MatchResult;
}

/**
 * Reads the plan file, opens the services on the chosen catalogue, prints the
 * plan's issues on stderr and runs the match with the command's options.
 * `checkOnCatalogue` checks other options against the catalogue first (an
 * unknown supplier fails before a long match).
 */
export async function matchPlanFile(
  planPath: string,
  options: MatchCommandOptions,
  io: CliOutput,
  checkOnCatalogue?: (services: Services) => Promise<void>,
): Promise<MatchedPlan> {
  const topN = topOption(options.top);
  const maxKm = distanceOption(options.distanceMax);
  const roadFactor = roadFactorOption(options.facteurRoute);
  const buyerKind = buyerKindOption(options.acheteur);
  const weights = weightsOption(options.ponderations);
  if (existsSync(planPath) && !statSync(planPath).isFile()) {
    throw new UserError(`« ${planPath} » n’est pas un fichier.`);
  }

  if (options.local && options.catalogue) {
    throw new UserError(
      'Choisissez entre --local (catalogue local synchronisé) et --catalogue <fichier>.',
    );
  }
  // Read the plan first: a bad file fails fast, before the catalogue is loaded.
  const sheet = await readPlanPath(planPath);
  const catalogue = options.catalogue
    ? await readCatalogueOption(options.catalogue)
    : undefined;

  const services = await createServices({
    // The embedded catalogue alone by default: the same report on every machine.
    databasePath: options.local ? join(userDataDir(), DATABASE_FILE_NAME) : null,
    defaultMaxDistanceKm: maxKm,
    ...(catalogue ? { catalogue } : {}),
  });
  try {
    await checkOnCatalogue?.(services);
    const imported = services.importSheet(sheet);
    for (const issue of imported.issues) io.err(formatIssue(issue));
    if (imported.plan.needs.length === 0) {
      throw new UserError(
        `Aucun besoin valide dans « ${basename(planPath)} » ` +
          `(${imported.rowsRead} ligne(s) lue(s)) : corrigez les erreurs ci-dessus.`,
      );
    }
    const match = await services['match:run']({
      plan: imported.plan,
      options: {
        topN,
        defaultMaxDistanceKm: maxKm,
        ...(roadFactor !== undefined ? { roadFactor } : {}),
        ...(buyerKind !== undefined ? { buyerKind } : {}),
        ...(weights !== undefined ? { weights } : {}),
      },
    });
    return { services, imported, match };
  } catch (error) {
    services.close();
    throw error;
  }
}

/** What `match` and `report` print once the plan is matched. */
export function printMatchSummary({ imported, match }: MatchedPlan, io: CliOutput): void {
  const needs = imported.plan.needs;
  const withCandidates = match.needs.filter((n) => n.candidates.length > 0).length;
  io.out(
    `${needs.length} besoin(s) rapproché(s) : ${withCandidates} avec au moins un ` +
      `fournisseur, ${needs.length - withCandidates} sans fournisseur.`,
  );
  for (const line of analysisLines(match)) io.out(line);
  if (imported.issues.length > 0) {
    io.out(`${imported.issues.length} remarque(s) sur le plan (voir ci-dessus).`);
  }
}

/** Runs the match command; throws UserError on bad input. */
export async function runMatchCommand(
  planPath: string,
  options: MatchCommandOptions,
  io: CliOutput,
): Promise<void> {
  const output = checkReportFile(planPath, options, ['.xlsx']);
  const matched = await matchPlanFile(planPath, options, io);
  const { services, imported, match } = matched;
  try {
    const report = await services['report:build']({
      plan: imported.plan,
      match,
      issues: imported.issues,
      rowsRead: imported.rowsRead,
    });
    writeReport(output, Buffer.from(report.base64, 'base64'));
    printMatchSummary(matched, io);
    io.out(`Rapport écrit : ${output}`);
  } finally {
    services.close();
  }
}
