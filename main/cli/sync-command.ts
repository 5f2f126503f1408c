/**
 * `passerelle catalogue sources|add-source|remove-source|sync|log`: the
 * buyer's catalogue sources and their syncs, from the command line.
 */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  SOURCE_KIND_NAMES,
  SYNC_STATUS_NAMES,
  type CategoryMapping,
  type SourceConfig,
  type SourceStatus,
  type SpreadsheetColumns,
  type SyncLogEntry,
  type SyncProgress,
} from '../../shared/feed/sync-types';
import { LABEL_CODES, type LabelCode } from '../../shared/model';
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
  categorie?: string[];
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
    (s.lastStatus === 'failed' || s.lastStatus === 'cancelled'
      ? `, dernière réussie : ${frenchDate(s.lastSuccessAt)}`
      : '') +
    `${s.config.enabled ? '' : '\tdésactivée'}${where ? `\t${where}` : ''}`
  );
}

/** « Catégorie « Nom » : secteurs 148, 12 ; labels local, bio » */
function mappingLine(line: CategoryMapping): string {
  const parts = [
    line.sectorIds.length > 0 ? `secteurs ${line.sectorIds.join(', ')}` : '',
    line.labels.length > 0 ? `labels ${line.labels.join(', ')}` : '',
  ].filter((part) => part !== '');
  return `  catégorie « ${line.category} » : ${parts.join(' ; ')}`;
}

function logLine(e: SyncLogEntry): string {
  return `${frenchDate(e.endedAt)}\t${e.sourceName}\t${SYNC_STATUS_NAMES[e.status]}\t${e.message}`;
}

