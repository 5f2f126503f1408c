/**
 * A sync that was running when Passerelle stopped (killed, crashed, the
 * machine turned off) leaves the catalogue as it was before it, whole: its
 * changes are saved with its log entry, or not at all. So that the buyer
 * still learns that it did not finish, a sync is marked in the database (and
 * saved) before it starts; its own last save removes the mark. A mark found
 * when the catalogue opens is logged as a failed sync and told as a notice.
 */
import type { Database } from 'sql.js';
import { readSetting, removeSetting, writeSetting } from '../database/settings-store';
import {
  appendSyncLog,
  getSource,
  readSourceState,
  setSourceState,
} from './source-store';

const RUNNING_KEY = 'sync.running';

/** What the mark holds: enough to log the sync without its source. */
interface RunningSync {
  sourceId: string;
  sourceName: string;
  startedAt: string;
}

/** Marks a sync as running; the caller saves the database before the sync goes on. */
export function markSyncRunning(db: Database, run: RunningSync): void {
  writeSetting(db, RUNNING_KEY, run);
}

/** Removes the mark, in the save that keeps the sync's outcome. */
export function clearSyncRunning(db: Database): void {
  removeSetting(db, RUNNING_KEY);
}

/** « 04/12/2026 à 22:10 », in the machine's time zone. */
function frenchDateTime(iso: string): string {
  const date = new Date(iso);
  const day = date.toLocaleDateString('fr-FR', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });
  const time = date.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' });
  return `${day} à ${time}`;
}

/**
 * Logs the sync a mark says was running, removes the mark and returns the
 * French notice; null when no sync was left unfinished. The caller saves.
 */
export function logUnfinishedSync(db: Database, now: Date): string | null {
  const run = readSetting<RunningSync | null>(db, RUNNING_KEY, null);
  if (!run) return null;
  clearSyncRunning(db);
  const message =
    `La synchronisation de « ${run.sourceName} », commencée le ` +
    `${frenchDateTime(run.startedAt)}, n’a pas pu finir : Passerelle s’est arrêté ` +
    'pendant qu’elle tournait. Le catalogue local est celui d’avant, entier ; ' +
    'relancez-la.';
  // A source removed since (by hand in the file) has no log to take the line.
  if (getSource(db, run.sourceId)) {
    const entry = appendSyncLog(db, {
      sourceId: run.sourceId,
      sourceName: run.sourceName,
      startedAt: run.startedAt,
      endedAt: now.toISOString(),
      status: 'failed',
      added: 0,
      changed: 0,
      removed: 0,
      rejected: [],
      warnings: [],
      bytes: 0,
      cursor: readSourceState(db, run.sourceId)?.cursor ?? null,
      message,
    });
    setSourceState(db, run.sourceId, {
      lastSyncAt: entry.endedAt,
      lastStatus: entry.status,
    });
  }
  return message;
}
