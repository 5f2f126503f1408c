/** Hand-made records and database helpers for the store tests. */
import type { Database } from 'sql.js';
import type { SourceConfig } from '../../../shared/feed/sync-types';
import type { Supplier } from '../../../shared/model';
import {
  openDatabase,
  type DatabaseHandle,
} from '../../../main/services/database/open-database';
import { applySnapshot } from '../../../main/services/sync/apply-records';
import { saveSource } from '../../../main/services/sync/source-store';
import { makeSupplier } from '../main/catalogue-factory';

/** Degrees of latitude for `metres` north, with Turf's Earth radius (6 371 008.8 m). */
export function northDegrees(metres: number): number {
  return (metres / 6_371_008.8) * (180 / Math.PI);
}

/** A record of a source: the catalogue factory's supplier with its own id and provenance. */
export function record(
  id: string,
  overrides: Partial<Supplier> = {},
  dataset = 'Jeu de test',
): Supplier {
  return makeSupplier({
    id,
    sources: [{ dataset, recordId: id, licence: 'Licence Ouverte', url: null }],
    ...overrides,
  });
}

/** A feed source named after its id. */
export function feedSource(
  id: string,
): Extract<SourceConfig, { kind: 'passerelle-feed' }> {
  return {
    id,
    kind: 'passerelle-feed',
    name: `Flux ${id}`,
    enabled: true,
    licence: 'Licence Ouverte',
    url: `http://127.0.0.1:9/${id}/feed.json`,
  };
}

/** A new in-memory database with the feed sources `ids` configured. */
export async function databaseWithSources(...ids: string[]): Promise<DatabaseHandle> {
  const handle = await openDatabase(null);
  for (const id of ids) saveSource(handle.db, feedSource(id));
  return handle;
}

/** Every row of every catalogue table, to compare a database before and after. */
export function dumpTables(db: Database): Record<string, unknown[][]> {
  const tables = ['sources', 'source_records', 'suppliers', 'sectors', 'catalogue_meta'];
  const dump: Record<string, unknown[][]> = {};
  for (const table of tables) {
    dump[table] = db.exec(`SELECT * FROM ${table} ORDER BY 1, 2`)[0]?.values ?? [];
  }
  return dump;
}

/** The merged suppliers, by id. */
export function suppliersById(db: Database): Map<string, Supplier> {
  const rows = db.exec('SELECT json FROM suppliers ORDER BY id')[0]?.values ?? [];
  return new Map(
    rows.map(([json]) => {
      const s = JSON.parse(String(json)) as Supplier;
      return [s.id, s];
    }),
  );
}

/** A database file at `path` with the source « flux » holding records a and b (distinct SIRETs), saved whole. */
export async function savedWithRecordsAB(path: string): Promise<DatabaseHandle> {
  const handle = await openDatabase(path);
  saveSource(handle.db, feedSource('flux'));
  applySnapshot(handle.db, {
    sourceId: 'flux',
    records: [
      record('a', { siret: '11111111100011', name: 'Atelier A' }),
      record('b', { siret: '22222222200022', name: 'Boulangerie B' }),
    ],
    cursor: '1',
    sequence: 1,
  });
  handle.save();
  return handle;
}
