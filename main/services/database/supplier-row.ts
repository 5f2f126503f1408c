/** One row of the merged `suppliers` table, as every reader of the catalogue expects it. */
import type { Database, SqlValue } from 'sql.js';
import type { Supplier } from '../../../shared/model';
import { supplierSearchText } from './supplier-search-text';

const utf8 = new TextEncoder();

/**
 * A long text as a statement parameter: its UTF-8 bytes, to bind through
 * `CAST(? AS TEXT)`. sql.js copies a bound JS string into its heap one
 * character at a time, a bound byte array in one go: about 30 times faster
 * for a supplier's JSON, and the column still holds TEXT.
 */
export function textBytes(text: string): Uint8Array {
  return utf8.encode(text);
}

/** Inserts one supplier; the values come from supplierRowValues. */
export const INSERT_SUPPLIER_SQL = `INSERT INTO suppliers (id, siret, name, kind, labels, naf,
   sectors, cpv, city, postcode, insee, lat, lon, search_text, json)
 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), CAST(? AS TEXT))`;

/** The values of INSERT_SUPPLIER_SQL for `supplier`, its JSON already written. */
export function supplierRowValues(
  supplier: Supplier,
  json: string,
  sectorNames: ReadonlyMap<number, string>,
): SqlValue[] {
  return [
    supplier.id,
    supplier.siret,
    supplier.name,
    supplier.kind,
    JSON.stringify(supplier.labels),
    supplier.naf,
    JSON.stringify(supplier.sectorIds),
    JSON.stringify(supplier.cpv),
    supplier.address.city,
    supplier.address.postcode,
    supplier.address.inseeCode,
    supplier.location.lat,
    supplier.location.lon,
    textBytes(supplierSearchText(supplier, sectorNames)),
    textBytes(json),
  ];
}

/** Sector names by id, as the search text needs them. */
export function readSectorNames(db: Database): Map<number, string> {
  const names = new Map<number, string>();
  for (const [id, name] of db.exec('SELECT id, name FROM sectors')[0]?.values ?? []) {
    names.set(Number(id), String(name));
  }
  return names;
}

/** Recomputes every supplier's search text (after the sector names changed), in batches. */
export function refreshAllSearchText(db: Database): void {
  const names = readSectorNames(db);
  const select = db.prepare(
    'SELECT rowid, json FROM suppliers WHERE rowid > ? ORDER BY rowid LIMIT 1000',
  );
  const update = db.prepare('UPDATE suppliers SET search_text = ? WHERE rowid = ?');
  try {
    let last = -1;
    for (;;) {
      const batch: [number, string][] = [];
      select.bind([last]);
      while (select.step()) {
        const [rowid, json] = select.get();
        batch.push([Number(rowid), String(json)]);
      }
      select.reset();
      if (batch.length === 0) return;
      for (const [rowid, json] of batch) {
        update.run([supplierSearchText(JSON.parse(json) as Supplier, names), rowid]);
        last = rowid;
      }
    }
  } finally {
    select.free();
    update.free();
  }
}
