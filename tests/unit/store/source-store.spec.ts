import { afterEach, describe, expect, it } from 'vitest';
import type { SyncLogEntry } from '../../../shared/feed/sync-types';
import type { DatabaseHandle } from '../../../main/services/database/open-database';
import { readCatalogueMeta } from '../../../main/services/database/catalogue-store';
import {
  readSetting,
  removeSetting,
  writeSetting,
} from '../../../main/services/database/settings-store';
import { applySnapshot } from '../../../main/services/sync/apply-records';
import {
  appendSyncLog,
  getSource,
  listSources,
  readSourceState,
  readSyncLog,
  removeSource,
  saveSource,
  setSourceState,
  SYNC_LOG_KEPT,
} from '../../../main/services/sync/source-store';
import { UserError } from '../../../main/services/user-error';
import { databaseWithSources, feedSource, record, suppliersById } from './store-fixtures';

let handle: DatabaseHandle | null = null;
afterEach(() => {
  handle?.close();
  handle = null;
});

async function open(...sources: string[]): Promise<DatabaseHandle> {
  handle = await databaseWithSources(...sources);
  return handle;
}

describe('sources', () => {
  it('lists the sources, the embedded one first, then as added, with their record counts', async () => {
    const h = await open('flux-national', 'carte-hdf');
    applySnapshot(h.db, {
      sourceId: 'carte-hdf',
      records: [
        record('c-1', { siret: null }),
        record('c-2', { siret: null, name: 'Autre' }),
      ],
      cursor: null,
      sequence: null,
    });
    expect(
      listSources(h.db).map((s) => [s.config.id, s.config.kind, s.supplierCount]),
    ).toEqual([
      ['embedded', 'embedded', 0],
      ['flux-national', 'passerelle-feed', 0],
      ['carte-hdf', 'passerelle-feed', 2],
    ]);
  });

  it('updates a configuration and keeps the sync state while the address is the same', async () => {
    const h = await open('flux');
    setSourceState(h.db, 'flux', { cursor: '3-abc', sequence: 3, etag: '"e3"' });
    saveSource(h.db, { ...feedSource('flux'), name: 'Flux national' });
    expect(getSource(h.db, 'flux')?.config.name).toBe('Flux national');
    expect(readSourceState(h.db, 'flux')).toMatchObject({ cursor: '3-abc', sequence: 3 });

    saveSource(h.db, { ...feedSource('flux'), url: 'https://autre.example/feed.json' });
    expect(readSourceState(h.db, 'flux')).toEqual({
      cursor: null,
      sequence: null,
      etag: null,
      lastModified: null,
      lastSyncAt: null,
      lastStatus: null,
    });
  });

  it('refuses bad ids, unknown kinds, empty names and a change of kind, in French', async () => {
    const h = await open('flux');
    expect(() =>
      saveSource(h.db, { ...feedSource('Flux National'), id: 'Flux National' }),
    ).toThrow('L’identifiant de source « Flux National » n’est pas admis');
    expect(() =>
      saveSource(h.db, { ...feedSource('x'), kind: 'ftp' } as unknown as ReturnType<
        typeof feedSource
      >),
    ).toThrow('Le type de source « ftp » est inconnu');
    expect(() => saveSource(h.db, { ...feedSource('x'), name: ' ' })).toThrow(
      'La source « x » doit avoir un nom.',
    );
    expect(() =>
      saveSource(h.db, {
        id: 'flux',
        kind: 'spreadsheet',
        name: 'Tableur',
        enabled: true,
        licence: 'LO',
        path: '/tmp/r.xlsx',
        columns: { name: 'Nom' },
      }),
    ).toThrow('La source « flux » existe déjà avec un autre type');
  });

  it('removes a source with its records; merged suppliers keep the other sources’ records', async () => {
    const h = await open('a', 'b');
    applySnapshot(h.db, {
      sourceId: 'a',
      records: [
        record('siret-12345678900011'),
        record('a-2', { siret: null, name: 'Seul' }),
      ],
      cursor: '1',
      sequence: 1,
    });
    applySnapshot(h.db, {
      sourceId: 'b',
      records: [record('b-1')],
      cursor: '1',
      sequence: 1,
    });
    expect(removeSource(h.db, 'a')).toEqual({ removed: 2, supplierCount: 1 });
    expect(listSources(h.db).map((s) => s.config.id)).toEqual(['embedded', 'b']);
    const suppliers = suppliersById(h.db);
    expect([...suppliers.keys()]).toEqual(['siret-12345678900011']);
    expect(suppliers.get('siret-12345678900011')?.sources.map((s) => s.sourceId)).toEqual(
      ['b'],
    );
    expect(
      h.db.exec("SELECT count(*) FROM source_records WHERE source_id = 'a'")[0]?.values,
    ).toEqual([[0]]);
  });

  it('never removes the embedded catalogue', async () => {
    const h = await open();
    applySnapshot(h.db, {
      sourceId: 'embedded',
      records: [record('siret-12345678900011')],
      cursor: '2026.01.01-0000000a',
      sequence: null,
    });
    expect(() => removeSource(h.db, 'embedded')).toThrow(
      new UserError('Le catalogue embarqué ne peut pas être supprimé.'),
    );
    expect(() => removeSource(h.db, 'absente')).toThrow(
      'La source « absente » n’existe pas.',
    );
  });

  it('creates the catalogue-file source on first use; the summary lists every source’s data sets', async () => {
    const h = await open('flux');
    applySnapshot(h.db, {
      sourceId: 'catalogue-file',
      records: [record('x-1', { siret: null })],
      cursor: '2026.02.01-0000000b',
      sequence: 1,
    });
    applySnapshot(h.db, {
      sourceId: 'embedded',
      records: [record('siret-12345678900011')],
      cursor: '2026.01.01-0000000a',
      sequence: null,
      datasets: [
        { name: 'Jeu de test', licence: 'Licence Ouverte', url: null, records: 1 },
      ],
    });
    expect(listSources(h.db).map((s) => [s.config.id, s.cursor])).toEqual([
      ['embedded', '2026.01.01-0000000a'],
      ['flux', null],
      ['catalogue-file', '2026.02.01-0000000b'],
    ]);
    // The data sets of the summary: the embedded one's, then the file source as one.
    expect(readCatalogueMeta(h.db)).toBeNull(); // no embedded version stored yet
    expect(
      JSON.parse(
        String(
          h.db.exec("SELECT value FROM catalogue_meta WHERE key = 'datasets'")[0]
            ?.values[0]?.[0],
        ),
      ),
    ).toEqual([
      { name: 'Jeu de test', licence: 'Licence Ouverte', url: null, records: 1 },
      {
        name: 'Fichier catalogue',
        licence: 'Licence indiquée par l’éditeur du fichier',
        url: null,
        records: 1,
      },
    ]);
  });
});

