/** `passerelle match`: plan file in, sourcing report out. */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Catalogue, ImportIssue } from '../../shared/model';
import { createServices, DEFAULT_MAX_DISTANCE_KM } from '../services/create-services';
import { atomicWriteFile } from '../services/database/atomic-write-file';
import { readPlanPath } from '../services/plan-files/read-plan-file';
import { validateCatalogue } from '../services/database/validate-catalogue';
import { resourcesDir } from '../services/resource-paths';
import { UserError } from '../services/user-error';

export interface MatchCommandOptions {
  output?: string;
  catalogue?: string;
  top?: string;
  distanceMax?: string;
}

/** Where the command writes: messages to stdout and warnings/errors to stderr. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

function positiveNumber(
  raw: string | undefined,
  option: string,
  fallback: number,
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(',', '.'));
  if (!Number.isFinite(value) || value <= 0) {
    throw new UserError(`Option ${option} : « ${raw} » n’est pas un nombre positif.`);
  }
  return value;
}

/** « Ligne 7, colonne « Lieu » (valeur « Lile ») : message ». */
export function formatIssue(issue: ImportIssue): string {
  const where = issue.row > 0 ? `Ligne ${issue.row}` : `Fichier « ${issue.file} »`;
  const column = issue.column ? `, colonne « ${issue.column} »` : '';
  const value = issue.value ? ` (valeur « ${issue.value} »)` : '';
  return `${where}${column}${value} : ${issue.message}`;
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
  if (!output.toLowerCase().endsWith('.xlsx')) {
    throw new UserError(
      `Le rapport « ${options.output} » doit porter l’extension .xlsx.`,
    );
  }
  if (!existsSync(dirname(output))) {
    throw new UserError(`Le dossier « ${dirname(output)} » du rapport n’existe pas.`);
  }
  const topN = Math.round(positiveNumber(options.top, '--top', 10));
  const maxKm = positiveNumber(
    options.distanceMax,
    '--distance-max',
    DEFAULT_MAX_DISTANCE_KM,
  );
  if (existsSync(planPath) && !statSync(planPath).isFile()) {
    throw new UserError(`« ${planPath} » n’est pas un fichier.`);
  }
  // Read the plan first: a bad file fails fast, before the catalogue is loaded.
  const sheet = await readPlanPath(planPath);
  const catalogue = options.catalogue
    ? await readCatalogueOption(options.catalogue)
    : undefined;

  const services = await createServices({
    databasePath: null,
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
    const report = await services['report:build']({ plan: imported.plan, match });
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
