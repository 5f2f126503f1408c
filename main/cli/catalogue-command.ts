/**
 * `passerelle catalogue export|import|keygen|trust|untrust|keys|require-signature`:
 * catalogue files for rooms without network, and the keys that sign them.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Catalogue } from '../../shared/model';
import { formatFrenchNumber } from '../../shared/plan/parse-french-number';
import { openDatabase } from '../services/database/open-database';
import { loadResources } from '../services/load-resources';
import { openCatalogue } from '../services/open-catalogue';
import {
  DATABASE_FILE_NAME,
  resourcesDir,
  userDataDir,
} from '../services/resource-paths';
import { importCatalogueFile } from '../services/sync/apply-catalogue-file';
import {
  CATALOGUE_FILE_EXTENSION,
  writeCatalogueFile,
  type SignatureCheck,
} from '../services/sync/catalogue-file';
import {
  generateSigningKeyPair,
  readPublicKeyFile,
  readSigningKeyFile,
} from '../services/sync/catalogue-signing';
import { readLocalCatalogue } from '../services/sync/local-catalogue';
import {
  readSignatureSettings,
  setSignatureRequired,
  trustKey,
  untrustKey,
} from '../services/sync/trusted-keys';
import { readCatalogueFile } from '../services/sync/verify-catalogue-file';
import { UserError } from '../services/user-error';
import type { CliOutput } from './match-command';
import { registerSyncCommands } from './sync-command';

interface ExportOptions {
  output?: string;
  force?: boolean;
  editeur?: string;
  cle?: string;
}

/** Publisher named in a file's manifest when --editeur is not given. */
const DEFAULT_PUBLISHER = 'Poste Passerelle';

function databasePath(): string {
  return join(userDataDir(), DATABASE_FILE_NAME);
}

/**
 * The catalogue the buyer has: the database's merged catalogue when the
 * database exists and holds suppliers, else the embedded one. Never writes.
 */
async function localCatalogue(now: Date): Promise<Catalogue> {
  const path = databasePath();
  if (existsSync(path) || existsSync(`${path}.bak`)) {
    const handle = await openDatabase(path);
    try {
      const catalogue = readLocalCatalogue(handle.db, now);
      if (catalogue.suppliers.length > 0) return catalogue;
    } finally {
      handle.close();
    }
  }
  return (await loadResources(resourcesDir())).catalogue;
}

function checkExportPath(raw: string | undefined, force: boolean): string {
  if (!raw) {
    throw new UserError(
      `Indiquez le fichier à écrire avec -o <fichier${CATALOGUE_FILE_EXTENSION}>.`,
    );
  }
  const output = resolve(raw);
  if (!output.toLowerCase().endsWith(CATALOGUE_FILE_EXTENSION)) {
    throw new UserError(
      `Le fichier catalogue « ${raw} » doit porter l’extension ${CATALOGUE_FILE_EXTENSION}.`,
    );
  }
  if (!existsSync(dirname(output))) {
    throw new UserError(`Le dossier « ${dirname(output)} » n’existe pas.`);
  }
  if (existsSync(output) && !force) {
    throw new UserError(
      `Le fichier « ${basename(output)} » existe déjà : ajoutez --force pour le remplacer.`,
    );
  }
  return output;
}

async function runExport(options: ExportOptions, io: CliOutput): Promise<void> {
  const output = checkExportPath(options.output, options.force ?? false);
  const signingKey = options.cle ? readSigningKeyFile(options.cle) : undefined;
  const now = new Date();
  const catalogue = await localCatalogue(now);
  const manifest = await writeCatalogueFile(output, catalogue, {
    publisher: options.editeur ?? DEFAULT_PUBLISHER,
    now,
    ...(signingKey ? { signingKey } : {}),
  });
  const signed = manifest.signature
    ? `signé par la clé ${manifest.signature.keyId}`
    : 'non signé';
  io.out(
    `Fichier catalogue écrit : ${output} (${formatFrenchNumber(manifest.supplierCount)} ` +
      `fournisseur(s), version ${manifest.catalogueVersion}, ${signed}).`,
  );
}

function describeSignature(check: SignatureCheck): string {
  if (check.status === 'trusted') {
    return `signature vérifiée de « ${check.signerName} » (clé ${check.keyId})`;
  }
  if (check.status === 'untrusted')
    return `signé par une clé non approuvée (${check.keyId})`;
  return 'non signé';
}

async function runImport(file: string, io: CliOutput): Promise<void> {
  const dataDir = userDataDir();
  const resources = await loadResources(resourcesDir());
  const verified = await readCatalogueFile(file, {
    settings: readSignatureSettings(dataDir),
    resourcesDir: resources.dir,
  });
  for (const warning of verified.warnings) io.err(`Attention. ${warning}`);

  // Every check passed: only now is the database opened and changed.
  const now = new Date();
  const opened = await openCatalogue(databasePath(), resources.catalogue, now);
  try {
    const { applied: result } = await importCatalogueFile(opened.handle, verified, {
      startedAt: now.toISOString(),
      now: () => new Date(),
      bytes: statSync(file).size,
      shownName: basename(file),
    });
    opened.handle.save();
    io.out(
      `Catalogue importé depuis « ${verified.fileName} » ` +
        `(${describeSignature(verified.signature)}) : ` +
        `${formatFrenchNumber(result.added)} ajouté(s), ` +
        `${formatFrenchNumber(result.changed)} modifié(s), ` +
        `${formatFrenchNumber(result.removed)} retiré(s) ; le catalogue local compte ` +
        `${formatFrenchNumber(result.supplierCount)} fournisseur(s).`,
    );
  } finally {
    opened.handle.close();
  }
}

