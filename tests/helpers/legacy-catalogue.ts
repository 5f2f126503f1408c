/**
 * Writes a catalogue the way schema versions 1 and 2 did (straight into
 * `suppliers`, `sectors` and `catalogue_meta`), to build the old databases
 * the migration tests start from.
 */
import type { Database } from 'sql.js';
import type { Catalogue } from '../../shared/model';
import { foldText } from '../../shared/text/fold-text';

export function storeLegacyCatalogue(
  db: Database,
  catalogue: Catalogue,
  loadedAt: Date,
): void {
  const meta: Record<string, string> = {
    version: catalogue.version,
    generatedAt: catalogue.generatedAt,
    loadedAt: loadedAt.toISOString(),
    datasets: JSON.stringify(catalogue.datasets),
  };
  for (const [key, value] of Object.entries(meta)) {
    db.run('INSERT INTO catalogue_meta (key, value) VALUES (?, ?)', [key, value]);
  }
  for (const s of catalogue.sectors) {
    db.run(
      'INSERT INTO sectors (id, name, slug, sector_group, cpv) VALUES (?, ?, ?, ?, ?)',
      [s.id, s.name, s.slug, s.group, JSON.stringify(s.cpv)],
    );
  }
  for (const s of catalogue.suppliers) {
    db.run(
      `INSERT INTO suppliers (id, siret, name, kind, labels, naf, sectors, cpv, city,
         postcode, insee, lat, lon, search_text, json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        s.id,
        s.siret,
        s.name,
        s.kind,
        JSON.stringify(s.labels),
        s.naf,
        JSON.stringify(s.sectorIds),
        JSON.stringify(s.cpv),
        s.address.city,
        s.address.postcode,
        s.address.inseeCode,
        s.location.lat,
        s.location.lon,
        // What version 1 stored: no sector names.
        foldText([s.name, s.brand ?? '', s.address.city, s.address.postcode].join(' ')),
        JSON.stringify(s),
      ],
    );
  }
}
