/**
 * `passerelle catalogue sources|add-source|remove-source|sync|log`: the
 * buyer's catalogue sources and their syncs, from the command line.
 */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  SOURCE_KIND_NAMES,
  SYNC_STATUS_NAMES,
  type SourceConfig,
  type SourceStatus,
  type SpreadsheetColumns,
  type SyncLogEntry,
  type SyncProgress,
} from '../../shared/feed/sync-types';
import { formatFrenchNumber } from '../../shared/plan/parse-french-number';
import { createServices, type Services } from '../services/create-services';
import { DATABASE_FILE_NAME, userDataDir } from '../services/resource-paths';
import { formatFrenchBytes } from '../services/sync/http-errors';
import { UserError } from '../services/user-error';
import type { CliOutput } from './match-command';

interface AddSourceOptions {
  nom?: string;
  licence?: string;
  flux?: string;
  gogocarto?: string;
  api?: string;
  jeton?: string;
  tableur?: string;
  colonne?: string[];
}

const DEFAULT_LICENCE = 'Licence non précisée';

async function withServices<T>(work: (services: Services) => Promise<T>): Promise<T> {
  const services = await createServices({
    databasePath: join(userDataDir(), DATABASE_FILE_NAME),
  });
  try {
    return await work(services);
  } finally {
    services.close();
  }
}

function frenchDate(iso: string | null): string {
  if (!iso) return 'jamais';
  return new Date(iso).toLocaleString('fr-FR', {
    dateStyle: 'short',
    timeStyle: 'short',
  });
}

function sourceLine(s: SourceStatus): string {
  const where =
    'url' in s.config ? s.config.url : 'path' in s.config ? s.config.path : '';
  return (
    `${s.config.id}\t${SOURCE_KIND_NAMES[s.config.kind]}\t« ${s.config.name} »\t` +
    `${formatFrenchNumber(s.supplierCount)} fiche(s)\tdernière synchronisation : ` +
    `${frenchDate(s.lastSyncAt)}${s.lastStatus ? ` (${SYNC_STATUS_NAMES[s.lastStatus]})` : ''}` +
    `${s.config.enabled ? '' : '\tdésactivée'}${where ? `\t${where}` : ''}`
  );
}

function logLine(e: SyncLogEntry): string {
  return `${frenchDate(e.endedAt)}\t${e.sourceName}\t${SYNC_STATUS_NAMES[e.status]}\t${e.message}`;
}

/** "champ=En-tête" pairs into the spreadsheet's column mapping. */
function spreadsheetColumns(pairs: string[]): SpreadsheetColumns {
  const columns: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      throw new UserError(
        `Colonne « ${pair} » illisible : écrivez champ=En-tête, par exemple name=Raison sociale.`,
      );
    }
    columns[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  if (!columns['name']) {
    throw new UserError(
      'Indiquez au moins la colonne du nom : --colonne "name=Raison sociale".',
    );
  }
  return columns as unknown as SpreadsheetColumns;
}

/** The source described by the options; exactly one kind must be given. */
function sourceFromOptions(id: string, o: AddSourceOptions): SourceConfig {
  const kinds = [o.flux, o.gogocarto, o.api, o.tableur].filter((v) => v !== undefined);
  if (kinds.length !== 1) {
    throw new UserError(
      'Donnez une seule sorte de source : --flux <url>, --gogocarto <url>, ' +
        '--api <url> --jeton <jeton> ou --tableur <fichier.xlsx|csv>.',
    );
  }
  const base = {
    id,
    name: o.nom ?? id,
    enabled: true,
    licence: o.licence ?? DEFAULT_LICENCE,
  };
  if (o.flux !== undefined) return { ...base, kind: 'passerelle-feed', url: o.flux };
  if (o.gogocarto !== undefined) {
    return { ...base, kind: 'gogocarto', url: o.gogocarto, mapping: [] };
  }
  if (o.api !== undefined) {
    if (!o.jeton) throw new UserError('L’API demande un jeton : --jeton <jeton>.');
    return { ...base, kind: 'inclusion-api', url: o.api, token: o.jeton };
  }
  return {
    ...base,
    kind: 'spreadsheet',
    path: resolve(o.tableur ?? ''),
    columns: spreadsheetColumns(o.colonne ?? []),
  };
}

