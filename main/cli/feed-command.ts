/** `passerelle feed build`: a suppliers file in, a feed folder for a static web server out. */
import { basename } from 'node:path';
import type { Command } from 'commander';
import { formatFrenchNumber } from '../../shared/plan/parse-french-number';
import { buildFeed, type BuildFeedResult } from '../services/feed/build-feed';
import { UserError } from '../services/user-error';
import { formatIssue, type CliOutput } from './match-command';

export interface FeedBuildCommandOptions {
  output?: string;
  title?: string;
  source?: string;
  licence?: string;
}

const count = (n: number): string => formatFrenchNumber(n, 0);

function report(result: BuildFeedResult, folder: string, io: CliOutput): void {
  const { index, changes } = result;
  if (result.status === 'unchanged') {
    io.out(
      `Le flux de « ${folder} » a déjà ces fournisseurs (curseur ${index.cursor}) : ` +
        'aucun nouvel instantané n’est publié.',
    );
    return;
  }
  io.out(
    `Flux écrit dans « ${folder} » : n° ${index.sequence}, curseur ${index.cursor}, ` +
      `${count(index.supplierCount)} fournisseur(s) (${index.snapshot.path}).`,
  );
  if (changes) {
    io.out(
      `Changements depuis le n° ${changes.sequence - 1} (${changes.path}) : ` +
        `${count(result.added)} ajouté(s), ${count(result.changed)} modifié(s), ` +
        `${count(result.removed)} supprimé(s).`,
    );
  }
}

/** Runs `feed build`; throws UserError on bad input (the CLI exits 1 with its message). */
export async function runFeedBuildCommand(
  input: string,
  options: FeedBuildCommandOptions,
  io: CliOutput,
): Promise<void> {
  if (!options.output) {
    throw new UserError('Indiquez le dossier où écrire le flux avec -o <dossier>.');
  }
  let result: BuildFeedResult;
  try {
    result = await buildFeed({
      input,
      outputDir: options.output,
      ...(options.title === undefined ? {} : { title: options.title }),
      ...(options.source === undefined ? {} : { dataset: options.source }),
      ...(options.licence === undefined ? {} : { licence: options.licence }),
    });
  } catch (error) {
    // Rows left out are listed with their file, row, column and value.
    if (!(error instanceof UserError) || error.issues.length === 0) throw error;
    for (const issue of error.issues) io.err(formatIssue(issue));
    throw new UserError(error.message);
  }
  for (const issue of result.issues) io.err(formatIssue(issue));
  report(result, options.output, io);
  // Warnings (a courriel left out) keep their supplier: only errors leave one out.
  const left = result.issues.filter((issue) => issue.severity !== 'warning').length;
  if (left > 0) {
    io.out(
      `${count(left)} fournisseur(s) sur ${count(result.recordsRead)} ` +
        `écarté(s) de « ${basename(input)} » (voir ci-dessus) : corrigez-les puis ` +
        'relancez la publication.',
    );
  }
}

/** Adds `feed build` to the program. */
export function registerFeedCommand(program: Command, io: CliOutput): void {
  const feed = program
    .command('feed')
    .usage('[options] [commande]')
    .description('publie le catalogue sous forme de flux pour un serveur web statique');
  feed
    .command('build')
    .description(
      'écrit un instantané, les changements depuis la publication précédente et feed.json',
    )
    .argument(
      '<fournisseurs>',
      'fournisseurs : catalogue ou liste .json, tableau .xlsx ou .csv',
    )
    .option('-o, --output <dossier>', 'dossier du flux (créé au besoin)')
    .option('--titre <nom>', 'nom du flux que verront les acheteurs')
    .option('--source <nom>', 'jeu de données cité par les fournisseurs d’un tableau')
    .option('--licence <texte>', 'licence citée par les fournisseurs d’un tableau')
    .action((input: string, options: FeedBuildCommandOptions & { titre?: string }) =>
      runFeedBuildCommand(input, { ...options, title: options.titre }, io),
    );
}
