/** The numbered schema migrations of the catalogue database. */

/** One schema step; `version` numbers follow each other from 1. */
export interface Migration {
  version: number;
  description: string;
  sql: string;
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
];
