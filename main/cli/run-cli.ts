/** The command line: `passerelle match …` and `passerelle places …`, in French. */
import { Command, CommanderError } from 'commander';
import packageJson from '../../package.json';
import { UNEXPECTED_ERROR_MESSAGE, UserError } from '../services/user-error';
import { registerCatalogueCommand } from './catalogue-command';
import { registerFeedCommand } from './feed-command';
import {
  addMatchOptions,
  runMatchCommand,
  type CliOutput,
  type MatchCommandOptions,
} from './match-command';
import { runPlacesCommand } from './places-command';
import { registerReportCommand } from './report-command';

const COMMANDER_MESSAGES: [RegExp, string][] = [
  [/missing required argument '(.+)'/, 'argument obligatoire manquant : $1'],
  [/unknown option '(.+)'/, 'option inconnue : $1'],
  [/unknown command '(.+)'/, 'commande inconnue : $1'],
  [/option '(.+)' argument missing/, 'valeur manquante pour l’option $1'],
  [/too many arguments.*/, 'trop d’arguments'],
];

/** Commander's English errors, in French. */
function frenchCommanderError(text: string): string {
  for (const [pattern, french] of COMMANDER_MESSAGES) {
    if (pattern.test(text))
      return `Erreur : ${text.match(pattern)?.[0].replace(pattern, french)}\n`;
  }
  return text;
}

const HELP_TITLES: Record<string, string> = {
  'Usage:': 'Utilisation :',
  'Options:': 'Options :',
  'Commands:': 'Commandes :',
  'Arguments:': 'Arguments :',
  'Global Options:': 'Options générales :',
};

function buildProgram(io: CliOutput): Command {
  const program = new Command('passerelle')
    .description(
      'Passerelle : rapprocher un plan d’achats des fournisseurs responsables.',
    )
    .usage('[options] [commande]')
    .version(packageJson.version, '-V, --version', 'affiche la version de Passerelle')
    .helpOption('-h, --help', 'affiche l’aide')
    .helpCommand('help [commande]', 'affiche l’aide d’une commande')
    .showHelpAfterError('(passerelle --help pour l’aide)')
    .exitOverride()
    .configureHelp({
      styleTitle: (title) => HELP_TITLES[title] ?? title,
      optionDescription: (option) =>
        option.defaultValue === undefined
          ? option.description
          : `${option.description} (par défaut : ${String(option.defaultValue)})`,
    })
    .configureOutput({
      writeOut: (text) => io.out(text.trimEnd()),
      writeErr: (text) => io.err(frenchCommanderError(text).trimEnd()),
    });
  const matchCommand = program
    .command('match')
    .description(
      'rapproche un plan d’achats (.xlsx ou .csv) du catalogue et écrit le rapport Excel',
    )
    .argument('<plan>', 'plan d’achats (.xlsx ou .csv)')
    .option('-o, --output <rapport.xlsx>', 'fichier du rapport de sourcing à écrire');
  addMatchOptions(matchCommand).action((plan: string, options: MatchCommandOptions) =>
    runMatchCommand(plan, options, io),
  );
  program
    .command('places')
    .description(
      'montre comment Passerelle comprend un lieu (commune, code postal, coordonnées)',
    )
    .argument('<lieu...>', 'lieu à résoudre')
    .action((words: string[]) => runPlacesCommand(words.join(' '), io));
  registerReportCommand(program, io);
  registerCatalogueCommand(program, io);
  registerFeedCommand(program, io);
  return program;
}

/** Runs the CLI on `argv` (without node and script); returns the exit code. */
export async function runCli(argv: readonly string[], io: CliOutput): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed.
      return error.exitCode === 0 ? 0 : 1;
    }
    if (error instanceof UserError) {
      for (const issue of error.issues) io.err(`  - ${issue.message}`);
      io.err(error.message);
      return 1;
    }
    console.error('[cli]', error);
    io.err(UNEXPECTED_ERROR_MESSAGE);
    return 1;
  }
}
