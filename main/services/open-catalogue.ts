/** Opens the catalogue database and makes sure it holds a catalogue. */
import type { Catalogue, Sector, Supplier } from '../../shared/model';
import {
  readCatalogueMeta,
  readSectors,
  readSuppliers,
  storeCatalogue,
  type CatalogueMeta,
} from './database/catalogue-store';
import { openDatabase, type DatabaseHandle } from './database/open-database';

/** The open database and the catalogue it holds, kept in memory for matching. */
export interface OpenCatalogue {
  handle: DatabaseHandle;
  meta: CatalogueMeta;
  sectors: Sector[];
  suppliers: Supplier[];
  suppliersById: ReadonlyMap<string, Supplier>;
}

/**
 * Opens the database at `path` (null: in memory). An empty database, or one
 * holding another version than `catalogue`, gets `catalogue` in one
 * transaction and is then saved.
 */
export async function openCatalogue(
  path: string | null,
  catalogue: Catalogue,
  now: Date,
): Promise<OpenCatalogue> {
  const handle = await openDatabase(path);
  for (const notice of handle.notices) console.warn('[database]', notice);
  try {
    const stored = readCatalogueMeta(handle.db);
    // TODO: once a feed sync exists, keep a synced catalogue newer than the embedded one.
    if (!stored || stored.version !== catalogue.version) {
      storeCatalogue(handle.db, catalogue, now);
      handle.save();
    }
    const meta = readCatalogueMeta(handle.db);
    if (!meta) throw new Error('catalogue_meta empty after import');
    const suppliers = readSuppliers(handle.db);
    return {
      handle,
      meta,
      sectors: readSectors(handle.db),
      suppliers,
      suppliersById: new Map(suppliers.map((s) => [s.id, s])),
    };
  } catch (error) {
    handle.close();
    throw error;
  }
}
