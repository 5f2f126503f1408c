/** `passerelle match`: plan file in, sourcing report out. */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Catalogue, ImportIssue } from '../../shared/model';
import { DEFAULT_MATCH_OPTIONS } from '../../shared/matching/match-plan';
import { createServices, DEFAULT_MAX_DISTANCE_KM } from '../services/create-services';
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

export interface MatchCommandOptions {
  output?: string;
  /** Replace an existing report file. */
  force?: boolean;
  catalogue?: string;
  /** The local database (embedded catalogue and synced sources) instead of the embedded one alone. */
  local?: boolean;
  top?: string;
  distanceMax?: string;
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

function writeReport(path: string, bytes: Buffer): void {
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
  options: MatchCommandOptions,
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

/** Runs the match command; throws UserError on bad input. */
export async function runMatchCommand(
  planPath: string,
  options: MatchCommandOptions,
  io: CliOutput,
): Promise<void> {
  if (!options.output) {
    throw new UserError(
      'Indiquez le fichier du rapport à écrire avec -o <rapport.xlsx>.',
    );
  }
  const output = resolve(options.output);
  checkOutputPath(planPath, output, options);
  if (!output.toLowerCase().endsWith('.xlsx')) {
    throw new UserError(
      `Le rapport « ${options.output} » doit porter l’extension .xlsx.`,
    );
  }
  if (!existsSync(dirname(output))) {
    throw new UserError(`Le dossier « ${dirname(output)} » du rapport n’existe pas.`);
  }
  const topN = topOption(options.top);
  const maxKm = distanceOption(options.distanceMax);
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
    const imported = services.importSheet(sheet);
    for (const issue of imported.issues) io.err(formatIssue(issue));
    const needs = imported.plan.needs;
    if (needs.length === 0) {
      throw new UserError(
        `Aucun besoin valide dans « ${basename(planPath)} » ` +
          `(${imported.rowsRead} ligne(s) lue(s)) : corrigez les erreurs ci-dessus.`,
      );
    }
    const match = await services['match:run']({
      plan: imported.plan,
      options: { topN, defaultMaxDistanceKm: maxKm },
    });
    const report = await services['report:build']({
      plan: imported.plan,
      match,
      issues: imported.issues,
      rowsRead: imported.rowsRead,
    });
    writeReport(output, Buffer.from(report.base64, 'base64'));

    const withCandidates = match.needs.filter((n) => n.candidates.length > 0).length;
    io.out(
      `${needs.length} besoin(s) rapproché(s) : ${withCandidates} avec au moins un ` +
        `fournisseur, ${needs.length - withCandidates} sans fournisseur.`,
    );
    if (imported.issues.length > 0) {
      io.out(`${imported.issues.length} remarque(s) sur le plan (voir ci-dessus).`);
    }
    io.out(`Rapport écrit : ${output}`);
  } finally {
    services.close();
  }
}
