/** The numbered schema migrations of the catalogue database. */
import type { Database } from 'sql.js';
import type { Supplier } from '../../../shared/model';
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
];

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
