/**
 * Catalogue sources and their syncs as the screens see them: the sources, the
 * run in progress (polled while it lasts), the log, the catalogue files, and
 * whether the computer is online. A run goes on in the services while the
 * buyer works elsewhere; this store keeps watching it whatever the screen.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type {
  SourceConfig,
  SourceKind,
  SourceStatus,
  SyncLogEntry,
  SyncState,
} from '../../../shared/feed/sync-types';
import type { MapCategory } from '../../../shared/ipc';
import { ApiError } from '../api/api-error';
import { call } from '../api/client';
import { downloadPayload, readFilePayload } from '../files/file-payload';
import { useCatalogueStore } from './catalogue-store';
import { useErrorStore } from './error-store';

/** How often the run in progress is asked for, ms. */
export const POLL_INTERVAL_MS = 300;
/** Longest wait between two polls while the services do not answer, ms. */
const MAX_POLL_BACKOFF_MS = 5_000;
/** Log lines shown. */
const LOG_LIMIT = 50;

/** Kinds « Synchroniser » fetches; the embedded catalogue and imported files are not fetched. */
export const SYNCABLE_KINDS: ReadonlySet<SourceKind> = new Set<SourceKind>([
  'passerelle-feed',
  'gogocarto',
  'inclusion-api',
  'spreadsheet',
]);

