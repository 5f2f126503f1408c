/** The local merged catalogue as one Catalogue object, for a catalogue file export. */
import { datasetsOf } from '../feed/feed-content';
import { createHash } from 'node:crypto';
import type { Database } from 'sql.js';
import type { Catalogue, Supplier } from '../../../shared/model';
import {
  readCatalogueMeta,
  readSectors,
  readSuppliers,
} from '../database/catalogue-store';

/**
 * The supplier with one provenance per data set record. The merged catalogue
 * lists a record once per local source that brought it (an imported catalogue
 * file repeats the embedded provenances): left as is, every export and import
 * round trip would add a copy of each.
 */
export function withDistinctSources(supplier: Supplier): Supplier {
  const seen = new Set<string>();
  const sources = supplier.sources.filter((s) => {
    const key = JSON.stringify([s.dataset, s.recordId, s.licence, s.url]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return sources.length === supplier.sources.length ? supplier : { ...supplier, sources };
}

/**
 * The suppliers and sectors the database holds, as a Catalogue, each
 * provenance once (withDistinctSources). Its version
 * follows the catalogue format: the export day, then the first 8 hex digits
 * of the SHA-256 of the sectors and suppliers.
 */
export function readLocalCatalogue(db: Database, now: Date): Catalogue {
  const sectors = readSectors(db);
  const suppliers = readSuppliers(db).map(withDistinctSources);
  const meta = readCatalogueMeta(db);
  const hash = createHash('sha256')
    .update(JSON.stringify(sectors))
    .update(JSON.stringify(suppliers))
    .digest('hex');
  const day = now.toISOString().slice(0, 10).replace(/-/g, '.');
  return {
    format: 'passerelle-catalogue',
    formatVersion: 1,
    version: `${day}-${hash.slice(0, 8)}`,
    generatedAt: now.toISOString(),
    datasets: datasetsOf(suppliers, meta?.datasets ?? []),
    sectors,
    suppliers,
  };
}

export { datasetsOf };