function runKeygen(options: { output?: string }, io: CliOutput): void {
  if (!options.output) {
    throw new UserError('Indiquez le dossier où écrire les clés avec -o <dossier>.');
  }
  const folder = resolve(options.output);
  if (existsSync(folder) && !statSync(folder).isDirectory()) {
    throw new UserError(`« ${options.output} » existe et n’est pas un dossier.`);
  }
  mkdirSync(folder, { recursive: true });
  const pair = generateSigningKeyPair();
  const privatePath = join(folder, `cle-privee-${pair.keyId}.pem`);
  const publicPath = join(folder, `cle-publique-${pair.keyId}.pem`);
  try {
    // 'wx': never replace an existing key; 0600: the private key is the publisher's secret.
    writeFileSync(privatePath, pair.privateKeyPem, { flag: 'wx', mode: 0o600 });
    writeFileSync(publicPath, pair.publicKeyPem, { flag: 'wx', mode: 0o644 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'erreur inconnue';
    throw new UserError(`Impossible d’écrire les clés dans « ${folder} » (${code}).`);
  }
  io.out(`Clé de signature créée : identifiant ${pair.keyId}.`);
  io.out(`  Clé privée, à garder secrète : ${privatePath}`);
  io.out(`  Clé publique, à remettre aux acheteurs : ${publicPath}`);
}

function runTrust(file: string, options: { nom?: string }, io: CliOutput): void {
  const key = readPublicKeyFile(file);
  const entry = trustKey(
    userDataDir(),
    { name: options.nom ?? `Clé ${key.keyId}`, publicKey: key.publicKey },
    new Date(),
  );
  io.out(`Clé ${entry.keyId} (« ${entry.name} ») ajoutée à vos clés de confiance.`);
}

function runUntrust(keyId: string, io: CliOutput): void {
  const removed = untrustKey(userDataDir(), keyId);
  if (!removed) {
    throw new UserError(`Aucune clé de confiance n’a l’identifiant « ${keyId} ».`);
  }
  io.out(`Clé ${removed.keyId} (« ${removed.name} ») retirée de vos clés de confiance.`);
}

function runKeys(io: CliOutput): void {
  const settings = readSignatureSettings(userDataDir());
  io.out(
    `Signature exigée à l’import d’un fichier catalogue : ` +
      `${settings.requireSignature ? 'oui' : 'non'}.`,
  );
  if (settings.trustedKeys.length === 0) {
    io.out('Aucune clé de confiance.');
    return;
  }
  io.out(`Clés de confiance (${settings.trustedKeys.length}) :`);
  for (const key of settings.trustedKeys) {
    const added = key.addedAt
      ? `, ajoutée le ${new Date(key.addedAt).toLocaleDateString('fr-FR')}`
      : '';
    io.out(`  - ${key.keyId} : ${key.name}${added}`);
  }
}

function runRequireSignature(answer: string, io: CliOutput): void {
  const value = answer.trim().toLowerCase();
  if (value !== 'oui' && value !== 'non') {
    throw new UserError(`Répondez « oui » ou « non » (et non « ${answer} »).`);
  }
  setSignatureRequired(userDataDir(), value === 'oui');
  io.out(
    value === 'oui'
      ? 'Les fichiers catalogue devront désormais être signés par une clé de confiance.'
      : 'Les fichiers catalogue non signés seront acceptés, avec un avertissement.',
  );
}

/** Adds `catalogue` and its subcommands to `program`. */
export function registerCatalogueCommand(program: Command, io: CliOutput): void {
  const catalogue = program
    .command('catalogue')
    .usage('[options] [commande]')
    .description(
      'sources et synchronisation du catalogue, fichiers .passerelle pour travailler sans réseau',
    );
  catalogue
    .command('export')
    .description('écrit le catalogue local dans un fichier .passerelle compressé')
    .option('-o, --output <fichier.passerelle>', 'fichier catalogue à écrire')
    .option('-f, --force', 'remplace le fichier s’il existe déjà')
    .option('--editeur <nom>', 'éditeur nommé dans le manifeste', DEFAULT_PUBLISHER)
    .option('--cle <cle-privee.pem>', 'signe le fichier avec cette clé privée Ed25519')
    .action((options: ExportOptions) => runExport(options, io));
  catalogue
    .command('import')
    .description('vérifie un fichier .passerelle puis l’ajoute au catalogue local')
    .argument('<fichier>', 'fichier catalogue .passerelle')
    .action((file: string) => runImport(file, io));
  catalogue
    .command('keygen')
    .description('crée une paire de clés Ed25519 pour signer des fichiers catalogue')
    .option('-o, --output <dossier>', 'dossier où écrire les deux clés')
    .action((options: { output?: string }) => runKeygen(options, io));
  catalogue
    .command('trust')
    .description('ajoute la clé publique d’un éditeur à vos clés de confiance')
    .argument('<cle-publique>', 'fichier cle-publique-….pem de l’éditeur')
    .option('--nom <nom>', 'nom de l’éditeur, affiché à l’import')
    .action((file: string, options: { nom?: string }) => runTrust(file, options, io));
  catalogue
    .command('untrust')
    .description('retire une clé de vos clés de confiance')
    .argument('<identifiant>', 'identifiant de la clé (16 caractères hexadécimaux)')
    .action((keyId: string) => runUntrust(keyId, io));
  catalogue
    .command('keys')
    .description('liste vos clés de confiance et dit si la signature est exigée')
    .action(() => runKeys(io));
  catalogue
    .command('require-signature')
    .description('exige (oui) ou non une signature de confiance à l’import')
    .argument('<oui|non>', 'oui ou non')
    .action((answer: string) => runRequireSignature(answer, io));
  registerSyncCommands(catalogue, io);
}
