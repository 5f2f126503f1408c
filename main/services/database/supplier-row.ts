/** One row of the merged `suppliers` table, as every reader of the catalogue expects it. */
import type { Database, SqlValue } from 'sql.js';
import type { Supplier } from '../../../shared/model';
import { supplierSearchText } from './supplier-search-text';

const utf8 = new TextEncoder();

/** The one buffer texts are encoded into for binding (grown when needed). */
let scratch = new Uint8Array(256 * 1024);

/**
 * Long texts as statement parameters: their UTF-8 bytes, to bind through
 * `CAST(? AS TEXT)`. sql.js copies a bound JS string into its heap one
 * character at a time, a bound byte array in one go: about 30 times faster
 * for a supplier's JSON, and the column still holds TEXT. The bytes are
 * views of one shared buffer (a sync of 100,000 suppliers would otherwise
 * leave 120 Mo of arrays to the garbage collector): bind them before the
 * next call, which overwrites them (sql.js copies them when binding).
 */
export function textsBytes(...texts: string[]): Uint8Array[] {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  const most = texts.reduce((sum, text) => sum + text.length * 3, 0);
  if (most > scratch.length) scratch = new Uint8Array(Math.max(most, scratch.length * 2));
  const views: Uint8Array[] = [];
  let offset = 0;
  for (const text of texts) {
    const { written } = utf8.encodeInto(text, scratch.subarray(offset));
    views.push(scratch.subarray(offset, offset + written));
    offset += written;
  }
  return views;
}

/** One text's bytes for binding; see textsBytes (overwritten by the next call). */
export function textBytes(text: string): Uint8Array {
  return textsBytes(text)[0] ?? new Uint8Array();
}

/** Inserts one supplier; the values come from supplierRowValues. */
export const INSERT_SUPPLIER_SQL = `INSERT INTO suppliers (id, siret, name, kind, labels, naf,
   sectors, cpv, city, postcode, insee, lat, lon, search_text, json)
 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), CAST(? AS TEXT))`;

/** The values of INSERT_SUPPLIER_SQL for `supplier`, its JSON already written; bind them before the next call (see textsBytes). */
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
    ...textsBytes(supplierSearchText(supplier, sectorNames), json),
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
