import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Catalogue, Supplier } from '../../../shared/model';
import type { DatabaseHandle } from '../../../main/services/database/open-database';
import { readSuppliers } from '../../../main/services/database/catalogue-store';
import {
  applyChanges,
  applySnapshot,
  type ApplyResult,
} from '../../../main/services/sync/apply-records';
import { resourcesDir } from '../../../main/services/resource-paths';
import { UserError } from '../../../main/services/user-error';
import {
  databaseWithSources,
  dumpTables,
  northDegrees,
  record,
  suppliersById,
} from './store-fixtures';

let handle: DatabaseHandle | null = null;
afterEach(() => {
  handle?.close();
  handle = null;
});

async function open(...sources: string[]): Promise<DatabaseHandle> {
  handle = await databaseWithSources(...sources);
  return handle;
}

function snapshot(
  h: DatabaseHandle,
  sourceId: string,
  records: Supplier[],
  sequence = 1,
): ApplyResult {
  return applySnapshot(h.db, {
    sourceId,
    records,
    cursor: `${sequence}-${sourceId}`,
    sequence,
  });
}

const HARNES = { lat: 50.4458, lon: 2.9069 };
const OTHER_ADDRESS = {
  street: '9 rue Neuve',
  postcode: '62440',
  city: 'Harnes',
  inseeCode: '62413',
  departement: '62',
};

describe('merge by SIRET', () => {
  it('makes one supplier of two sources’ records with the same SIRET, both provenances kept', async () => {
    const h = await open('a', 'b');
    snapshot(h, 'a', [record('siret-12345678900011', { labels: ['insertion'] })]);
    const result = snapshot(h, 'b', [
      record('b-7', {
        labels: ['ess', 'insertion'],
        sectorIds: [1, 4],
        cpv: ['45000000', '77310000'],
      }),
    ]);
    expect(result).toEqual({
      added: 1,
      changed: 0,
      removed: 0,
      supplierCount: 1,
      recordCount: 1,
    });
    const [supplier] = readSuppliers(h.db);
    expect(supplier?.id).toBe('siret-12345678900011');
    expect(supplier?.siret).toBe('12345678900011');
    expect(supplier?.labels).toEqual(['ess', 'insertion']);
    expect(supplier?.sectorIds).toEqual([1, 4]);
    expect(supplier?.cpv).toEqual(['45000000', '77310000']);
    expect(supplier?.sources).toEqual([
      {
        dataset: 'Jeu de test',
        recordId: 'siret-12345678900011',
        licence: 'Licence Ouverte',
        url: null,
        sourceId: 'a',
      },
      {
        dataset: 'Jeu de test',
        recordId: 'b-7',
        licence: 'Licence Ouverte',
        url: null,
        sourceId: 'b',
      },
    ]);
  });

  it('takes name, address and location from the record that changed last', async () => {
    const h = await open('a', 'b');
    snapshot(h, 'a', [record('siret-12345678900011')]);
    snapshot(h, 'b', [
      record('b-7', {
        name: 'Les Jardins de Harnes',
        address: OTHER_ADDRESS,
        location: { lat: 50.45, lon: 2.91 },
        website: null,
      }),
    ]);
    let supplier = suppliersById(h.db).get('siret-12345678900011');
    expect(supplier?.name).toBe('Les Jardins de Harnes');
    expect(supplier?.address.street).toBe('9 rue Neuve');
    expect(supplier?.location).toEqual({ lat: 50.45, lon: 2.91 });
    // b gives no website: a's is kept.
    expect(supplier?.website).toBe('https://jardins.example');

    // a changes its record afterwards: a is now the most recent.
    snapshot(
      h,
      'a',
      [record('siret-12345678900011', { name: 'Jardins de Harnes (ACI)' })],
      2,
    );
    supplier = suppliersById(h.db).get('siret-12345678900011');
    expect(supplier?.name).toBe('Jardins de Harnes (ACI)');
    expect(supplier?.address.street).toBe('1 rue des Fleurs');
    expect(supplier?.sources.map((s) => s.sourceId)).toEqual(['a', 'b']);
  });

  it('stores the e-mail and telephone of the records, each from the latest giving one', async () => {
    const h = await open('a', 'b');
    snapshot(h, 'a', [
      record('siret-12345678900011', {
        email: 'a@jardins.example',
        phone: '03 21 00 00 00',
      }),
    ]);
    snapshot(h, 'b', [record('b-7', { phone: '03 21 11 11 11' })]);
    const supplier = suppliersById(h.db).get('siret-12345678900011');
    // b changed last and gives a telephone, not an e-mail: a's e-mail is kept.
    expect([supplier?.email, supplier?.phone]).toEqual([
      'a@jardins.example',
      '03 21 11 11 11',
    ]);
  });

  it('keeps the other source’s record when one source removes its own', async () => {
    const h = await open('a', 'b');
    snapshot(h, 'a', [record('siret-12345678900011', { labels: ['insertion'] })]);
    snapshot(h, 'b', [record('b-7', { labels: ['ess'], address: OTHER_ADDRESS })]);
    const result = applyChanges(h.db, {
      sourceId: 'a',
      upserts: [],
      removals: ['siret-12345678900011'],
      cursor: '2-a',
      sequence: 2,
    });
    expect(result).toMatchObject({ removed: 1, supplierCount: 1, recordCount: 0 });
    const [supplier] = readSuppliers(h.db);
    expect(supplier?.id).toBe('siret-12345678900011');
    expect(supplier?.labels).toEqual(['ess']);
    expect(supplier?.address).toEqual(OTHER_ADDRESS);
    expect(supplier?.sources).toEqual([
      {
        dataset: 'Jeu de test',
        recordId: 'b-7',
        licence: 'Licence Ouverte',
        url: null,
        sourceId: 'b',
      },
    ]);
  });

  it('never merges two different SIRETs, even with the same name at the same place', async () => {
    const h = await open('a', 'b');
    snapshot(h, 'a', [record('siret-12345678900011')]);
    snapshot(h, 'b', [record('siret-12345678900029', { siret: '12345678900029' })]);
    expect([...suppliersById(h.db).keys()]).toEqual([
      'siret-12345678900011',
      'siret-12345678900029',
    ]);
  });
});

