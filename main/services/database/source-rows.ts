/** The `sources` table, row by row, and the catalogue metadata drawn from it. */
import type { Database, SqlValue } from 'sql.js';
import type { SourceConfig, SyncLogEntry } from '../../../shared/feed/sync-types';
import type { Catalogue, RecordSource } from '../../../shared/model';
import { UserError } from '../user-error';

/** The catalogue shipped with Passerelle, always a source. */
export const EMBEDDED_SOURCE_ID = 'embedded';
/** Records imported from .passerelle catalogue files. */
export const CATALOGUE_FILE_SOURCE_ID = 'catalogue-file';

/** Sources Passerelle creates itself the first time records arrive through them. */
export const BUILT_IN_SOURCES: Readonly<Record<string, SourceConfig>> = {
  [EMBEDDED_SOURCE_ID]: {
    id: EMBEDDED_SOURCE_ID,
    kind: 'embedded',
    name: 'Catalogue embarqué',
    enabled: true,
    licence: 'Licence de chaque jeu de données d’origine (voir la provenance)',
  },
  [CATALOGUE_FILE_SOURCE_ID]: {
    id: CATALOGUE_FILE_SOURCE_ID,
    kind: 'catalogue-file',
    name: 'Fichier catalogue',
    enabled: true,
    licence: 'Licence indiquée par l’éditeur du fichier',
    path: '',
  },
};

/** A row of `sources`: the configuration and the sync state. */
export interface SourceRow {
  config: SourceConfig;
  /** Order of the sources list (embedded 0): the first configured wins merge ties. */
  position: number;
  cursor: string | null;
  sequence: number | null;
  etag: string | null;
  lastModified: string | null;
  lastSyncAt: string | null;
  lastStatus: SyncLogEntry['status'] | null;
  /** Data sets the source's last snapshot declared (feeds, catalogue files). */
  datasets: Catalogue['datasets'];
}

const SOURCE_COLUMNS =
  'config, position, cursor, sequence, etag, last_modified, last_sync_at, last_status, datasets';

function text(value: SqlValue | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}

function rowOf(values: SqlValue[]): SourceRow {
  const [config, position, cursor, sequence, etag, lastModified, lastSyncAt, lastStatus] =
    values;
  return {
    config: JSON.parse(String(config)) as SourceConfig,
    position: Number(position),
    cursor: text(cursor),
    sequence: sequence === null || sequence === undefined ? null : Number(sequence),
    etag: text(etag),
    lastModified: text(lastModified),
    lastSyncAt: text(lastSyncAt),
    lastStatus: text(lastStatus) as SourceRow['lastStatus'],
    datasets: JSON.parse(String(values[8] ?? '[]')) as Catalogue['datasets'],
  };
}

/** The source `id`, or null when none has that id. */
export function readSourceRow(db: Database, id: string): SourceRow | null {
  const statement = db.prepare(`SELECT ${SOURCE_COLUMNS} FROM sources WHERE id = ?`);
  try {
    statement.bind([id]);
    return statement.step() ? rowOf(statement.get()) : null;
  } finally {
    statement.free();
  }
}

/** Every source, in the order of the list (embedded first). */
export function readSourceRows(db: Database): SourceRow[] {
  const rows = db.exec(`SELECT ${SOURCE_COLUMNS} FROM sources ORDER BY position, id`);
  return (rows[0]?.values ?? []).map(rowOf);
}

/** Adds a source at the end of the list (the embedded one always first). */
export function insertSourceRow(db: Database, config: SourceConfig): void {
  const last = Number(
    db.exec('SELECT MAX(position) FROM sources')[0]?.values[0]?.[0] ?? 0,
  );
  const position = config.kind === 'embedded' ? 0 : Math.max(0, last) + 1;
  db.run(
    `INSERT INTO sources (id, kind, config, position, datasets) VALUES (?, ?, ?, ?, '[]')`,
    [config.id, config.kind, JSON.stringify(config), position],
  );
}

/**
 * The source records are applied to: a built-in one (embedded catalogue,
 * catalogue files) is created on first use; any other must have been saved.
 */
export function sourceForApply(db: Database, id: string): SourceRow {
  const existing = readSourceRow(db, id);
  if (existing) return existing;
  const builtIn = BUILT_IN_SOURCES[id];
  if (!builtIn) {
    throw new UserError(
      `La source « ${id} » n’est pas configurée : ajoutez-la avant de la synchroniser.`,
    );
  }
  insertSourceRow(db, builtIn);
  const created = readSourceRow(db, id);
  if (!created) throw new Error(`source ${id} missing after insert`);
  return created;
}

/** Provenance given to a record that names none: the source itself. */
export function sourceProvenance(config: SourceConfig, recordId: string): RecordSource {
  return {
    dataset: config.name,
    recordId,
    licence: config.licence,
    url: 'url' in config ? config.url : null,
  };
}

/** How many records each source holds (sources with none are absent). */
export function recordCountsBySource(db: Database): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [id, count] of db.exec(
    'SELECT source_id, count(*) FROM source_records GROUP BY source_id',
  )[0]?.values ?? []) {
    counts.set(String(id), Number(count));
  }
  return counts;
}

/**
 * Rewrites the catalogue metadata that follow the sources: `datasets`, the
 * union of what each source declared (a source declaring none counts as one
 * data set named after it), and `loadedAt` when given. `version` and
 * `generatedAt` stay those of the embedded catalogue (storeCatalogue).
 */
export function refreshCatalogueMeta(db: Database, loadedAt: Date | null): void {
  const counts = recordCountsBySource(db);
  const byName = new Map<string, Catalogue['datasets'][number]>();
  for (const source of readSourceRows(db)) {
    const records = counts.get(source.config.id) ?? 0;
    if (records === 0) continue;
    const declared: Catalogue['datasets'] =
      source.datasets.length > 0
        ? source.datasets
        : [
            {
              name: source.config.name,
              licence: source.config.licence,
              url: 'url' in source.config ? source.config.url : null,
              records,
            },
          ];
    for (const dataset of declared) {
      const known = byName.get(dataset.name);
      if (known) known.records += dataset.records;
      else byName.set(dataset.name, { ...dataset });
    }
  }
  const upsert = 'INSERT OR REPLACE INTO catalogue_meta (key, value) VALUES (?, ?)';
  db.run(upsert, ['datasets', JSON.stringify([...byName.values()])]);
  if (loadedAt) db.run(upsert, ['loadedAt', loadedAt.toISOString()]);
}
