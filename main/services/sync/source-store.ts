/**
 * The catalogue sources the buyer configured, their sync state and the sync
 * log, as stored in the database (tables `sources`, `source_records`,
 * `sync_log`). Every function works on the open database; the caller saves.
 */
import type { Database, SqlValue } from 'sql.js';
import {
  SOURCE_KINDS,
  type RejectedRecord,
  type SourceConfig,
  type SourceStatus,
  type SyncLogEntry,
} from '../../../shared/feed/sync-types';
import {
  CATALOGUE_FILE_SOURCE_ID,
  EMBEDDED_SOURCE_ID,
  insertSourceRow,
  readSourceRow,
  readSourceRows,
  recordCountsBySource,
  type SourceRow,
} from '../database/source-rows';
import { UserError } from '../user-error';
import { applyRecordsInTransaction, inTransaction } from './apply-records';

export {
  BUILT_IN_SOURCES,
  CATALOGUE_FILE_SOURCE_ID,
  EMBEDDED_SOURCE_ID,
} from '../database/source-rows';

/** Sync log entries kept; older ones are dropped as new ones come. */
export const SYNC_LOG_KEPT = 500;

/** What a sync remembers about a source between runs. */
export interface SourceState {
  cursor: string | null;
  sequence: number | null;
  etag: string | null;
  lastModified: string | null;
  lastSyncAt: string | null;
  lastStatus: SyncLogEntry['status'] | null;
}

const SOURCE_ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** End of each source's last sync that worked, from the log. */
function lastSuccesses(db: Database): Map<string, string> {
  const times = new Map<string, string>();
  for (const [id, at] of db.exec(
    `SELECT source_id, max(ended_at) FROM sync_log
     WHERE status IN ('ok', 'unchanged') GROUP BY source_id`,
  )[0]?.values ?? []) {
    times.set(String(id), String(at));
  }
  return times;
}

function statusOf(
  row: SourceRow,
  counts: ReadonlyMap<string, number>,
  successes: ReadonlyMap<string, string>,
): SourceStatus {
  return {
    config: row.config,
    lastSyncAt: row.lastSyncAt,
    lastStatus: row.lastStatus,
    lastSuccessAt: successes.get(row.config.id) ?? null,
    cursor: row.cursor,
    supplierCount: counts.get(row.config.id) ?? 0,
  };
}

/** Every source, embedded first then in the order they were added; supplierCount counts its records. */
export function listSources(db: Database): SourceStatus[] {
  const counts = recordCountsBySource(db);
  const successes = lastSuccesses(db);
  return readSourceRows(db).map((row) => statusOf(row, counts, successes));
}

/** One source, or null. */
export function getSource(db: Database, id: string): SourceStatus | null {
  const row = readSourceRow(db, id);
  return row ? statusOf(row, recordCountsBySource(db), lastSuccesses(db)) : null;
}

/** Where a source's records are fetched from: changing it restarts its sync. */
function origin(config: SourceConfig): string {
  if ('url' in config) return config.url;
  if ('path' in config) return config.path;
  return '';
}

