/**
 * DatabaseHandle.makeRoom: before a sync that adds much, the database is
 * reopened in an in-memory file with room after its end. The content and the
 * rows still to save are the same; the room is never written to disk; no
 * reopening when the room is already there or the growth is small.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckedFeedFile } from '../../../main/services/feed/check-feed-payload';
import { openDatabase } from '../../../main/services/database/open-database';
import {
  readSetting,
  writeSetting,
} from '../../../main/services/database/settings-store';
import { applyChanges, inTransaction } from '../../../main/services/sync/apply-records';
import {
  feedGrowthBytes,
  recordsGrowthBytes,
} from '../../../main/services/sync/sync-source';
import { record, savedWithRecordsAB } from '../store/store-fixtures';

const MB = 1024 * 1024;

let dir: string;
let path: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-room-'));
  path = join(dir, 'passerelle.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function pragma(db: Database, name: string): number {
  return Number(db.exec(`PRAGMA ${name}`)[0]?.values[0]?.[0]);
}

function names(db: Database): string[] {
  return (db.exec('SELECT name FROM suppliers ORDER BY name')[0]?.values ?? []).map(
    ([name]) => String(name),
  );
}

describe('makeRoom', () => {
  it('reopens with the same content, and the change not yet saved is saved after', async () => {
    const handle = await savedWithRecordsAB(path);
    // A change made before the room, saved after it.
    applyChanges(handle.db, {
      sourceId: 'flux',
      upserts: [record('c', { siret: '33333333300033', name: 'Conserverie C' })],
      removals: ['a'],
      cursor: '2',
      sequence: 2,
    });
    const before = handle.db;
    expect(names(before)).toEqual(['Boulangerie B', 'Conserverie C']);
    await handle.makeRoom(32 * MB);
    expect(handle.db).not.toBe(before);
    expect(names(handle.db)).toEqual(['Boulangerie B', 'Conserverie C']);
    // A change made after the room, in the new connection.
    writeSetting(handle.db, 'essai', 'après');
    handle.save();
    const pages = pragma(handle.db, 'page_count');
    const pageSize = pragma(handle.db, 'page_size');
    handle.close();

    const again = await openDatabase(path);
    expect(names(again.db)).toEqual(['Boulangerie B', 'Conserverie C']);
    expect(readSetting(again.db, 'essai', null)).toBe('après');
    again.close();
    // The room stayed in memory: the file holds the database's pages only.
    expect(statSync(path).size).toBe(pages * pageSize);
    expect(statSync(path).size).toBeLessThan(MB);
  });

  it('the room takes what a sync writes, and the file is the database alone', async () => {
    const handle = await openDatabase(path);
    handle.save();
    await handle.makeRoom(20 * MB);
    // About 10 Mo of rows, well inside the room.
    for (let n = 0; n < 100; n += 1)
      writeSetting(handle.db, `ligne-${n}`, 'x'.repeat(100_000));
    const pages = pragma(handle.db, 'page_count');
    const pageSize = pragma(handle.db, 'page_size');
    expect(pages * pageSize).toBeGreaterThan(10_000_000);
    handle.compact();
    expect(statSync(path).size).toBe(pages * pageSize);
    handle.close();
    const again = await openDatabase(path);
    expect(readSetting(again.db, 'ligne-99', null)).toBe('x'.repeat(100_000));
    again.close();
  });

  it('keeps the same connection for a small growth, or when the room is there', async () => {
    const handle = await openDatabase(path);
    handle.save();
    const first = handle.db;
    await handle.makeRoom(MB);
    expect(handle.db).toBe(first);
    await handle.makeRoom(40 * MB);
    const roomy = handle.db;
    expect(roomy).not.toBe(first);
    // 40 Mo asked, an eighth more made: 30 Mo more still fit.
    await handle.makeRoom(30 * MB);
    expect(handle.db).toBe(roomy);
    handle.close();
  });

  it('makes the room again after a rollback, which cuts the file back to the database', async () => {
    const handle = await openDatabase(path);
    handle.save();
    await handle.makeRoom(40 * MB);
    const roomy = handle.db;
    // A sync that fails after writing much: rolled back whole.
    expect(() =>
      inTransaction(handle.db, () => {
        for (let n = 0; n < 60; n += 1)
          writeSetting(handle.db, `ligne-${n}`, 'x'.repeat(100_000));
        throw new Error('échec au milieu');
      }),
    ).toThrow('échec au milieu');
    expect(readSetting(handle.db, 'ligne-0', null)).toBeNull();
    // The 40 Mo made before would have held this; after the rollback they are gone.
    await handle.makeRoom(30 * MB);
    expect(handle.db).not.toBe(roomy);
    handle.close();
  });

  it('is refused inside a transaction, the database left as it was', async () => {
    const handle = await openDatabase(path);
    handle.save();
    const db = handle.db;
    db.run('BEGIN');
    writeSetting(db, 'essai', 'dans la transaction');
    await expect(handle.makeRoom(32 * MB)).rejects.toThrow();
    expect(handle.db).toBe(db);
    db.run('COMMIT');
    expect(readSetting(handle.db, 'essai', null)).toBe('dans la transaction');
    handle.close();
  });
});

describe('a database read from its file', () => {
  async function fileWithRows(): Promise<number> {
    const handle = await openDatabase(path);
    for (let n = 0; n < 20; n += 1)
      writeSetting(handle.db, `ligne-${n}`, 'x'.repeat(50_000));
    handle.compact();
    handle.close();
    return statSync(path).size;
  }

  it('gets its room in memory only: no free pages written, the file its pages alone', async () => {
    const size = await fileWithRows();
    const handle = await openDatabase(path);
    expect(pragma(handle.db, 'freelist_count')).toBe(0);
    expect(handle.db.exec('PRAGMA integrity_check')[0]?.values).toEqual([['ok']]);
    writeSetting(handle.db, 'après', 'y'.repeat(200_000));
    handle.save();
    const pages = pragma(handle.db, 'page_count');
    const pageSize = pragma(handle.db, 'page_size');
    handle.close();
    expect(statSync(path).size).toBe(pages * pageSize);
    expect(statSync(path).size).toBeGreaterThan(size);
    const again = await openDatabase(path);
    expect(readSetting(again.db, 'ligne-19', null)).toBe('x'.repeat(50_000));
    expect(readSetting(again.db, 'après', null)).toBe('y'.repeat(200_000));
    again.close();
  });

  it('gets no room when its header does not count its pages (SQLite before 3.7.0)', async () => {
    await fileWithRows();
    // Such a file's page count is its size: zeros after it would be read as pages.
    const bytes = readFileSync(path);
    bytes.writeUInt32BE(bytes.readUInt32BE(24) + 1, 92);
    writeFileSync(path, bytes);
    const handle = await openDatabase(path);
    expect(handle.db.exec('PRAGMA integrity_check')[0]?.values).toEqual([['ok']]);
    expect(readSetting(handle.db, 'ligne-19', null)).toBe('x'.repeat(50_000));
    handle.close();
  });
});

describe('growth estimates', () => {
  // Only the counts matter: the records' list stands for its length.
  const snapshot = (count: number): CheckedFeedFile =>
    ({
      kind: 'snapshot',
      snapshot: {},
      records: { length: count },
      rejected: [],
    }) as unknown as CheckedFeedFile;
  const changes = (upserts: number, removals: number): CheckedFeedFile =>
    ({
      kind: 'changes',
      changes: { removals: new Array(removals).fill('x') },
      records: { length: upserts },
      rejected: [],
    }) as unknown as CheckedFeedFile;

  it('a snapshot into an empty source: all its bytes, times 2,25', () => {
    expect(feedGrowthBytes([{ payload: snapshot(1000), bytes: 1_000_000 }], 0)).toBe(
      2_250_000,
    );
  });

  it('a snapshot over 750 records of 1,000: the quarter added', () => {
    expect(feedGrowthBytes([{ payload: snapshot(1000), bytes: 1_000_000 }], 750)).toBe(
      562_500,
    );
  });

  it('a snapshot with fewer records than stored, then change sets', () => {
    expect(feedGrowthBytes([{ payload: snapshot(500), bytes: 400_000 }], 1000)).toBe(0);
    // 100 upserts, 20 removals over 1,000: at most 80 records more, 80 % of the bytes.
    expect(feedGrowthBytes([{ payload: changes(100, 20), bytes: 100_000 }], 1000)).toBe(
      180_000,
    );
    // 100 removals then 100 upserts: back to the count the source had, nothing more.
    expect(
      feedGrowthBytes(
        [
          { payload: changes(0, 100), bytes: 1_000 },
          { payload: changes(100, 0), bytes: 100_000 },
        ],
        1000,
      ),
    ).toBe(0);
  });

  it('records of a read source: the added ones at the length of their JSON', () => {
    const records = Array.from({ length: 10 }, (_, i) => ({ n: i, text: 'abc' }));
    // {"n":0,"text":"abc"} is 20 characters; 6 records added.
    expect(recordsGrowthBytes(records, 4)).toBe(Math.round(20 * 6 * 2.25));
    expect(recordsGrowthBytes(records, 10)).toBe(0);
    expect(recordsGrowthBytes([], 0)).toBe(0);
  });
});