describe('merge by folded name within 200 m', () => {
  // 0.001349° of latitude = 150 m and 0.002248° = 250 m (Earth radius 6 371 km).
  const canal = (id: string, metresNorth: number): Supplier =>
    record(id, {
      siret: null,
      name: id.startsWith('a') ? 'Ressourcerie du Canal' : 'RESSOURCERIE DU CANAL !',
      location: { lat: HARNES.lat + northDegrees(metresNorth), lon: HARNES.lon },
    });

  it('merges records of two sources 150 m apart whose folded names agree', async () => {
    expect(northDegrees(150)).toBeCloseTo(0.001349, 6);
    const h = await open('a', 'b');
    snapshot(h, 'a', [canal('a-1', 0)]);
    snapshot(h, 'b', [canal('b-1', 150)]);
    const suppliers = readSuppliers(h.db);
    expect(suppliers).toHaveLength(1);
    expect(suppliers[0]?.id).toBe('a-1');
    expect(suppliers[0]?.sources.map((s) => `${s.sourceId}/${s.recordId}`)).toEqual([
      'a/a-1',
      'b/b-1',
    ]);
  });

  it('keeps two suppliers 250 m apart', async () => {
    expect(northDegrees(250)).toBeCloseTo(0.002248, 6);
    const h = await open('a', 'b');
    snapshot(h, 'a', [canal('a-1', 0)]);
    snapshot(h, 'b', [canal('b-1', 250)]);
    expect([...suppliersById(h.db).keys()]).toEqual(['a-1', 'b-1']);
  });

  it('does not merge two records of the same source', async () => {
    const h = await open('a');
    snapshot(h, 'a', [canal('a-1', 0), canal('a-2', 50)]);
    expect([...suppliersById(h.db).keys()]).toEqual(['a-1', 'a-2']);
  });

  it('splits the supplier again when the name changes', async () => {
    const h = await open('a', 'b');
    snapshot(h, 'a', [canal('a-1', 0)]);
    snapshot(h, 'b', [canal('b-1', 150)]);
    const result = applyChanges(h.db, {
      sourceId: 'b',
      upserts: [{ ...canal('b-1', 150), name: 'Atelier du Canal' }],
      removals: [],
      cursor: '2-b',
      sequence: 2,
    });
    expect(result).toMatchObject({ added: 0, changed: 1, removed: 0, supplierCount: 2 });
    const suppliers = suppliersById(h.db);
    expect(suppliers.get('a-1')?.sources.map((s) => s.sourceId)).toEqual(['a']);
    expect(suppliers.get('b-1')?.name).toBe('Atelier du Canal');
  });
});

/** A record with a SIRET, one without, one whose supplier id is not its record id. */
function threeRecords(): Supplier[] {
  return [
    record('siret-12345678900011'),
    record('a-2', { siret: null, name: 'Sans SIRET' }),
    // Its supplier is siret-55555555500005, not a-3.
    record('a-3', {
      siret: '55555555500005',
      name: 'Autre',
      location: { lat: 45, lon: 5 },
    }),
  ];
}

