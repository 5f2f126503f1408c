/** The sync channels of shared/ipc.ts: sources, background syncs, catalogue files. */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import type { FilePayload, PasserelleApi } from '../../../shared/ipc';
import type {
  SourceConfig,
  SourceStatus,
  SyncLogEntry,
} from '../../../shared/feed/sync-types';
import type { Resources } from '../load-resources';
import type { OpenCatalogue } from '../open-catalogue';
import { payloadBytes } from '../plan-files/read-plan-file';
import { feedValidators } from '../feed/feed-schema';
import { UserError } from '../user-error';
import { importCatalogueFile } from './apply-catalogue-file';
import { buildCatalogueFile } from './catalogue-file';
import { readLocalCatalogue } from './local-catalogue';
import {
  checkCategoryMapping,
  forgetCategories,
  mappedCategories,
} from './map-categories';
import { sourceContextFromResources, type SourceContext } from './sources/source-context';
import {
  appendSyncLog,
  CATALOGUE_FILE_SOURCE_ID,
  getSource,
  listSources,
  readSyncLog,
  removeSource,
  saveSource,
} from './source-store';
import { createSyncJobs, type SyncJobs } from './sync-jobs';
import type { SyncContext } from './sync-source';
import { readSignatureSettings } from './trusted-keys';
import { verifyCatalogueFile } from './verify-catalogue-file';

export type SyncChannels = Pick<
  PasserelleApi,
  | 'sync:sources'
  | 'sync:save-source'
  | 'sync:remove-source'
  | 'sync:categories'
  | 'sync:start'
  | 'sync:state'
  | 'sync:cancel'
  | 'sync:log'
  | 'catalogue:export'
  | 'catalogue:import-file'
>;

export interface SyncServicesOptions {
  /** The user data folder (signature settings, downloads); null: nothing kept on disk. */
  dataDir: string | null;
  now: () => Date;
  /** Network settings; tests shorten them. */
  http?: SyncContext['http'];
}

/**
 * Downloads a killed process left half-written: the database lock makes this
 * process the only one syncing into this folder, so none of them is in use.
 */
function removeLeftDownloads(tempDir: string): void {
  if (!existsSync(tempDir)) return;
  for (const name of readdirSync(tempDir)) {
    if (name.endsWith('.part')) rmSync(join(tempDir, name), { force: true });
  }
}

/** Publisher named in exported files when the buyer gives none. */
const DEFAULT_PUBLISHER = 'Passerelle (export local)';

