/**
 * The change journal: a save after the first appends the rows it touched to
 * `<file>.journal`; reopening applies complete entries and leaves out one cut
 * short; closing writes the file whole again.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { journalHeader } from '../../../main/services/database/change-journal';
import {
  journalPath,
  openDatabase,
  type DatabaseHandle,
} from '../../../main/services/database/open-database';
import { writeSetting } from '../../../main/services/database/settings-store';
import { applyChanges, applySnapshot } from '../../../main/services/sync/apply-records';
import {
  appendSyncLog,
  removeSource,
  saveSource,
} from '../../../main/services/sync/source-store';
import { feedSource, record, savedWithRecordsAB } from '../store/store-fixtures';

let dir: string;
let path: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-journal-'));
  path = join(dir, 'passerelle.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Every row of every table (rowid first), to compare two databases. */
function dumpAll(db: Database): Record<string, unknown[][]> {
  const tables = (
    db.exec("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")[0]
      ?.values ?? []
  ).map(([name]) => String(name));
  const dump: Record<string, unknown[][]> = {};
  for (const table of tables) {
    const hasRowid = table !== 'sqlite_sequence';
    // The id that ties the journal to the file changes each time it is written whole.
    const where = table === 'settings' ? ` WHERE key <> 'journal.base'` : '';
    dump[table] =
      db.exec(
        `SELECT ${hasRowid ? 'rowid, ' : ''}* FROM "${table}"${where} ORDER BY 1, 2`,
      )[0]?.values ?? [];
  }
  return dump;
}

function siretsOf(db: Database): string[] {
  return (
    db.exec('SELECT siret FROM suppliers WHERE siret IS NOT NULL ORDER BY siret')[0]
      ?.values ?? []
  ).map(([siret]) => String(siret));
}

/** A database file with the source « flux » holding records a and b, saved whole. */
function savedWithTwoRecords(): Promise<DatabaseHandle> {
  return savedWithRecordsAB(path);
}

/** The 1 % change set of the tests: b changed, c added, a removed. */
function applyTheChange(db: Database): void {
  applyChanges(db, {
    sourceId: 'flux',
    upserts: [
      record('b', { siret: '22222222200022', name: 'Boulangerie B et fils' }),
      record('c', { siret: '33333333300033', name: 'Conserverie C' }),
    ],
    removals: ['a'],
    cursor: '2',
    sequence: 2,
  });
}

