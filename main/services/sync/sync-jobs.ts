/**
 * Syncs run in the background: the screen starts them, polls their progress
 * and may cancel them, while the other services keep answering. One run at a
 * time; its sources are synced one after the other.
 */
import type { SyncState } from '../../../shared/feed/sync-types';
import { UserError } from '../user-error';
import { listSources } from './source-store';
import { syncSource, type SyncContext } from './sync-source';

export interface SyncJobs {
  /** Starts syncing these sources (all enabled ones but the embedded catalogue when omitted). */
  start(sourceIds?: string[]): SyncState;
  state(): SyncState;
  /** Cancels the run: the source in progress keeps its previous records. */
  cancel(): SyncState;
  /** Resolves when the current run is over (tests, CLI). */
  settled(): Promise<void>;
}

/**
 * The background runner. `afterChange` runs after each sync that changed the
 * catalogue (the services reload their in-memory copy); `afterRun` once the
 * run is over (the database may write itself whole).
 */
export function createSyncJobs(
  ctx: SyncContext,
  afterChange: () => Promise<void> | void,
  afterRun: () => void = () => undefined,
): SyncJobs {
  let state: SyncState = { running: false, progress: null, queued: [], finished: [] };
  let controller: AbortController | null = null;
  let done: Promise<void> = Promise.resolve();

  const snapshot = (): SyncState => ({
    ...state,
    progress: state.progress ? { ...state.progress } : null,
    queued: [...state.queued],
    finished: [...state.finished],
  });

  async function runAll(ids: string[], signal: AbortSignal): Promise<void> {
    try {
      for (const id of ids) {
        state.queued = state.queued.filter((q) => q !== id);
        const entry = await syncSource(ctx, id, {
          signal,
          onProgress: (progress) => {
            state.progress = progress;
          },
        });
        state.finished.push(entry);
        if (entry.status === 'ok') await afterChange();
        if (signal.aborted) break;
      }
    } catch (error) {
      // syncSource logs data and network failures itself; this is a bug or a
      // source removed meanwhile: keep the runner usable.
      console.error('[sync] run failed:', error);
    } finally {
      state.running = false;
      state.progress = null;
      state.queued = [];
      controller = null;
      try {
        afterRun();
      } catch (error) {
        console.error('[sync] after the run:', error);
      }
    }
  }

  return {
    start(sourceIds) {
      if (state.running) {
        throw new UserError(
          'Une synchronisation est déjà en cours : attendez sa fin ou annulez-la.',
        );
      }
      const sources = listSources(ctx.db);
      const known = new Set(sources.map((s) => s.config.id));
      const ids =
        sourceIds ??
        sources
          .filter((s) => s.config.enabled && s.config.kind !== 'embedded')
          .filter((s) => s.config.kind !== 'catalogue-file')
          .map((s) => s.config.id);
      const unknown = ids.find((id) => !known.has(id));
      if (unknown !== undefined) {
        throw new UserError(`La source « ${unknown} » n’existe pas.`);
      }
      if (ids.length === 0) {
        throw new UserError(
          'Aucune source à synchroniser : ajoutez un flux, une carte, une API ou un tableur.',
        );
      }
      controller = new AbortController();
      state = { running: true, progress: null, queued: [...ids], finished: [] };
      done = runAll(ids, controller.signal);
      return snapshot();
    },
    state: snapshot,
    cancel() {
      controller?.abort();
      return snapshot();
    },
    settled: () => done,
  };
}