/** The sync services over the open catalogue; `jobs` is for the CLI and the tests. */
export function createSyncServices(
  open: OpenCatalogue,
  resources: Resources,
  options: SyncServicesOptions,
): SyncChannels & { jobs: SyncJobs } {
  // Read each time: makeRoom may reopen the database under another object.
  const database = (): Database => open.handle.db;
  let sourceContext: SourceContext | null = null;
  const ctx: SyncContext = {
    get db() {
      return database();
    },
    save: () => open.handle.saveInSlices(),
    makeRoom: (bytes) => open.handle.makeRoom(bytes),
    tempDir: join(options.dataDir ?? tmpdir(), 'telechargements'),
    sourceContext: () => (sourceContext ??= sourceContextFromResources(resources)),
    now: options.now,
    ...(options.http ? { http: options.http } : {}),
  };
  // Compiling the feed's schema holds the event loop for a fifth of a
  // second: done shortly after the app starts rather than in its first sync;
  // a short CLI command ends before (the timer does not keep it alive).
  setTimeout(() => feedValidators(), 2000).unref();
  // Only in our own data folder: the system's temp folder is shared.
  if (options.dataDir) removeLeftDownloads(ctx.tempDir);
  const jobs = createSyncJobs(
    ctx,
    () => open.reloadInSlices(),
    // A big sync leaves a big journal: the file is written whole once it is over.
    () => open.handle.compactIfLarge(),
  );
  // An API token never leaves the services: the screen gets it blank, and a
  // blank token saved back keeps the stored one.
  const sourcesForScreen = (): SourceStatus[] =>
    listSources(database()).map((s) =>
      s.config.kind === 'inclusion-api'
        ? { ...s, config: { ...s.config, token: '' } }
        : s,
    );
  const withKeptToken = (config: SourceConfig): SourceConfig => {
    if (config?.kind !== 'inclusion-api' || config.token !== '') return config;
    const stored = getSource(database(), config.id)?.config;
    return stored?.kind === 'inclusion-api' ? { ...config, token: stored.token } : config;
  };
  const idle = (): void => {
    if (jobs.state().running) {
      throw new UserError(
        'Une synchronisation est en cours : attendez sa fin ou annulez-la avant de modifier les sources.',
      );
    }
  };

  return {
    jobs,
    'sync:sources': async () => sourcesForScreen(),
    'sync:save-source': async (config) => {
      idle();
      if (config?.kind === 'gogocarto') {
        checkCategoryMapping(config, resources.catalogue.sectors);
      }
      const before =
        typeof config?.id === 'string'
          ? getSource(database(), config.id)?.config
          : undefined;
      saveSource(database(), withKeptToken(config));
      // Categories seen on another map say nothing of the new one.
      if (before?.kind === 'gogocarto' && config.kind === 'gogocarto') {
        if (before.url !== config.url) forgetCategories(database(), config.id);
      }
      open.handle.save();
      return sourcesForScreen();
    },
    'sync:remove-source': async (id) => {
      idle();
      if (typeof id !== 'string') throw new UserError('Source à retirer illisible.');
      removeSource(database(), id);
      forgetCategories(database(), id);
      open.handle.save();
      open.reload();
      return sourcesForScreen();
    },
    'sync:categories': async (id) => {
      const source = typeof id === 'string' ? getSource(database(), id) : null;
      if (!source) throw new UserError(`La source « ${String(id)} » n’existe pas.`);
      if (source.config.kind !== 'gogocarto') {
        throw new UserError(
          `La source « ${source.config.name} » n’est pas une carte GoGoCarto : elle ` +
            'n’a pas de catégories à faire correspondre.',
        );
      }
      return mappedCategories(database(), source.config);
    },
    'sync:start': async (request) => jobs.start(request?.sourceIds),
    'sync:state': async () => jobs.state(),
    'sync:cancel': async () => jobs.cancel(),
    'sync:log': async (request) =>
      readSyncLog(database(), {
        limit: Math.min(500, Math.max(1, request?.limit ?? 50)),
      }),
    'catalogue:export': async (request): Promise<FilePayload> => {
      // A sync applies in one transaction while the app keeps answering: an
      // export meanwhile would read half of it.
      if (jobs.state().running) {
        throw new UserError(
          'Une synchronisation est en cours : attendez sa fin ou annulez-la avant ' +
            'd’exporter le catalogue.',
        );
      }
      const now = options.now();
      const { bytes } = await buildCatalogueFile(readLocalCatalogue(database(), now), {
        publisher: request?.publisher?.trim() || DEFAULT_PUBLISHER,
        now,
      });
      const pad = (n: number): string => String(n).padStart(2, '0');
      const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
      return {
        name: `catalogue-passerelle-${day}.passerelle`,
        base64: bytes.toString('base64'),
      };
    },
    'catalogue:import-file': async (payload): Promise<SyncLogEntry> => {
      idle();
      const startedAt = options.now().toISOString();
      const bytes = Buffer.from(payloadBytes(payload));
      const settings = options.dataDir
        ? readSignatureSettings(options.dataDir)
        : { requireSignature: false, trustedKeys: [] };
      const base = {
        sourceId: CATALOGUE_FILE_SOURCE_ID,
        sourceName: `Fichier « ${payload.name} »`,
        startedAt,
        rejected: [],
        warnings: [],
        bytes: bytes.length,
      };
      let entry: SyncLogEntry;
      try {
        const file = await verifyCatalogueFile(bytes, payload.name, {
          settings,
          resourcesDir: resources.dir,
        });
        ({ entry } = await importCatalogueFile(open.handle, file, {
          startedAt,
          now: options.now,
          bytes: bytes.length,
          shownName: payload.name,
        }));
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        appendSyncLog(database(), {
          ...base,
          endedAt: options.now().toISOString(),
          status: 'failed',
          added: 0,
          changed: 0,
          removed: 0,
          cursor: null,
          message: `${error.message} Le catalogue local reste tel qu’il était.`,
        });
        open.handle.save();
        throw error;
      }
      open.handle.save();
      open.reload();
      return entry;
    },
  };
}