describe('change journal', () => {
  it('the first save writes the file whole and starts a journal with only its header', async () => {
    const handle = await savedWithTwoRecords();
    expect(existsSync(path)).toBe(true);
    const journal = readFileSync(journalPath(path), 'utf8');
    expect(journal.split('\n')).toHaveLength(2); // the header and the final line feed
    expect(JSON.parse(journal.split('\n')[0] ?? '')).toMatchObject({
      passerelleJournal: 1,
    });
    handle.close();
  });

  it('a later save appends the rows it touched, leaving the file as it was', async () => {
    const handle = await savedWithTwoRecords();
    const fileBefore = readFileSync(path);
    applyTheChange(handle.db);
    handle.save();
    expect(readFileSync(path).equals(fileBefore)).toBe(true);
    const lines = readFileSync(journalPath(path), 'utf8').trim().split('\n');
    const kinds = lines.slice(1).map((line) => (JSON.parse(line) as unknown[])[0]);
    expect(kinds.at(-1)).toBe('commit');
    expect(kinds.filter((k) => k === 'commit')).toHaveLength(1);
    // Not closed: a crash now. The lock is this process's, so reopening works.
    const again = await openDatabase(path);
    expect(siretsOf(again.db)).toEqual(['22222222200022', '33333333300033']);
    expect(dumpAll(again.db)).toEqual(dumpAll(handle.db));
    again.close();
  });

  it('replays every kind of write the app makes: sources, records, log, settings, removal', async () => {
    const handle = await savedWithTwoRecords();
    applyTheChange(handle.db);
    handle.save();
    saveSource(handle.db, feedSource('region'));
    applySnapshot(handle.db, {
      sourceId: 'region',
      records: [record('r1', { siret: '33333333300033', name: 'Conserverie C' })],
      cursor: 'r-1',
      sequence: 1,
    });
    appendSyncLog(handle.db, {
      sourceId: 'region',
      sourceName: 'Flux region',
      startedAt: '2026-12-04T10:00:00.000Z',
      endedAt: '2026-12-04T10:00:01.000Z',
      status: 'ok',
      added: 1,
      changed: 0,
      removed: 0,
      rejected: [],
      warnings: [],
      bytes: 120,
      cursor: 'r-1',
      message: 'test',
    });
    writeSetting(handle.db, 'essai', { rayonKm: 30 });
    handle.save();
    removeSource(handle.db, 'flux');
    handle.save();
    const expected = dumpAll(handle.db);

    const again = await openDatabase(path);
    expect(dumpAll(again.db)).toEqual(expected);
    // c stays, now from « region » only; a and b left with « flux ».
    expect(siretsOf(again.db)).toEqual(['33333333300033']);
    again.close();
  });

  it('leaves out a save cut short: the state before it, whole, and the journal goes on', async () => {
    const handle = await savedWithTwoRecords();
    applyTheChange(handle.db);
    handle.save();
    const afterChange = dumpAll(handle.db);
    const goodSize = statSync(journalPath(path)).size;
    saveSource(handle.db, feedSource('region'));
    applySnapshot(handle.db, {
      sourceId: 'region',
      records: [record('r1', { siret: '44444444400044', name: 'Régie R' })],
      cursor: 'r-1',
      sequence: 1,
    });
    handle.save();
    const fullSize = statSync(journalPath(path)).size;
    // The second entry cut in the middle, as a crash while writing leaves it.
    truncateSync(journalPath(path), Math.floor((goodSize + fullSize) / 2));

    const again = await openDatabase(path);
    expect(dumpAll(again.db)).toEqual(afterChange);
    expect(siretsOf(again.db)).toEqual(['22222222200022', '33333333300033']);
    // The reopened database was written whole; its next saves replay too.
    writeSetting(again.db, 'essai', 1);
    again.save();
    const expected = dumpAll(again.db);
    const third = await openDatabase(path);
    expect(dumpAll(third.db)).toEqual(expected);
    third.close();
  });

  it('an entry that does not match its checksum: the entries before it, a notice, the journal kept aside', async () => {
    const handle = await savedWithTwoRecords();
    applyTheChange(handle.db);
    handle.save();
    const afterFirst = dumpAll(handle.db);
    writeSetting(handle.db, 'essai', 'deuxième');
    handle.save();
    writeSetting(handle.db, 'essai', 'troisième');
    handle.save();
    const journal = readFileSync(journalPath(path), 'utf8');
    // The second entry altered: the third one, whole, can no longer follow.
    writeFileSync(journalPath(path), journal.replace('deuxième', 'deuxiEme'));
    const again = await openDatabase(path);
    expect(dumpAll(again.db)).toEqual(afterFirst);
    expect(again.notices).toEqual([
      expect.stringMatching(
        /^Le journal « passerelle\.sqlite\.journal » est endommagé : 1 enregistrement\(s\) ont été relus, mais 2 autre\(s\), à partir de l’endroit abîmé, n’ont pas pu l’être : leurs modifications manquent\. Le journal tel qu’il était est conservé sous « passerelle\.sqlite\.journal\.illisible-.+ »\.$/,
      ),
    ]);
    const aside = readdirSync(dir).filter((f) => f.includes('.journal.illisible-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0] ?? ''), 'utf8')).toContain('deuxiEme');
    again.close();
  });

  it('a save cut short is not damage: no notice', async () => {
    const handle = await savedWithTwoRecords();
    applyTheChange(handle.db);
    handle.save();
    const size = statSync(journalPath(path)).size;
    truncateSync(journalPath(path), size - 10);
    const again = await openDatabase(path);
    expect(again.notices).toEqual([]);
    again.close();
  });

  it('a journal for another file with changes in it: not applied, kept aside, said', async () => {
    const handle = await savedWithTwoRecords();
    const stale = `${journalHeader('00000000-0000-4000-8000-000000000000')}["commit",1,0,"${'0'.repeat(64)}"]\n`;
    const before = dumpAll(handle.db);
    writeFileSync(journalPath(path), stale);
    const again = await openDatabase(path);
    expect(dumpAll(again.db)).toEqual(before);
    expect(again.notices).toEqual([
      expect.stringMatching(
        /^Le journal « passerelle\.sqlite\.journal » ne correspond pas à ce fichier de données/,
      ),
    ]);
    again.close();
  });

  it('an unreadable journal or a missing one: the file as last written whole, and a notice', async () => {
    const handle = await savedWithTwoRecords();
    const before = dumpAll(handle.db);
    applyTheChange(handle.db);
    handle.save();
    writeFileSync(journalPath(path), 'des octets quelconques\n');
    const unreadable = await openDatabase(path);
    expect(dumpAll(unreadable.db)).toEqual(before);
    expect(unreadable.notices).toEqual([
      expect.stringMatching(
        /^Le journal « passerelle\.sqlite\.journal » des dernières modifications est illisible/,
      ),
    ]);
    unreadable.close();

    rmSync(journalPath(path));
    const missing = await openDatabase(path);
    expect(missing.notices).toEqual([
      expect.stringMatching(
        /^Le journal « passerelle\.sqlite\.journal » des dernières modifications est introuvable/,
      ),
    ]);
    missing.close();
  });

  it('close writes the file whole and empties the journal', async () => {
    const handle = await savedWithTwoRecords();
    applyTheChange(handle.db);
    handle.save();
    const expected = dumpAll(handle.db);
    handle.close();
    const lines = readFileSync(journalPath(path), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(readdirSync(dir)).toContain('passerelle.sqlite.bak');
    const again = await openDatabase(path);
    expect(dumpAll(again.db)).toEqual(expected);
    again.close();
  });

  it('compactIfLarge writes the file whole once the journal outgrows it, not before', async () => {
    const handle = await savedWithTwoRecords();
    applyTheChange(handle.db);
    handle.save();
    const fileBytes = statSync(path).size;
    const journalBytes = statSync(journalPath(path)).size;
    expect(journalBytes).toBeLessThan(fileBytes);
    // Smaller than the file: kept, whatever the threshold.
    expect(handle.compactIfLarge(0)).toBe(false);
    // Entries adding up past the file's size.
    let n = 0;
    while (statSync(journalPath(path)).size <= fileBytes) {
      writeSetting(handle.db, `essai-${n++}`, 'x'.repeat(20_000));
      handle.save();
    }
    expect(handle.compactIfLarge(Number.MAX_SAFE_INTEGER)).toBe(false);
    const expected = dumpAll(handle.db);
    expect(handle.compactIfLarge(0)).toBe(true);
    expect(readFileSync(journalPath(path), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(statSync(path).size).toBeGreaterThan(fileBytes);
    const again = await openDatabase(path);
    expect(dumpAll(again.db)).toEqual(expected);
    again.close();
  });

  it('a journal that is a folder: a French message naming it, the file untouched', async () => {
    const handle = await savedWithTwoRecords();
    handle.close();
    const before = readFileSync(path);
    rmSync(journalPath(path));
    mkdirSync(journalPath(path));
    await expect(openDatabase(path)).rejects.toThrow(
      `Le journal des dernières modifications « ${journalPath(path)} » ne peut pas être lu (EISDIR)`,
    );
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('saveInSlices writes the same entry as save', async () => {
    const handle = await savedWithTwoRecords();
    applyTheChange(handle.db);
    let lines = 0;
    await handle.saveInSlices(() => (lines += 1));
    expect(lines).toBeGreaterThan(0);
    const expected = dumpAll(handle.db);
    const again = await openDatabase(path);
    expect(dumpAll(again.db)).toEqual(expected);
    again.close();
  });

  it('no statement deletes a whole table without WHERE (SQLite would not report the rows)', () => {
    // SQLite's truncate optimisation skips the update hook the journal relies
    // on; only a migration may do it, and a migration writes the file whole.
    const offenders: string[] = [];
    const walk = (folder: string): void => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const full = join(folder, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts') && !full.endsWith('migrations.ts')) {
          const text = readFileSync(full, 'utf8');
          if (/DELETE FROM \w+\s*['`;)]/.test(text)) offenders.push(full);
        }
      }
    };
    walk(join(process.cwd(), 'main'));
    walk(join(process.cwd(), 'shared'));
    expect(offenders).toEqual([]);
  });
});