describe('source state', () => {
  it('stores cursor, sequence, ETag, Last-Modified, last sync and status', async () => {
    const h = await open('flux');
    setSourceState(h.db, 'flux', {
      cursor: '7-0123456789ab',
      sequence: 7,
      etag: 'W/"7"',
      lastModified: 'Fri, 04 Dec 2026 10:00:00 GMT',
      lastSyncAt: '2026-12-04T10:00:05.000Z',
      lastStatus: 'ok',
    });
    setSourceState(h.db, 'flux', { lastStatus: 'failed' });
    expect(readSourceState(h.db, 'flux')).toEqual({
      cursor: '7-0123456789ab',
      sequence: 7,
      etag: 'W/"7"',
      lastModified: 'Fri, 04 Dec 2026 10:00:00 GMT',
      lastSyncAt: '2026-12-04T10:00:05.000Z',
      lastStatus: 'failed',
    });
    expect(getSource(h.db, 'flux')).toMatchObject({
      lastSyncAt: '2026-12-04T10:00:05.000Z',
      lastStatus: 'failed',
      cursor: '7-0123456789ab',
    });
    expect(readSourceState(h.db, 'absente')).toBeNull();
  });

  it('keeps the cursor, sequence and HTTP validators an apply gives, in its transaction', async () => {
    const h = await open('flux');
    applySnapshot(h.db, {
      sourceId: 'flux',
      records: [record('siret-12345678900011')],
      cursor: '4-aaaaaaaaaaaa',
      sequence: 4,
      etag: '"v4"',
      lastModified: 'Thu, 03 Dec 2026 08:00:00 GMT',
    });
    expect(readSourceState(h.db, 'flux')).toMatchObject({
      cursor: '4-aaaaaaaaaaaa',
      sequence: 4,
      etag: '"v4"',
      lastModified: 'Thu, 03 Dec 2026 08:00:00 GMT',
    });
  });
});

