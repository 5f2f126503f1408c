/** Writes a catalogue into the database and reads the merged catalogue back. */
import type { Database, SqlValue } from 'sql.js';
import type { Catalogue, Sector, Supplier } from '../../../shared/model';
import {
  applyRecordsInTransaction,
  inTransaction,
  type ApplyResult,
} from '../sync/apply-records';
import { EMBEDDED_SOURCE_ID } from './source-rows';
import { runToEnd, type Steps } from '../run-steps';

/** What the database knows about the catalogue it holds. */
export interface CatalogueMeta {
  /** Version of the embedded (or given) catalogue, the one Passerelle ships. */
  version: string;
  generatedAt: string;
  /** When the merged catalogue last changed (any source). */
  loadedAt: string;
  /** Data sets of every source, merged by name. */
  datasets: Catalogue['datasets'];
}

/**
 * Stores `catalogue` as the records of the source « embedded », in one
 * transaction: its suppliers replace that source's records (other sources
 * are kept and merged again where they meet), its sectors are added or
 * updated, and the catalogue metadata take its version.
 */
export function storeCatalogue(
  db: Database,
  catalogue: Catalogue,
  loadedAt: Date,
): ApplyResult {
  return inTransaction(db, () => {
    const result = applyRecordsInTransaction(db, {
      sourceId: EMBEDDED_SOURCE_ID,
      upserts: catalogue.suppliers,
      removals: null,
      sectors: catalogue.sectors,
      datasets: catalogue.datasets,
      cursor: catalogue.version,
      sequence: null,
      appliedAt: loadedAt,
    });
    const upsert = 'INSERT OR REPLACE INTO catalogue_meta (key, value) VALUES (?, ?)';
    db.run(upsert, ['version', catalogue.version]);
    db.run(upsert, ['generatedAt', catalogue.generatedAt]);
    db.run(upsert, ['loadedAt', loadedAt.toISOString()]);
    return result;
  });
}

/** The catalogue's metadata, or null when the database holds none yet. */
export function readCatalogueMeta(db: Database): CatalogueMeta | null {
  const rows = db.exec('SELECT key, value FROM catalogue_meta');
  const meta = new Map<SqlValue, SqlValue>(
    (rows[0]?.values ?? []).map((r) => [r[0] ?? null, r[1] ?? null]),
  );
  const version = meta.get('version');
  if (typeof version !== 'string') return null;
  return {
    version,
    generatedAt: String(meta.get('generatedAt') ?? ''),
    loadedAt: String(meta.get('loadedAt') ?? ''),
    datasets: JSON.parse(String(meta.get('datasets') ?? '[]')) as Catalogue['datasets'],
  };
}

/** Every sector, by id. */
export function readSectors(db: Database): Sector[] {
  const rows = db.exec(
    'SELECT id, name, slug, sector_group, cpv FROM sectors ORDER BY id',
  );
  return (rows[0]?.values ?? []).map(([id, name, slug, group, cpv]) => ({
    id: Number(id),
    name: String(name),
    slug: String(slug),
    group: String(group),
    cpv: JSON.parse(String(cpv)) as string[],
  }));
}

/** Every supplier, as full records, in id order. */
export function readSuppliers(db: Database): Supplier[] {
  return runToEnd(readSuppliersSteps(db));
}

/** readSuppliers as steps, one per 500 suppliers (see run-steps). */
export function* readSuppliersSteps(db: Database): Steps<Supplier[]> {
  const suppliers: Supplier[] = [];
  const select = db.prepare('SELECT json FROM suppliers ORDER BY id');
  try {
    while (select.step()) {
      suppliers.push(JSON.parse(String(select.get()[0])) as Supplier);
      if (suppliers.length % 500 === 0) yield;
    }
  } finally {
    select.free();
  }
  return suppliers;
}

/** Number of suppliers stored. */
export function countSuppliers(db: Database): number {
  const rows = db.exec('SELECT count(*) FROM suppliers');
  return Number(rows[0]?.values[0]?.[0] ?? 0);
}
