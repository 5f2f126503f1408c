/** Writes a catalogue into the database and reads it back. */
import type { Database, SqlValue } from 'sql.js';
import type { Catalogue, Sector, Supplier } from '../../../shared/model';
import { supplierSearchText } from './supplier-search-text';

/** What the database knows about the catalogue it holds. */
export interface CatalogueMeta {
  version: string;
  generatedAt: string;
  loadedAt: string;
  datasets: Catalogue['datasets'];
}

/** Replaces the database's catalogue by `catalogue`, in one transaction. */
export function storeCatalogue(db: Database, catalogue: Catalogue, loadedAt: Date): void {
  db.run('BEGIN');
  try {
    db.run('DELETE FROM suppliers');
    db.run('DELETE FROM sectors');
    db.run('DELETE FROM catalogue_meta');
    const meta: Record<string, string> = {
      version: catalogue.version,
      generatedAt: catalogue.generatedAt,
      loadedAt: loadedAt.toISOString(),
      datasets: JSON.stringify(catalogue.datasets),
    };
    for (const [key, value] of Object.entries(meta)) {
      db.run('INSERT INTO catalogue_meta (key, value) VALUES (?, ?)', [key, value]);
    }
    const sector = db.prepare(
      'INSERT INTO sectors (id, name, slug, sector_group, cpv) VALUES (?, ?, ?, ?, ?)',
    );
    for (const s of catalogue.sectors) {
      sector.run([s.id, s.name, s.slug, s.group, JSON.stringify(s.cpv)]);
    }
    sector.free();
    const sectorNames = new Map(catalogue.sectors.map((s) => [s.id, s.name]));
    const supplier = db.prepare(
      `INSERT INTO suppliers (id, siret, name, kind, labels, naf, sectors, cpv, city,
         postcode, insee, lat, lon, search_text, json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const s of catalogue.suppliers) {
      supplier.run([
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
        supplierSearchText(s, sectorNames),
        JSON.stringify(s),
      ]);
    }
    supplier.free();
    db.run('COMMIT');
  } catch (error) {
    db.run('ROLLBACK');
    throw error;
  }
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
  const rows = db.exec('SELECT json FROM suppliers ORDER BY id');
  return (rows[0]?.values ?? []).map(([json]) => JSON.parse(String(json)) as Supplier);
}

/** Number of suppliers stored. */
export function countSuppliers(db: Database): number {
  const rows = db.exec('SELECT count(*) FROM suppliers');
  return Number(rows[0]?.values[0]?.[0] ?? 0);
}