describe('sync log', () => {
  const entry = (sourceId: string, n: number): Omit<SyncLogEntry, 'id'> => ({
    sourceId,
    sourceName: `Flux ${sourceId}`,
    startedAt: `2026-12-04T10:00:${String(n % 60).padStart(2, '0')}.000Z`,
    endedAt: `2026-12-04T10:01:${String(n % 60).padStart(2, '0')}.000Z`,
    status: n % 2 === 0 ? 'ok' : 'failed',
    added: n,
    changed: 1,
    removed: 0,
    rejected:
      n === 2
        ? [
            {
              sourceId,
              recordId: 'r-9',
              field: 'siret',
              reason: 'SIRET invalide (clé de Luhn)',
            },
          ]
        : [],
    warnings:
      n === 3
        ? [
            {
              sourceId,
              recordId: 'r-4',
              field: 'postcode',
              reason: 'commune trouvée par le code postal seul',
            },
          ]
        : [],
    bytes: 1000 * n,
    cursor: n % 2 === 0 ? `${n}-abc` : null,
    message: `Synchronisation ${n}`,
  });

  it('reads the entries newest first, of all sources or of one', async () => {
    const h = await open('a', 'b');
    const first = appendSyncLog(h.db, entry('a', 1));
    appendSyncLog(h.db, entry('b', 2));
    appendSyncLog(h.db, entry('a', 3));
    expect(first.id).toBe(1);
    expect(readSyncLog(h.db).map((e) => [e.id, e.sourceId, e.added])).toEqual([
      [3, 'a', 3],
      [2, 'b', 2],
      [1, 'a', 1],
    ]);
    expect(readSyncLog(h.db, { sourceId: 'a', limit: 1 })).toEqual([
      { id: 3, ...entry('a', 3) },
    ]);
    expect(readSyncLog(h.db, { sourceId: 'b' })[0]?.rejected).toEqual([
      {
        sourceId: 'b',
        recordId: 'r-9',
        field: 'siret',
        reason: 'SIRET invalide (clé de Luhn)',
      },
    ]);
  });

  it(`keeps the newest ${SYNC_LOG_KEPT} entries`, async () => {
    const h = await open('a');
    for (let n = 1; n <= SYNC_LOG_KEPT + 3; n += 1) appendSyncLog(h.db, entry('a', n));
    const log = readSyncLog(h.db, { limit: 1000 });
    expect(log).toHaveLength(SYNC_LOG_KEPT);
    expect(log[0]?.added).toBe(SYNC_LOG_KEPT + 3);
    expect(log.at(-1)?.added).toBe(4);
  });
});

describe('settings', () => {
  it('stores JSON values by key', async () => {
    const h = await open();
    expect(
      readSetting(h.db, 'catalogue.signatures', { requireSignature: false }),
    ).toEqual({
      requireSignature: false,
    });
    writeSetting(h.db, 'catalogue.signatures', {
      requireSignature: true,
      trustedKeys: [],
    });
    expect(readSetting(h.db, 'catalogue.signatures', null)).toEqual({
      requireSignature: true,
      trustedKeys: [],
    });
    removeSetting(h.db, 'catalogue.signatures');
    expect(readSetting(h.db, 'catalogue.signatures', 0)).toBe(0);
  });
});