/** Checks a configuration that came from the screens or the CLI. */
function checkConfig(config: SourceConfig): void {
  if (!config || typeof config !== 'object') {
    throw new UserError('La source à enregistrer est vide.');
  }
  if (typeof config.id !== 'string' || !SOURCE_ID.test(config.id)) {
    throw new UserError(
      `L’identifiant de source « ${String(config.id)} » n’est pas admis : lettres ` +
        'minuscules sans accent, chiffres et tirets (64 caractères au plus), par ' +
        'exemple « flux-national ».',
    );
  }
  if (!(SOURCE_KINDS as readonly string[]).includes(config.kind)) {
    throw new UserError(
      `Le type de source « ${String(config.kind)} » est inconnu (types possibles : ` +
        `${SOURCE_KINDS.join(', ')}).`,
    );
  }
  if (typeof config.name !== 'string' || config.name.trim() === '') {
    throw new UserError(`La source « ${config.id} » doit avoir un nom.`);
  }
  if (
    (config.id === EMBEDDED_SOURCE_ID && config.kind !== 'embedded') ||
    (config.id === CATALOGUE_FILE_SOURCE_ID && config.kind !== 'catalogue-file')
  ) {
    throw new UserError(
      `L’identifiant « ${config.id} » est réservé à Passerelle : choisissez-en un autre.`,
    );
  }
  if (config.kind === 'embedded' && config.id !== EMBEDDED_SOURCE_ID) {
    throw new UserError(
      `Seule la source « ${EMBEDDED_SOURCE_ID} » peut être du type catalogue embarqué.`,
    );
  }
  if ('url' in config && !isHttpUrl(config.url)) {
    throw new UserError(
      `L’adresse « ${String(config.url)} » de la source « ${config.name} » doit commencer ` +
        'par http:// ou https://.',
    );
  }
  if (
    'path' in config &&
    (typeof config.path !== 'string' || config.path.trim() === '')
  ) {
    throw new UserError(`La source « ${config.name} » doit indiquer son fichier.`);
  }
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Adds a source or updates its configuration. Its records and sync state are
 * kept, except when its address (URL or file) changes: the state (cursor,
 * sequence, ETag, Last-Modified) is then cleared, so the next sync starts
 * from a full snapshot of the new address. The kind of a source never changes.
 */
export function saveSource(db: Database, config: SourceConfig): SourceStatus {
  checkConfig(config);
  const existing = readSourceRow(db, config.id);
  if (!existing) {
    insertSourceRow(db, config);
  } else {
    if (existing.config.kind !== config.kind) {
      throw new UserError(
        `La source « ${config.id} » existe déjà avec un autre type : choisissez un ` +
          'autre identifiant.',
      );
    }
    const moved = origin(existing.config) !== origin(config);
    db.run(
      moved
        ? `UPDATE sources SET config = ?, cursor = NULL, sequence = NULL, etag = NULL,
             last_modified = NULL WHERE id = ?`
        : 'UPDATE sources SET config = ? WHERE id = ?',
      [JSON.stringify(config), config.id],
    );
  }
  const saved = getSource(db, config.id);
  if (!saved) throw new Error(`source ${config.id} missing after save`);
  return saved;
}

/**
 * Removes a source and its records, in one transaction; suppliers merged
 * with other sources keep those sources' records. The embedded catalogue
 * cannot be removed. Returns the records removed and the suppliers left.
 */
export function removeSource(
  db: Database,
  id: string,
  now: Date = new Date(),
): { removed: number; supplierCount: number } {
  if (id === EMBEDDED_SOURCE_ID) {
    throw new UserError('Le catalogue embarqué ne peut pas être supprimé.');
  }
  if (!readSourceRow(db, id)) {
    throw new UserError(`La source « ${id} » n’existe pas.`);
  }
  return inTransaction(db, () => {
    const result = applyRecordsInTransaction(db, {
      sourceId: id,
      upserts: [],
      removals: null,
      cursor: null,
      sequence: null,
      appliedAt: now,
    });
    db.run('DELETE FROM sources WHERE id = ?', [id]);
    return { removed: result.removed, supplierCount: result.supplierCount };
  });
}

/** The sync state of a source, or null when it does not exist. */
export function readSourceState(db: Database, id: string): SourceState | null {
  const row = readSourceRow(db, id);
  if (!row) return null;
  const { cursor, sequence, etag, lastModified, lastSyncAt, lastStatus } = row;
  return { cursor, sequence, etag, lastModified, lastSyncAt, lastStatus };
}

const STATE_COLUMNS: Record<keyof SourceState, string> = {
  cursor: 'cursor',
  sequence: 'sequence',
  etag: 'etag',
  lastModified: 'last_modified',
  lastSyncAt: 'last_sync_at',
  lastStatus: 'last_status',
};

/** Updates the fields of a source's sync state that `patch` gives. */
export function setSourceState(
  db: Database,
  id: string,
  patch: Partial<SourceState>,
): void {
  if (!readSourceRow(db, id)) throw new UserError(`La source « ${id} » n’existe pas.`);
  const sets: string[] = [];
  const values: SqlValue[] = [];
  for (const [field, column] of Object.entries(STATE_COLUMNS)) {
    const value = patch[field as keyof SourceState];
    if (value === undefined) continue;
    sets.push(`${column} = ?`);
    values.push(value);
  }
  if (sets.length === 0) return;
  db.run(`UPDATE sources SET ${sets.join(', ')} WHERE id = ?`, [...values, id]);
}

/** Adds a line to the sync log (the newest SYNC_LOG_KEPT are kept) and returns it with its id. */
export function appendSyncLog(
  db: Database,
  entry: Omit<SyncLogEntry, 'id'>,
): SyncLogEntry {
  db.run(
    `INSERT INTO sync_log (source_id, source_name, started_at, ended_at, status, added,
       changed, removed, rejected, warnings, bytes, cursor, message)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      entry.sourceId,
      entry.sourceName,
      entry.startedAt,
      entry.endedAt,
      entry.status,
      entry.added,
      entry.changed,
      entry.removed,
      JSON.stringify(entry.rejected),
      JSON.stringify(entry.warnings),
      entry.bytes,
      entry.cursor,
      entry.message,
    ],
  );
  const id = Number(db.exec('SELECT last_insert_rowid()')[0]?.values[0]?.[0]);
  db.run('DELETE FROM sync_log WHERE id <= ?', [id - SYNC_LOG_KEPT]);
  return { id, ...entry };
}

/** The sync log, newest first; of one source when `sourceId` is given. */
export function readSyncLog(
  db: Database,
  options: { sourceId?: string; limit?: number } = {},
): SyncLogEntry[] {
  const limit = Math.max(0, Math.floor(options.limit ?? 100));
  const where = options.sourceId === undefined ? '' : 'WHERE source_id = ?';
  const params: SqlValue[] = options.sourceId === undefined ? [] : [options.sourceId];
  const rows = db.exec(
    `SELECT id, source_id, source_name, started_at, ended_at, status, added, changed,
       removed, rejected, bytes, cursor, message, warnings
     FROM sync_log ${where} ORDER BY id DESC LIMIT ${limit}`,
    params,
  );
  return (rows[0]?.values ?? []).map((r) => ({
    id: Number(r[0]),
    sourceId: String(r[1]),
    sourceName: String(r[2]),
    startedAt: String(r[3]),
    endedAt: String(r[4]),
    status: String(r[5]) as SyncLogEntry['status'],
    added: Number(r[6]),
    changed: Number(r[7]),
    removed: Number(r[8]),
    rejected: JSON.parse(String(r[9])) as RejectedRecord[],
    bytes: Number(r[10]),
    cursor: r[11] === null || r[11] === undefined ? null : String(r[11]),
    message: String(r[12]),
    warnings: JSON.parse(String(r[13])) as RejectedRecord[],
  }));
}
