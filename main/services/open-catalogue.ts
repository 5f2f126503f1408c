/** Opens the catalogue database and makes sure it holds the embedded catalogue. */
import type { Database } from 'sql.js';
import type { Catalogue, Sector, Supplier } from '../../shared/model';
import {
  readCatalogueMeta,
  readSectors,
  readSuppliersSteps,
  storeCatalogue,
  type CatalogueMeta,
} from './database/catalogue-store';
import { openDatabase, type DatabaseHandle } from './database/open-database';
import { logUnfinishedSync } from './sync/unfinished-sync';
import { runInSlices, runToEnd, type Steps } from './run-steps';
import {
  EMBEDDED_SOURCE_ID,
  readSourceRow,
  readSourceRows,
  recordCountsBySource,
} from './database/source-rows';

/** The open database and the merged catalogue it holds, kept in memory for matching. */
export interface OpenCatalogue {
  handle: DatabaseHandle;
  meta: CatalogueMeta;
  sectors: Sector[];
  suppliers: Supplier[];
  suppliersById: ReadonlyMap<string, Supplier>;
  /** Reads the merged catalogue again (after a sync changed it). */
  reload(): void;
  /**
   * The same, letting the event loop run while 100,000 suppliers are read;
   * the catalogue in use is replaced at once at the end.
   */
  reloadInSlices(): Promise<void>;
}

/**
 * Opens the database at `path` (null: in memory). The embedded `catalogue`
 * is the source « embedded »: stored on first start, and applied again as a
 * snapshot of that source when its version differs from the one stored,
 * which replaces the embedded records only (other sources' records stay and
 * are merged again where they meet). The database is then saved.
 */
export async function openCatalogue(
  path: string | null,
  catalogue: Catalogue,
  now: Date,
): Promise<OpenCatalogue> {
  const handle = await openDatabase(path);
  // Shown on the terminal of every shell (CLI, browser mode, app); the app's screens show them too.
  for (const notice of handle.notices) console.warn(notice);
  try {
    const embedded = readSourceRow(handle.db, EMBEDDED_SOURCE_ID);
    if (
      !embedded ||
      embedded.cursor !== catalogue.version ||
      readCatalogueMeta(handle.db) === null
    ) {
      storeCatalogue(handle.db, catalogue, now);
      handle.save();
    }
    const unfinished = logUnfinishedSync(handle.db, now);
    if (unfinished) {
      handle.notices.push(unfinished);
      console.warn(unfinished);
      handle.save();
    }
    /** Reads the catalogue, then puts it in use at once (the old one serves meanwhile). */
    function* reloadSteps(): Steps<void> {
      const suppliers = yield* readSuppliersSteps(handle.db);
      const meta = readMeta(handle);
      open.meta = { ...meta, version: contentVersion(handle.db, meta.version) };
      open.sectors = readSectors(handle.db);
      open.suppliers = suppliers;
      open.suppliersById = new Map(suppliers.map((s) => [s.id, s]));
    }
    const open: OpenCatalogue = {
      handle,
      meta: readMeta(handle), // replaced by reload() below
      sectors: [],
      suppliers: [],
      suppliersById: new Map(),
      reload(): void {
        runToEnd(reloadSteps());
      },
      reloadInSlices(): Promise<void> {
        return runInSlices(reloadSteps());
      },
    };
    open.reload();
    return open;
  } catch (error) {
    handle.close();
    throw error;
  }
}

function readMeta(handle: DatabaseHandle): CatalogueMeta {
  const meta = readCatalogueMeta(handle.db);
  if (!meta) throw new Error('catalogue_meta empty after import');
  return meta;
}

/**
 * The version of what the buyer matches against, as reports and screens show
 * it: the embedded catalogue's, then each other source holding records with
 * the cursor it reached (or the day of its last sync), e.g.
 * « 2026.09.16-2fcada1c + flux-national@3-ab12cd34ef56 ».
 */
function contentVersion(db: Database, embeddedVersion: string): string {
  const counts = recordCountsBySource(db);
  const parts = readSourceRows(db)
    .filter((row) => row.config.id !== EMBEDDED_SOURCE_ID)
    .filter((row) => (counts.get(row.config.id) ?? 0) > 0)
    .map(
      (row) => `${row.config.id}@${row.cursor ?? row.lastSyncAt?.slice(0, 10) ?? '?'}`,
    );
  return [embeddedVersion, ...parts].join(' + ');
}
