import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Catalogue } from '../../../shared/model';
import {
  readCatalogueMeta,
  readSuppliers,
} from '../../../main/services/database/catalogue-store';
import { loadSqlJs } from '../../../main/services/database/load-sql-js';
import { MIGRATIONS } from '../../../main/services/database/migrations';
import {
  migrateDatabase,
  schemaVersion,
} from '../../../main/services/database/migrate-database';
import { openDatabase } from '../../../main/services/database/open-database';
import { openCatalogue } from '../../../main/services/open-catalogue';
import { applySnapshot } from '../../../main/services/sync/apply-records';
import { listSources, saveSource } from '../../../main/services/sync/source-store';
import { storeLegacyCatalogue } from '../../helpers/legacy-catalogue';
import { makeCatalogue, makeSupplier } from '../main/catalogue-factory';
import { feedSource, record } from './store-fixtures';

let dir: string;
let path: string;
const DAY = new Date('2026-02-03T10:00:00Z');
const LATER = new Date('2026-03-01T08:00:00Z');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-store-'));
  path = join(dir, 'passerelle.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('migration 3', () => {
  it('turns the catalogue of a version-2 database into the source « embedded »', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    migrateDatabase(db, MIGRATIONS.slice(0, 2));
    const catalogue = makeCatalogue('2026.01.01-0000000a');
    storeLegacyCatalogue(db, catalogue, DAY);

    expect(migrateDatabase(db)).toEqual([3, 4, 5]);
    expect(schemaVersion(db)).toBe(5);
    expect(listSources(db).map((s) => [s.config.id, s.cursor, s.supplierCount])).toEqual([
      ['embedded', '2026.01.01-0000000a', 2],
    ]);
    // Same suppliers, each provenance now naming its source.
    expect(readSuppliers(db)).toEqual(
      [...catalogue.suppliers]
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .map((s) => ({
          ...s,
          sources: s.sources.map((source) => ({ ...source, sourceId: 'embedded' })),
        })),
    );
    expect(readCatalogueMeta(db)).toEqual({
      version: '2026.01.01-0000000a',
      generatedAt: '2026-01-01T00:00:00.000Z',
      loadedAt: DAY.toISOString(),
      datasets: catalogue.datasets,
    });
    // The search text still holds the sector names (migration 2's work).
    expect(
      db.exec("SELECT search_text FROM suppliers WHERE id = 'siret-12345678900011'")[0]
        ?.values[0]?.[0],
    ).toBe('jardins de harnes harnes 62440 entretien des espaces verts espaces verts');
    db.close();
  });

  it('migrates an empty version-2 database', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    migrateDatabase(db, MIGRATIONS.slice(0, 2));
    expect(migrateDatabase(db)).toEqual([3, 4, 5]);
    expect(listSources(db).map((s) => [s.config.id, s.cursor, s.supplierCount])).toEqual([
      ['embedded', null, 0],
    ]);
    db.close();
  });
});

describe('openCatalogue and the embedded source', () => {
  const embedded = (
    version: string,
    suppliers = makeCatalogue().suppliers,
  ): Catalogue => ({
    ...makeCatalogue(version),
    suppliers,
  });

  it('stores the embedded catalogue as its source on first start, and saves', async () => {
    const open = await openCatalogue(path, embedded('2026.01.01-0000000a'), DAY);
    expect(open.suppliers.map((s) => s.id)).toEqual([
      'siret-01234567800019',
      'siret-12345678900011',
    ]);
    expect(open.meta.version).toBe('2026.01.01-0000000a');
    open.handle.close();
    const again = await openDatabase(path);
    expect(listSources(again.db).map((s) => [s.config.id, s.cursor])).toEqual([
      ['embedded', '2026.01.01-0000000a'],
    ]);
    again.close();
  });

  it('applies a newer embedded version to its own records, never wiping other sources', async () => {
    const first = await openCatalogue(path, embedded('2026.01.01-0000000a'), DAY);
    saveSource(first.handle.db, feedSource('flux'));
    applySnapshot(first.handle.db, {
      sourceId: 'flux',
      records: [
        // Same SIRET as an embedded supplier, and one of its own.
        record('siret-12345678900011', { labels: ['ess'] }),
        record('flux-2', {
          siret: null,
          name: 'Atelier Vélo Solidaire',
          location: { lat: 48.85, lon: 2.35 },
        }),
      ],
      cursor: '1-aaaaaaaaaaaa',
      sequence: 1,
    });
    first.handle.save();
    first.handle.close();

    // The new embedded version drops « Recyclerie de Bourg » and the Harnes record.
    const newer = embedded('2026.02.01-0000000b', [
      makeSupplier({
        id: 'siret-55555555500005',
        siret: '55555555500005',
        name: 'Nouveau',
      }),
    ]);
    const open = await openCatalogue(path, newer, LATER);
    // The new embedded version, and the feed's records at the cursor it reached.
    expect(open.meta.version).toBe('2026.02.01-0000000b + flux@1-aaaaaaaaaaaa');
    expect(open.meta.loadedAt).toBe(LATER.toISOString());
    expect(open.suppliers.map((s) => [s.id, s.sources.map((x) => x.sourceId)])).toEqual([
      ['flux-2', ['flux']],
      ['siret-12345678900011', ['flux']],
      ['siret-55555555500005', ['embedded']],
    ]);
    expect(open.suppliersById.get('siret-12345678900011')?.labels).toEqual(['ess']);
    open.handle.close();
  });

  it('leaves the database alone when the embedded version is the stored one', async () => {
    const first = await openCatalogue(path, embedded('2026.01.01-0000000a'), DAY);
    first.handle.close();
    const open = await openCatalogue(path, embedded('2026.01.01-0000000a'), LATER);
    expect(open.meta.loadedAt).toBe(DAY.toISOString());
    open.handle.close();
  });

  it('reloads the merged catalogue after a sync', async () => {
    const open = await openCatalogue(null, embedded('2026.01.01-0000000a'), DAY);
    saveSource(open.handle.db, feedSource('flux'));
    applySnapshot(open.handle.db, {
      sourceId: 'flux',
      records: [
        record('flux-2', { siret: null, name: 'Autre', location: { lat: 45, lon: 5 } }),
      ],
      cursor: '1-aaaaaaaaaaaa',
      sequence: 1,
    });
    expect(open.suppliers).toHaveLength(2);
    open.reload();
    expect(open.suppliers).toHaveLength(3);
    expect(open.suppliersById.get('flux-2')?.name).toBe('Autre');
    open.handle.close();
  });
});