function progressLine(p: SyncProgress): string {
  if (p.phase === 'download') {
    const total = p.totalBytes === null ? '' : ` sur ${formatFrenchBytes(p.totalBytes)}`;
    return `${p.sourceId} : téléchargement ${formatFrenchBytes(p.bytes)}${total}`;
  }
  if (p.phase === 'apply') {
    const total = p.total === null ? '' : ` sur ${formatFrenchNumber(p.total)}`;
    return `${p.sourceId} : ${formatFrenchNumber(p.applied)}${total} fiches appliquées`;
  }
  if (p.phase === 'check') return `${p.sourceId} : vérification du contenu`;
  return `${p.sourceId} : enregistrement`;
}

async function runSync(ids: string[], io: CliOutput): Promise<void> {
  const entries = await withServices(async (services) => {
    services.syncJobs.start(ids.length > 0 ? ids : undefined);
    let last = '';
    const timer = setInterval(() => {
      const progress = services.syncJobs.state().progress;
      const line = progress ? progressLine(progress) : '';
      if (line && line !== last) io.err(line);
      last = line;
    }, 500);
    const stop = (): void => {
      services.syncJobs.cancel();
    };
    process.once('SIGINT', stop);
    try {
      await services.syncJobs.settled();
    } finally {
      clearInterval(timer);
      process.off('SIGINT', stop);
    }
    return services.syncJobs.state().finished;
  });
  const failures = entries.filter(
    (e) => e.status === 'failed' || e.status === 'cancelled',
  );
  for (const entry of entries) {
    if (entry === failures.at(-1)) continue;
    (failures.includes(entry) ? io.err : io.out)(entry.message);
    for (const r of entry.rejected.slice(0, 20)) {
      io.err(`  refusé : ${r.recordId}, champ ${r.field} : ${r.reason}`);
    }
    if (entry.rejected.length > 20) {
      io.err(`  … et ${formatFrenchNumber(entry.rejected.length - 20)} autre(s) refus.`);
    }
  }
  const failed = failures.at(-1);
  if (failed) throw new UserError(failed.message);
}

/** Adds the source and sync subcommands to `passerelle catalogue`. */
export function registerSyncCommands(catalogue: Command, io: CliOutput): void {
  catalogue
    .command('sources')
    .description('liste les sources du catalogue et leur dernière synchronisation')
    .action(() =>
      withServices(async (s) => {
        for (const source of await s['sync:sources']()) io.out(sourceLine(source));
      }),
    );
  catalogue
    .command('add-source')
    .description(
      'ajoute ou modifie une source : flux Passerelle, carte GoGoCarto, API, tableur',
    )
    .argument('<identifiant>', 'identifiant court, en minuscules (ex. flux-national)')
    .option('--nom <nom>', 'nom affiché de la source')
    .option('--licence <licence>', 'licence des fiches', DEFAULT_LICENCE)
    .option('--flux <url>', 'adresse du feed.json d’un flux Passerelle')
    .option('--gogocarto <url>', 'adresse d’une carte GoGoCarto')
    .option('--api <url>', 'adresse d’une API du type Marché de l’inclusion')
    .option('--jeton <jeton>', 'jeton d’accès de l’API')
    .option('--tableur <fichier>', 'tableur d’un réseau (.xlsx ou .csv)')
    .option(
      '--colonne <champ=En-tête>',
      'colonne du tableur pour un champ (name, siret, postcode, city, lat, lon…) ; répétable',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .action((id: string, options: AddSourceOptions) =>
      withServices(async (s) => {
        const sources = await s['sync:save-source'](sourceFromOptions(id, options));
        const saved = sources.find((source) => source.config.id === id);
        if (saved) io.out(`Source enregistrée : ${sourceLine(saved)}`);
      }),
    );
  catalogue
    .command('remove-source')
    .description('retire une source et ses fiches du catalogue local')
    .argument('<identifiant>', 'identifiant de la source')
    .action((id: string) =>
      withServices(async (s) => {
        await s['sync:remove-source'](id);
        io.out(`Source « ${id} » retirée.`);
      }),
    );
  catalogue
    .command('sync')
    .description('synchronise les sources (toutes celles activées par défaut)')
    .argument('[identifiants...]', 'sources à synchroniser')
    .action((ids: string[]) => runSync(ids, io));
  catalogue
    .command('log')
    .description('journal des synchronisations, la plus récente d’abord')
    .option('-n, --nombre <n>', 'nombre de lignes', '20')
    .action((options: { nombre: string }) =>
      withServices(async (s) => {
        const limit = Number.parseInt(options.nombre, 10);
        for (const entry of await s['sync:log']({ limit: limit > 0 ? limit : 20 })) {
          io.out(logLine(entry));
        }
      }),
    );
}