describe('snapshots and change sets', () => {
  it('replaces the source’s records by the snapshot, removing those it no longer holds', async () => {
    const h = await open('a', 'b');
    snapshot(h, 'a', [
      record('a-1', { siret: null, name: 'Un', location: { lat: 48.1, lon: 2.1 } }),
      record('a-2', { siret: null, name: 'Deux', location: { lat: 48.2, lon: 2.2 } }),
      record('a-3', { siret: null, name: 'Trois', location: { lat: 48.3, lon: 2.3 } }),
    ]);
    snapshot(h, 'b', [
      record('b-1', { siret: null, name: 'Autre', location: { lat: 45, lon: 5 } }),
    ]);
    const result = snapshot(
      h,
      'a',
      [
        record('a-2', { siret: null, name: 'Deux', location: { lat: 48.2, lon: 2.2 } }),
        record('a-3', {
          siret: null,
          name: 'Trois bis',
          location: { lat: 48.3, lon: 2.3 },
        }),
        record('a-4', { siret: null, name: 'Quatre', location: { lat: 48.4, lon: 2.4 } }),
      ],
      2,
    );
    expect(result).toEqual({
      added: 1,
      changed: 1,
      removed: 1,
      supplierCount: 4,
      recordCount: 3,
    });
    const suppliers = suppliersById(h.db);
    expect([...suppliers.keys()]).toEqual(['a-2', 'a-3', 'a-4', 'b-1']);
    expect(suppliers.get('a-3')?.name).toBe('Trois bis');
    expect(
      h.db.exec("SELECT cursor, sequence FROM sources WHERE id = 'a'")[0]?.values,
    ).toEqual([['2-a', 2]]);
  });

  it('counts nothing when the same snapshot comes again', async () => {
    const h = await open('a');
    const records = threeRecords();
    snapshot(h, 'a', records);
    const before = dumpTables(h.db);
    const again = snapshot(h, 'a', records, 1);
    expect(again).toEqual({
      added: 0,
      changed: 0,
      removed: 0,
      supplierCount: 3,
      recordCount: 3,
    });
    const after = dumpTables(h.db);
    // Only the revision counter moves.
    expect(after['suppliers']).toEqual(before['suppliers']);
    expect(after['source_records']).toEqual(before['source_records']);
  });

  it('a handed-over list is emptied once read, and gives the same catalogue as one kept', async () => {
    const make = threeRecords;
    const kept = await open('a');
    snapshot(kept, 'a', make());
    const { suppliers, source_records: sourceRecords } = dumpTables(kept.db);
    kept.close();

    const h = await open('a');
    const given = make();
    const result = applySnapshot(h.db, {
      sourceId: 'a',
      records: given,
      cursor: '1-a',
      sequence: 1,
      handOver: true,
    });
    expect(given).toEqual([]);
    expect(result).toMatchObject({ added: 3, supplierCount: 3, recordCount: 3 });
    const after = dumpTables(h.db);
    expect(after['suppliers']).toEqual(suppliers);
    expect(after['source_records']).toEqual(sourceRecords);
    expect(after['suppliers']).toHaveLength(3);
  });

  it('applies upserts and removals of a change set, the upsert winning over a removal of the same id', async () => {
    const h = await open('a');
    snapshot(h, 'a', [
      record('a-1', { siret: null, name: 'Un', location: { lat: 48.1, lon: 2.1 } }),
      record('a-2', { siret: null, name: 'Deux', location: { lat: 48.2, lon: 2.2 } }),
    ]);
    const result = applyChanges(h.db, {
      sourceId: 'a',
      upserts: [
        record('a-2', {
          siret: null,
          name: 'Deux (nouveau nom)',
          location: { lat: 48.2, lon: 2.2 },
        }),
        record('a-3', { siret: null, name: 'Trois', location: { lat: 48.3, lon: 2.3 } }),
      ],
      removals: ['a-1', 'a-2', 'a-absent'],
      cursor: '2-a',
      sequence: 2,
    });
    expect(result).toEqual({
      added: 1,
      changed: 1,
      removed: 1,
      supplierCount: 2,
      recordCount: 2,
    });
    const suppliers = suppliersById(h.db);
    expect([...suppliers.keys()]).toEqual(['a-2', 'a-3']);
    expect(suppliers.get('a-2')?.name).toBe('Deux (nouveau nom)');
  });

  it('gives a free id to a supplier whose record id another source already uses', async () => {
    const h = await open('a', 'b');
    snapshot(h, 'a', [record('gogocarto-12', { siret: null, name: 'Un' })]);
    snapshot(h, 'b', [
      record('gogocarto-12', {
        siret: null,
        name: 'Deux',
        location: { lat: 45, lon: 5 },
      }),
    ]);
    const ids = [...suppliersById(h.db).keys()];
    expect(ids).toHaveLength(2);
    expect(ids).toContain('gogocarto-12');
    const other = ids.find((id) => id !== 'gogocarto-12') ?? '';
    // The catalogue format's id pattern still holds.
    expect(other).toMatch(/^gogocarto-\d+$/);
    expect(suppliersById(h.db).get(other)?.name).toBe('Deux');
  });

  it('keeps a record’s JSON only while it shares its supplier', async () => {
    const h = await open('a', 'b');
    snapshot(h, 'a', [record('siret-12345678900011')]);
    const stored = (): unknown[][] =>
      h.db.exec(
        'SELECT source_id, record_id, supplier_id, json IS NOT NULL FROM source_records ORDER BY 1',
      )[0]?.values ?? [];
    expect(stored()).toEqual([['a', 'siret-12345678900011', 'siret-12345678900011', 0]]);
    snapshot(h, 'b', [record('b-7', { address: OTHER_ADDRESS })]);
    expect(stored()).toEqual([
      ['a', 'siret-12345678900011', 'siret-12345678900011', 1],
      ['b', 'b-7', 'siret-12345678900011', 1],
    ]);
    snapshot(h, 'b', [], 2);
    expect(stored()).toEqual([['a', 'siret-12345678900011', 'siret-12345678900011', 0]]);
    // Read back from the supplier, the record still merges as before.
    snapshot(h, 'b', [record('b-7', { address: OTHER_ADDRESS })], 3);
    const [supplier] = readSuppliers(h.db);
    expect(supplier?.address).toEqual(OTHER_ADDRESS);
    expect(supplier?.sources.map((s) => s.recordId)).toEqual([
      'siret-12345678900011',
      'b-7',
    ]);
  });
});