/** The records a sync refused, then those it kept with a warning, `most` of each. */
function detailLines(e: SyncLogEntry, most: number): string[] {
  const lines: string[] = [];
  const list = (
    records: SyncLogEntry['rejected'],
    what: string,
    others: string,
  ): void => {
    for (const r of records.slice(0, most)) {
      lines.push(`  ${what} : ${r.recordId}, champ ${r.field} : ${r.reason}`);
    }
    if (records.length > most) {
      lines.push(`  … et ${formatFrenchNumber(records.length - most)} ${others}.`);
    }
  };
  list(e.rejected, 'refusé', 'autre(s) refus');
  list(e.warnings, 'avertissement', 'autre(s) avertissement(s)');
  return lines;
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

const CATEGORY_EXAMPLE = '"Nom de catégorie=secteurs:148,12;labels:local,bio"';

/**
 * One `--categorie` value, "Nom de catégorie=secteurs:148,12;labels:local,bio"
 * (either part may be left out), as a mapping line. Sector numbers are
 * checked against the taxonomy when the source is saved.
 */
function parseCategoryOption(value: string): CategoryMapping {
  // The name may hold anything but the last « = »; what follows never holds one.
  const at = value.lastIndexOf('=');
  const category = at < 0 ? '' : value.slice(0, at).trim();
  if (category === '') {
    throw new UserError(
      `Catégorie « ${value} » illisible : écrivez --categorie ${CATEGORY_EXAMPLE}.`,
    );
  }
  const line: CategoryMapping = { category, sectorIds: [], labels: [] };
  const parts = value
    .slice(at + 1)
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  for (const part of parts) {
    const colon = part.indexOf(':');
    const key = colon < 0 ? '' : part.slice(0, colon).trim().toLowerCase();
    const items = part
      .slice(colon + 1)
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    if (key === 'secteurs' || key === 'secteur') {
      line.sectorIds.push(...items.map((item) => sectorNumber(category, item)));
    } else if (key === 'labels' || key === 'label') {
      line.labels.push(...items.map((item) => labelCode(category, item)));
    } else {
      throw new UserError(
        `Catégorie « ${category} » : « ${part} » n’est ni « secteurs:… » ni ` +
          `« labels:… » (exemple : --categorie ${CATEGORY_EXAMPLE}).`,
      );
    }
  }
  if (line.sectorIds.length === 0 && line.labels.length === 0) {
    throw new UserError(
      `Catégorie « ${category} » : indiquez des secteurs, des labels ou les deux ` +
        `(exemple : --categorie ${CATEGORY_EXAMPLE}).`,
    );
  }
  return {
    category,
    sectorIds: [...new Set(line.sectorIds)],
    labels: [...new Set(line.labels)],
  };
}

function sectorNumber(category: string, item: string): number {
  if (!/^\d{1,9}$/.test(item)) {
    throw new UserError(
      `Catégorie « ${category} » : le secteur « ${item} » n’est pas un numéro de ` +
        'secteur (par exemple 148).',
    );
  }
  return Number(item);
}

function labelCode(category: string, item: string): LabelCode {
  const code = LABEL_CODES.find((known) => known === item.toLowerCase());
  if (!code) {
    throw new UserError(
      `Catégorie « ${category} » : le label « ${item} » n’existe pas (labels ` +
        `possibles : ${LABEL_CODES.join(', ')}).`,
    );
  }
  return code;
}

/**
 * The source described by the options; exactly one kind must be given. A map
 * saved again without `--categorie` keeps the mapping it had (`kept`).
 */
function sourceFromOptions(
  id: string,
  o: AddSourceOptions,
  kept: SourceConfig | undefined,
): SourceConfig {
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
  if (o.categorie !== undefined && o.gogocarto === undefined) {
    throw new UserError(
      'L’option --categorie ne vaut que pour une carte GoGoCarto (--gogocarto <url>).',
    );
  }
  if (o.flux !== undefined) return { ...base, kind: 'passerelle-feed', url: o.flux };
  if (o.gogocarto !== undefined) {
    const mapping =
      o.categorie !== undefined
        ? o.categorie.map(parseCategoryOption)
        : kept?.kind === 'gogocarto'
          ? kept.mapping
          : [];
    return { ...base, kind: 'gogocarto', url: o.gogocarto, mapping };
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
    // The last failure's message ends the command (below), after its detail.
    if (entry !== failures.at(-1)) {
      (failures.includes(entry) ? io.err : io.out)(entry.message);
    }
    for (const line of detailLines(entry, 20)) io.err(line);
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
    .option(
      '--categorie <correspondance>',
      'carte GoGoCarto : secteurs et labels d’une catégorie, ' +
        '"Nom de catégorie=secteurs:148,12;labels:local,bio" ; répétable, remplace ' +
        'la correspondance enregistrée (sans elle, celle-ci est gardée)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .action((id: string, options: AddSourceOptions) =>
      withServices(async (s) => {
        const kept = (await s['sync:sources']()).find((x) => x.config.id === id);
        const config = sourceFromOptions(id, options, kept?.config);
        const sources = await s['sync:save-source'](config);
        const saved = sources.find((source) => source.config.id === id);
        if (saved) io.out(`Source enregistrée : ${sourceLine(saved)}`);
        if (saved?.config.kind === 'gogocarto') {
          for (const line of saved.config.mapping) io.out(mappingLine(line));
        }
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
    .command('categories')
    .description(
      'catégories d’une carte GoGoCarto vues à la dernière synchronisation, et leur correspondance',
    )
    .argument('<identifiant>', 'identifiant de la source GoGoCarto')
    .action((id: string) =>
      withServices(async (s) => {
        for (const c of await s['sync:categories'](id)) {
          const sectors = c.sectorIds.length > 0 ? c.sectorIds.join(',') : '—';
          const labels = c.labels.length > 0 ? c.labels.join(',') : '—';
          io.out(
            `${c.category}\t${formatFrenchNumber(c.count)} élément(s)\tsecteurs : ${sectors}\tlabels : ${labels}`,
          );
        }
      }),
    );
  catalogue
    .command('log')
    .description('journal des synchronisations, la plus récente d’abord')
    .option('-n, --nombre <n>', 'nombre de lignes', '20')
    .option('-d, --detail', 'les fiches refusées et les avertissements de chaque ligne')
    .action((options: { nombre: string; detail?: boolean }) =>
      withServices(async (s) => {
        const limit = Number(options.nombre);
        if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
          throw new UserError(
            `Nombre de lignes « ${options.nombre} » illisible : indiquez un entier de 1 à 500.`,
          );
        }
        const entries = await s['sync:log']({ limit });
        if (entries.length === 0) io.out('Aucune synchronisation pour l’instant.');
        for (const entry of entries) {
          io.out(logLine(entry));
          if (options.detail) for (const line of detailLines(entry, 200)) io.out(line);
        }
      }),
    );
}
