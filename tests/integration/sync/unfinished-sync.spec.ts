/**
 * A sync stopped before its end (Passerelle killed, the machine off) keeps
 * the catalogue it found, whole (tests/integration/kill-during-save.spec.ts);
 * here, the buyer is told. The mark is saved before the sync goes on, its
 * last save removes it; a mark found when the catalogue opens becomes a
 * failed line of the sync log and a French notice, once.
 *
 * The feed is the real catalogue (3 862 suppliers) served on 127.0.0.1.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSetting } from '../../../main/services/database/settings-store';
import { journalPath } from '../../../main/services/database/open-database';
import { openCatalogue } from '../../../main/services/open-catalogue';
import {
  getSource,
  readSyncLog,
  saveSource,
} from '../../../main/services/sync/source-store';
import { syncSource, type SyncContext } from '../../../main/services/sync/sync-source';
import { markSyncRunning } from '../../../main/services/sync/unfinished-sync';
import { type MisbehavingServer } from '../../helpers/misbehaving-server';
import { nationalFeedSource, realCatalogue, serveNationalFeed } from './sync-test-kit';

const catalogue = realCatalogue();
const HTTP = { timeoutMs: 5_000, retries: 0, backoffMs: 10 };
let root: string;
let server: MisbehavingServer;
let stopServer: () => Promise<void>;

function feedSource() {
  return nationalFeedSource(server.url('/flux/feed.json'));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'passerelle-unfinished-'));
  ({ server, stop: stopServer } = await serveNationalFeed(
    root,
    resolve('resources/catalogue.json'),
  ));
}, 60_000);

afterAll(async () => {
  await stopServer();
  rmSync(root, { recursive: true, force: true });
});

describe('a sync that could not finish', () => {
  it('is marked on disk while it runs, and the mark goes with its last save', async () => {
    const path = join(root, 'en-cours', 'passerelle.sqlite');
    const open = await openCatalogue(path, catalogue, new Date());
    saveSource(open.handle.db, feedSource());
    open.handle.save();
    const journal = journalPath(path);
    let markedOnDisk: boolean | null = null;
    const ctx: SyncContext = {
      get db() {
        return open.handle.db;
      },
      save: () => open.handle.saveInSlices(),
      tempDir: join(root, 'en-cours', 'telechargements'),
      sourceContext: () => {
        throw new Error('a Passerelle feed needs no source context');
      },
      now: () => new Date(),
      http: HTTP,
    };
    const entry = await syncSource(ctx, 'flux-national', {
      onProgress: (p) => {
        // Once the download has begun, the mark is in the journal on disk.
        if (p.phase === 'download' && markedOnDisk === null && existsSync(journal)) {
          markedOnDisk = readFileSync(journal, 'utf8').includes('sync.running');
        }
      },
    });
    expect(entry.status).toBe('ok');
    expect(markedOnDisk).toBe(true);
    expect(readSetting(open.handle.db, 'sync.running', null)).toBeNull();
    open.handle.close();
    const again = await openCatalogue(path, catalogue, new Date());
    expect(again.handle.notices).toEqual([]);
    again.handle.close();
  }, 60_000);

  it('left marked by a stop: logged as failed, told once, the catalogue as it was', async () => {
    const path = join(root, 'arretee', 'passerelle.sqlite');
    const first = await openCatalogue(path, catalogue, new Date());
    saveSource(first.handle.db, feedSource());
    // What a sync saves before it goes on, then Passerelle stops.
    const startedAt = new Date(2026, 11, 4, 22, 10).toISOString();
    markSyncRunning(first.handle.db, {
      sourceId: 'flux-national',
      sourceName: 'Flux national',
      startedAt,
    });
    first.handle.save();
    first.handle.close();

    const now = new Date(2026, 11, 4, 22, 40);
    const reopened = await openCatalogue(path, catalogue, now);
    const told =
      'La synchronisation de « Flux national », commencée le 04/12/2026 à 22:10, ' +
      'n’a pas pu finir : Passerelle s’est arrêté pendant qu’elle tournait. Le ' +
      'catalogue local est celui d’avant, entier ; relancez-la.';
    expect(reopened.handle.notices).toEqual([told]);
    const [line] = readSyncLog(reopened.handle.db, { limit: 1 });
    expect(line).toMatchObject({
      sourceId: 'flux-national',
      status: 'failed',
      startedAt,
      endedAt: now.toISOString(),
      added: 0,
      message: told,
    });
    expect(getSource(reopened.handle.db, 'flux-national')).toMatchObject({
      lastStatus: 'failed',
      supplierCount: 0,
    });
    expect(reopened.suppliers).toHaveLength(catalogue.suppliers.length);
    reopened.handle.close();

    const third = await openCatalogue(path, catalogue, new Date());
    expect(third.handle.notices).toEqual([]);
    expect(readSyncLog(third.handle.db, { limit: 10 })).toHaveLength(1);
    third.handle.close();
  });
});