describe('one transaction', () => {
  const catalogue = JSON.parse(
    readFileSync(join(resourcesDir(), 'catalogue.json'), 'utf8'),
  ) as Catalogue;
  // The real records, moved 5 km north and given new SIRETs: 3 862 new suppliers.
  const moved = catalogue.suppliers.map((s, i) => {
    const siret = String(90_000_000_000_000 + i);
    return {
      ...s,
      id: `siret-${siret}`,
      siret,
      location: { lat: s.location.lat + 0.045, lon: s.location.lon },
    };
  });

  async function withEmbedded(): Promise<DatabaseHandle> {
    const h = await open('flux');
    applySnapshot(h.db, {
      sourceId: 'embedded',
      records: catalogue.suppliers,
      sectors: catalogue.sectors,
      cursor: catalogue.version,
      sequence: null,
    });
    snapshot(h, 'flux', moved.slice(0, 100));
    return h;
  }

  it('rolls back a failure midway: the catalogue stays exactly as it was', async () => {
    const h = await withEmbedded();
    const before = dumpTables(h.db);
    expect(before['suppliers']).toHaveLength(3862 + 100);
    let calls = 0;
    const error = (() => {
      try {
        applySnapshot(
          h.db,
          { sourceId: 'flux', records: moved, cursor: '2-flux', sequence: 2 },
          (applied, total) => {
            calls += 1;
            // Half way through writing the suppliers: the buyer cancels.
            if (applied > total * 0.75) throw new UserError('Synchronisation annulée');
          },
        );
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(UserError);
    expect(calls).toBeGreaterThan(3);
    expect(dumpTables(h.db)).toEqual(before);
  });

  it('rolls back when a record without coordinates comes midway', async () => {
    const h = await withEmbedded();
    const before = dumpTables(h.db);
    const records: Supplier[] = [...moved];
    records[2000] = { ...moved[2000]!, location: undefined } as unknown as Supplier;
    expect(() =>
      applySnapshot(h.db, { sourceId: 'flux', records, cursor: '2-flux', sequence: 2 }),
    ).toThrow(
      `Le fournisseur « ${moved[2000]!.id} » de la source « flux » n’a pas d’identifiant, ` +
        'de nom ou de coordonnées : la mise à jour est annulée, le catalogue reste tel ' +
        'qu’il était.',
    );
    expect(dumpTables(h.db)).toEqual(before);
  });

  it('rolls back when the source ends with another count than announced', async () => {
    const h = await withEmbedded();
    const before = dumpTables(h.db);
    expect(() =>
      applyChanges(h.db, {
        sourceId: 'flux',
        upserts: moved.slice(100, 150),
        removals: [moved[0]!.id],
        cursor: '2-flux',
        sequence: 2,
        expectedRecordCount: 150,
      }),
    ).toThrow(
      'La source « flux » annonce 150 fournisseurs, mais la mise à jour en donnerait ' +
        '149 : elle n’est pas appliquée, le catalogue reste tel qu’il était.',
    );
    expect(dumpTables(h.db)).toEqual(before);
  });

  it('refuses a source that is not configured, touching nothing', async () => {
    const h = await open();
    expect(() => snapshot(h, 'inconnue', [record('x-1')])).toThrow(
      'La source « inconnue » n’est pas configurée : ajoutez-la avant de la synchroniser.',
    );
    expect(dumpTables(h.db)['source_records']).toEqual([]);
  });
});
