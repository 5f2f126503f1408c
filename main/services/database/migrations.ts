/** The numbered schema migrations of the catalogue database. */
import type { Database } from 'sql.js';
import type { Catalogue, Supplier } from '../../../shared/model';
import { applyRecordsInTransaction } from '../sync/apply-records';
import { BUILT_IN_SOURCES, EMBEDDED_SOURCE_ID, insertSourceRow } from './source-rows';
import { supplierSearchText } from './supplier-search-text';

/** One schema step; `version` numbers follow each other from 1. */
export interface Migration {
  version: number;
  description: string;
  sql: string;
  /** Data work SQL cannot do (French folding), run after `sql` in the same transaction. */
  apply?: (db: Database) => void;
}

/** Every migration, in order. Never edit a released one: add the next. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'catalogue : métadonnées, fournisseurs, secteurs',
    sql: `
      CREATE TABLE catalogue_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE suppliers (
        id TEXT PRIMARY KEY,
        siret TEXT,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        labels TEXT NOT NULL,
        naf TEXT,
        sectors TEXT NOT NULL,
        cpv TEXT NOT NULL,
        city TEXT NOT NULL,
        postcode TEXT NOT NULL,
        insee TEXT,
        lat REAL NOT NULL,
        lon REAL NOT NULL,
        search_text TEXT NOT NULL,
        json TEXT NOT NULL
      );
      CREATE TABLE sectors (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        slug TEXT NOT NULL,
        sector_group TEXT NOT NULL,
        cpv TEXT NOT NULL
      );
      CREATE INDEX suppliers_siret ON suppliers (siret);
      CREATE INDEX suppliers_kind ON suppliers (kind);
      CREATE INDEX suppliers_lat ON suppliers (lat);
      CREATE INDEX suppliers_lon ON suppliers (lon);
    `,
  },
  {
    version: 2,
    description:
      'recherche : les noms des secteurs du fournisseur entrent dans le texte cherché',
    sql: '',
    apply: refreshSearchText,
  },
  {
    version: 3,
    description:
      'sources du catalogue : sources, enregistrements par source, journal des ' +
      'synchronisations, réglages ; le catalogue présent devient la source « embedded »',
    sql: `
      CREATE TABLE sources (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        config TEXT NOT NULL,
        position INTEGER NOT NULL,
        cursor TEXT,
        sequence INTEGER,
        etag TEXT,
        last_modified TEXT,
        last_sync_at TEXT,
        last_status TEXT,
        datasets TEXT NOT NULL DEFAULT '[]'
      );
      CREATE TABLE source_records (
        source_id TEXT NOT NULL,
        record_id TEXT NOT NULL,
        supplier_id TEXT NOT NULL,
        siret TEXT,
        name_folded TEXT NOT NULL,
        lat REAL NOT NULL,
        lon REAL NOT NULL,
        revision INTEGER NOT NULL,
        hash TEXT NOT NULL,
        json TEXT,
        PRIMARY KEY (source_id, record_id)
      );
      CREATE INDEX source_records_siret ON source_records (siret);
      CREATE INDEX source_records_supplier ON source_records (supplier_id);
      CREATE INDEX source_records_name ON source_records (name_folded, lat);
      CREATE TABLE sync_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source_id TEXT NOT NULL,
        source_name TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        status TEXT NOT NULL,
        added INTEGER NOT NULL,
        changed INTEGER NOT NULL,
        removed INTEGER NOT NULL,
        rejected TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        cursor TEXT,
        message TEXT NOT NULL
      );
      CREATE INDEX sync_log_source ON sync_log (source_id, id);
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
    apply: moveCatalogueIntoEmbeddedSource,
  },
  {
    version: 4,
    description:
      'journal des synchronisations : les fiches gardées avec un avertissement ' +
      '(commune trouvée par le code postal seul, secteur ignoré…)',
    sql: `ALTER TABLE sync_log ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';`,
  },
  {
    version: 5,
    description:
      'fournisseurs : index inutiles retirés (type de structure : cinq valeurs ; ' +
      'longitude : la recherche par distance passe par la latitude)',
    // Each index is written at every insert: a full sync of 100,000 suppliers
    // spent about 0,4 s on these two, which no query needs.
    sql: `DROP INDEX suppliers_kind; DROP INDEX suppliers_lon;`,
  },
];

/**
 * Migration 3: the suppliers a version-2 database holds came from the
 * embedded (or a given) catalogue; they become the records of the source
 * « embedded », at the catalogue's version, and the merged table is rebuilt
 * from them (same suppliers, each provenance now naming its source).
 */
function moveCatalogueIntoEmbeddedSource(db: Database): void {
  const meta = new Map<string, string>();
  for (const [key, value] of db.exec('SELECT key, value FROM catalogue_meta')[0]
    ?.values ?? []) {
    meta.set(String(key), String(value));
  }
  const records = (
    db.exec('SELECT json FROM suppliers ORDER BY id')[0]?.values ?? []
  ).map(([json]) => JSON.parse(String(json)) as Supplier);
  db.run('DELETE FROM suppliers');
  insertSourceRow(db, BUILT_IN_SOURCES[EMBEDDED_SOURCE_ID]!);
  const loadedAt = meta.get('loadedAt');
  applyRecordsInTransaction(db, {
    sourceId: EMBEDDED_SOURCE_ID,
    upserts: records,
    removals: null,
    cursor: meta.get('version') ?? null,
    sequence: null,
    datasets: JSON.parse(meta.get('datasets') ?? '[]') as Catalogue['datasets'],
    ...(loadedAt ? { appliedAt: new Date(loadedAt) } : {}),
  });
}

/** Recomputes every supplier's search text from its record and the sectors table. */
function refreshSearchText(db: Database): void {
  const names = new Map<number, string>();
  for (const [id, name] of db.exec('SELECT id, name FROM sectors')[0]?.values ?? []) {
    names.set(Number(id), String(name));
  }
  const rows = db.exec('SELECT id, json FROM suppliers')[0]?.values ?? [];
  const update = db.prepare('UPDATE suppliers SET search_text = ? WHERE id = ?');
  for (const [id, json] of rows) {
    const supplier = JSON.parse(String(json)) as Supplier;
    update.run([supplierSearchText(supplier, names), id ?? null]);
  }
  update.free();
}
