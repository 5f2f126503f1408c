/**
 * A sync big enough for the database to be reopened with room first
 * (DatabaseHandle.makeRoom), through the services the screens call and
 * through syncSource: 16,000 suppliers made from the real catalogue by the
 * bench's generator (each copy moved about 7 km, a new SIRET or record id,
 * so none merges with an embedded supplier nor with another copy).
 *
 * Worked out from the data: the app's database holds the 3,862 embedded
 * suppliers; the feed adds 16,000: 19,862. A snapshot into a source holding
 * nothing adds every record, so the growth asked is 2,25 times the
 * snapshot's bytes (feedGrowthBytes), far above the 16 Mo from which the
 * database is reopened.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/services/create-services';
import { openDatabase } from '../../../main/services/database/open-database';
import { saveSource } from '../../../main/services/sync/source-store';
import { syncSource, type SyncContext } from '../../../main/services/sync/sync-source';
import { benchSuppliers } from '../../bench/bench-feed-data';
import { type MisbehavingServer } from '../../helpers/misbehaving-server';
import { nationalFeedSource, realCatalogue, serveNationalFeed } from './sync-test-kit';

const COPIES = 16_000;
const HTTP = { timeoutMs: 5_000, retries: 0, backoffMs: 10 };

let root: string;
let server: MisbehavingServer;
let stopServer: () => Promise<void>;
let snapshotBytes: number;
const catalogue = realCatalogue();
const copies = benchSuppliers(catalogue.suppliers, COPIES);

function feedSourceConfig() {
  return nationalFeedSource(server.url('/flux/feed.json'));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'passerelle-big-sync-'));
  const input = join(root, 'fournisseurs.json');
  writeFileSync(input, JSON.stringify({ ...catalogue, suppliers: copies }));
  const served = await serveNationalFeed(root, input);
  ({ server, stop: stopServer } = served);
  snapshotBytes = served.index.snapshot.bytes;
}, 60_000);

afterAll(async () => {
  await stopServer();
  rmSync(root, { recursive: true, force: true });
});

describe('a sync that needs room', () => {
  it('asks for 2,25 times the snapshot, applies it in the reopened database, saves it', async () => {
    const path = join(root, 'direct', 'passerelle.sqlite');
    const handle = await openDatabase(path);
    saveSource(handle.db, feedSourceConfig());
    handle.save();
    const before = handle.db;
    const asked: number[] = [];
    const ctx: SyncContext = {
      get db() {
        return handle.db;
      },
      save: () => handle.saveInSlices(),
      makeRoom: async (bytes) => {
        asked.push(bytes);
        await handle.makeRoom(bytes);
      },
      tempDir: join(root, 'direct', 'telechargements'),
      sourceContext: () => {
        throw new Error('a Passerelle feed needs no source context');
      },
      now: () => new Date(),
      http: HTTP,
    };
    const entry = await syncSource(ctx, 'flux-national');
    expect([entry.status, entry.added, entry.rejected.length]).toEqual(['ok', COPIES, 0]);
    expect(asked).toEqual([Math.round(snapshotBytes * 2.25)]);
    expect(handle.db).not.toBe(before);
    const count = (db: typeof before): unknown =>
      db.exec('SELECT count(*) FROM suppliers')[0]?.values[0]?.[0];
    expect(count(handle.db)).toBe(COPIES);
    const pages = Number(handle.db.exec('PRAGMA page_count')[0]?.values[0]?.[0]);
    const pageSize = Number(handle.db.exec('PRAGMA page_size')[0]?.values[0]?.[0]);
    handle.close();
    // Written whole at close: the database's pages, none of the room.
    expect(statSync(path).size).toBe(pages * pageSize);
    const again = await openDatabase(path);
    expect(count(again.db)).toBe(COPIES);
    const [first] = copies;
    expect(
      again.db.exec('SELECT name FROM suppliers WHERE id = ?', [first?.id ?? ''])[0]
        ?.values[0]?.[0],
    ).toBe(first?.name);
    again.close();
  }, 60_000);

  it('through the services: the catalogue, its search and the file follow the reopened database', async () => {
    const path = join(root, 'services', 'passerelle.sqlite');
    const services = await createServices({ databasePath: path, http: HTTP });
    try {
      await services['sync:save-source'](feedSourceConfig());
      await services['sync:start']({});
      await services.syncJobs.settled();
      const state = await services['sync:state']();
      expect(state.finished.map((e) => [e.status, e.added])).toEqual([['ok', COPIES]]);
      const total = catalogue.suppliers.length + COPIES;
      expect((await services['catalogue:summary']()).supplierCount).toBe(total);
      // A copy, found by its SIRET among the hits for its name.
      const copy = copies.find((s) => s.siret !== null && s.name.length > 8);
      if (!copy) throw new Error('no copy with a SIRET');
      const found = await services['catalogue:search']({ text: copy.name, limit: 5000 });
      expect(found.hits.map((h) => h.siret)).toContain(copy.siret);
      // A change after the sync is saved in the reopened database too.
      await services['sync:save-source']({
        ...feedSourceConfig(),
        name: 'Flux national (renommé)',
      });
    } finally {
      services.close();
    }
    const again = await openDatabase(path);
    expect(again.db.exec('SELECT count(*) FROM suppliers')[0]?.values[0]?.[0]).toBe(
      catalogue.suppliers.length + COPIES,
    );
    expect(
      String(
        again.db.exec("SELECT config FROM sources WHERE id = 'flux-national'")[0]
          ?.values[0]?.[0],
      ),
    ).toContain('Flux national (renommé)');
    again.close();
  }, 60_000);
});