/** What the last catalogue-file import said, shown beside the file buttons. */
export interface FileImportOutcome {
  ok: boolean;
  message: string;
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Sources, syncs, log and catalogue files. */
export const useSyncStore = defineStore('sync', () => {
  const sources = ref<SourceStatus[]>([]);
  const log = ref<SyncLogEntry[]>([]);
  const state = ref<SyncState | null>(null);
  /** Entries of the last run this window watched to its end; null before one. */
  const lastRun = ref<SyncLogEntry[] | null>(null);
  const online = ref(navigator.onLine);
  const starting = ref(false);
  const cancelling = ref(false);
  const exporting = ref(false);
  const importing = ref(false);
  const fileImport = ref<FileImportOutcome | null>(null);
  const errors = useErrorStore();
  const catalogue = useCatalogueStore();
  let watching = false;

  // The browser says when the network comes and goes; the store lives as long as the window.
  window.addEventListener('online', () => (online.value = true));
  window.addEventListener('offline', () => (online.value = false));

  const running = computed(() => state.value?.running === true);
  const syncableSources = computed(() =>
    sources.value.filter((s) => s.config.enabled && SYNCABLE_KINDS.has(s.config.kind)),
  );

  /** Latest successful sync (or import) over every source and the log; null: never. */
  const lastSuccessAt = computed<string | null>(() => {
    const times = [
      ...sources.value
        .filter((s) => s.lastStatus === 'ok' || s.lastStatus === 'unchanged')
        .map((s) => s.lastSyncAt),
      ...log.value
        .filter((e) => e.status === 'ok' || e.status === 'unchanged')
        .map((e) => e.endedAt),
    ].filter((t): t is string => t !== null);
    return times.reduce<string | null>(
      (latest, t) => (latest === null || Date.parse(t) > Date.parse(latest) ? t : latest),
      null,
    );
  });

  /** Why « Synchroniser » cannot be pressed now, in French; null when it can. */
  const syncBlockedReason = computed<string | null>(() => {
    if (!online.value) {
      return 'Hors ligne : la synchronisation reprendra quand le réseau sera revenu.';
    }
    if (running.value) return 'Une synchronisation est en cours.';
    if (syncableSources.value.length === 0) {
      return 'Aucune source active à synchroniser : ajoutez un flux, une carte ou une API.';
    }
    return null;
  });

  /**
   * How a source's last sync or import went, and when: its own state, else its
   * newest log line (imported catalogue files are only in the log).
   */
  function lastOutcome(
    source: SourceStatus,
  ): { status: SyncLogEntry['status']; at: string | null } | null {
    if (source.lastStatus) return { status: source.lastStatus, at: source.lastSyncAt };
    const entry = log.value.find((e) => e.sourceId === source.config.id);
    return entry ? { status: entry.status, at: entry.endedAt } : null;
  }

  function sourceName(id: string): string {
    return sources.value.find((s) => s.config.id === id)?.config.name ?? id;
  }

  async function readSourcesAndLog(): Promise<void> {
    [sources.value, log.value] = await Promise.all([
      call('sync:sources'),
      call('sync:log', { limit: LOG_LIMIT }),
    ]);
  }

  /** At start: the sources, the log, and a run already going (the window was reloaded). */
  async function load(): Promise<void> {
    try {
      const [, current] = await Promise.all([readSourcesAndLog(), call('sync:state')]);
      state.value = current;
      if (current.running) watchRun();
    } catch (error) {
      errors.report(error);
    }
  }

  /** Polls sync:state until the run ends, then shows its outcome and refreshes. */
  function watchRun(): void {
    if (watching) return;
    watching = true;
    lastRun.value = null;
    void pollUntilDone();
  }

  async function pollUntilDone(): Promise<void> {
    let wait = POLL_INTERVAL_MS;
    let reported = false;
    for (;;) {
      await sleep(wait);
      try {
        state.value = await call('sync:state');
        wait = POLL_INTERVAL_MS;
      } catch (error) {
        // Said once; the services may come back (a restart), so keep asking, slower.
        if (!reported) errors.report(error);
        reported = true;
        wait = Math.min(wait * 2, MAX_POLL_BACKOFF_MS);
        continue;
      }
      if (!state.value.running) break;
    }
    watching = false;
    cancelling.value = false;
    lastRun.value = state.value?.finished ?? [];
    await refreshAfterChange();
  }

  async function refreshAfterChange(): Promise<void> {
    try {
      await Promise.all([readSourcesAndLog(), catalogue.refresh()]);
    } catch (error) {
      errors.report(error);
    }
  }

  /** Starts a run of these sources (every active one by default). */
  async function start(sourceIds?: string[]): Promise<void> {
    if (running.value || starting.value) return;
    starting.value = true;
    try {
      state.value = await call('sync:start', sourceIds ? { sourceIds } : {});
      watchRun();
    } catch (error) {
      errors.report(error);
    } finally {
      starting.value = false;
    }
  }

  async function cancel(): Promise<void> {
    cancelling.value = true;
    try {
      state.value = await call('sync:cancel');
    } catch (error) {
      cancelling.value = false;
      errors.report(error);
    }
  }

  /** Saves a source; resolves with the French reason it was refused, or null. */
  async function saveSource(config: SourceConfig): Promise<string | null> {
    try {
      sources.value = await call('sync:save-source', config);
      return null;
    } catch (error) {
      if (error instanceof ApiError) return error.message;
      errors.report(error);
      return 'La source n’a pas pu être enregistrée.';
    }
  }

  async function setEnabled(source: SourceStatus, enabled: boolean): Promise<void> {
    const refused = await saveSource({ ...source.config, enabled });
    if (refused) errors.show(refused);
  }

  /** A GoGoCarto source's categories at its last sync, with their mapping; null when refused (said). */
  async function readCategories(id: string): Promise<MapCategory[] | null> {
    try {
      return await call('sync:categories', id);
    } catch (error) {
      errors.report(error);
      return null;
    }
  }

  /** Removes a source and its records, then shows the catalogue as it now is. */
  async function removeSource(id: string): Promise<void> {
    try {
      sources.value = await call('sync:remove-source', id);
      await refreshAfterChange();
    } catch (error) {
      errors.report(error);
    }
  }

  /** Downloads the local catalogue as a `.passerelle` file. */
  async function exportCatalogue(publisher: string): Promise<void> {
    exporting.value = true;
    try {
      const trimmed = publisher.trim();
      downloadPayload(
        await call('catalogue:export', trimmed ? { publisher: trimmed } : {}),
      );
    } catch (error) {
      errors.report(error);
    } finally {
      exporting.value = false;
    }
  }

  /** Sends a `.passerelle` file to be checked and applied; the outcome is shown beside it. */
  async function importCatalogueFile(file: File): Promise<void> {
    importing.value = true;
    fileImport.value = null;
    try {
      const entry = await call('catalogue:import-file', await readFilePayload(file));
      fileImport.value = { ok: true, message: entry.message };
    } catch (error) {
      if (!(error instanceof ApiError)) {
        errors.report(error);
        return;
      }
      fileImport.value = { ok: false, message: error.message };
    } finally {
      importing.value = false;
    }
    await refreshAfterChange();
  }

  return {
    sources,
    log,
    state,
    lastRun,
    online,
    starting,
    cancelling,
    exporting,
    importing,
    fileImport,
    running,
    syncableSources,
    lastSuccessAt,
    syncBlockedReason,
    sourceName,
    lastOutcome,
    load,
    start,
    cancel,
    saveSource,
    setEnabled,
    readCategories,
    removeSource,
    exportCatalogue,
    importCatalogueFile,
  };
});
