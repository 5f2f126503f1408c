/** Opens the catalogue database: in memory, or from its file (and journal) with a fallback on .bak. */
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
} from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import { UserError } from '../user-error';
import { atomicWriteFile } from './atomic-write-file';
import {
  canJournal,
  ChangeTracker,
  JOURNAL_BASE_KEY,
  JournalWriter,
  journalHeader,
  replayJournal,
  storedJournalBase,
} from './change-journal';
import { lockDatabase } from './database-lock';
import { fileSizes } from './file-room';
import { loadSqlJs } from './load-sql-js';
import { migrateDatabase } from './migrate-database';
import { MIGRATIONS, type Migration } from './migrations';

/** An open database and how to persist it. */
export interface DatabaseHandle {
  db: Database;
  /** The file behind it, null when in memory only. */
  path: string | null;
  /** French notes for the user about what happened at open (e.g. backup used). */
  notices: string[];
  /**
   * Persists what changed since the last save: the rows touched, appended to
   * the journal and synced; the whole file (atomically, the previous one kept
   * as .bak) when there is no journal yet.
   */
  save(): void;
  /** The same, letting the event loop run while a large change is written. */
  saveInSlices(onProgress?: () => void): Promise<void>;
  /** Writes the whole file from memory (atomically, .bak kept) and starts an empty journal. */
  compact(): void;
  /**
   * Compacts when the journal outgrows max(64 Mo, the file): an app left
   * open would otherwise grow it without end, and reopening after a crash
   * replays all of it. Says whether it did. `minBytes`: 64 Mo, for tests.
   */
  compactIfLarge(minBytes?: number): boolean;
  /**
   * Makes sure the database can grow by `bytes` without sql.js growing its
   * in-memory file (see makeRoom below); `db` may be another object after.
   * Outside a transaction only.
   */
  makeRoom(bytes: number): Promise<void>;
  /** Compacts when the journal holds changes, then releases the file. */
  close(): void;
}

function dateStamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/** The journal of the database at `path`. */
export function journalPath(path: string): string {
  return `${path}.journal`;
}

/** The header gives the page count (SQLite 3.7.0 and later): zeros after the pages are ignored. */
function headerCountsPages(header: Uint8Array): boolean {
  const magic = 'SQLite format 3\u0000';
  if (
    header.length < 100 ||
    Buffer.from(header.subarray(0, 16)).toString('latin1') !== magic
  ) {
    return false;
  }
  const view = Buffer.from(header.buffer, header.byteOffset, 100);
  return view.readUInt32BE(28) > 0 && view.readUInt32BE(24) === view.readUInt32BE(92);
}

/**
 * The bytes of the file at `path` followed by a little room (a tenth of it,
 * 1 to 8 Mo) when its header counts its pages: sql.js keeps the database in
 * a memory file exactly as large as what it is given and copies all of it the
 * first time a page is written past its end (0,1 s and twice the memory for
 * 200 Mo, in the middle of the next save). A Buffer, which sql.js keeps as it
 * is (see reopenWithRoom); the room is untouched pages until written.
 */
function fileWithRoom(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const header = Buffer.alloc(Math.min(100, size));
    readSync(fd, header, 0, header.length, 0);
    const room = headerCountsPages(header) ? reserveBytes(size) : 0;
    const bytes = Buffer.alloc(size + room);
    let read = 0;
    while (read < size) {
      const got = readSync(fd, bytes, read, size - read, read);
      if (got === 0) break;
      read += got;
    }
    // A file cut while read: its bytes alone, as readFileSync would give them.
    return read === size ? bytes : bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** Reads a database file; sql.js only notices a corrupt file at the first query. */
async function loadFile(path: string): Promise<Database> {
  const SQL = await loadSqlJs();
  const bytes = fileWithRoom(path);
  const db = new SQL.Database(bytes);
  fileSizes.set(db, bytes.length);
  try {
    db.exec('SELECT count(*) FROM sqlite_master');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * The connection settings: sql.js holds the database in memory and the file
 * is written by this module, so SQLite's own rollback journal only serves
 * ROLLBACK and lives in memory too (it cost half of a big apply's time as a
 * file of sql.js's in-memory file system).
 */
function configure(db: Database): void {
  db.exec('PRAGMA journal_mode = MEMORY; PRAGMA temp_store = MEMORY;');
}

/**
 * Page size of a new database: a supplier's row is about 1,4 ko, so a
 * 4 096-byte page holds two or three and wastes a fifth of the file; 8 192
 * bytes hold five or six (a 100,000-supplier catalogue: 218 -> 196 Mo).
 * A database made before keeps its pages.
 */
const NEW_PAGE_SIZE = 8192;

/** An empty database, configured, its page size set before anything is written. */
function newDatabase(SQL: SqlJsStatic): Database {
  const db = new SQL.Database();
  db.run(`PRAGMA page_size = ${NEW_PAGE_SIZE}`);
  configure(db);
  return db;
}

/** Journal size from which compactIfLarge writes the file whole, at least. */
const COMPACT_JOURNAL_BYTES = 64 * 1024 * 1024;

/**
 * Smallest growth makeRoom prepares for: below it, sql.js's own growth
 * copies a file of a few megabytes, which takes a few milliseconds.
 */
const MIN_ROOM_BYTES = 16 * 1024 * 1024;

/** Free bytes inside the database: free pages, and pages past its end in a file made larger. */
function roomInside(db: Database, fileBytes: number): number {
  const [pageSize, free, pages] = [
    'PRAGMA page_size',
    'PRAGMA freelist_count',
    'PRAGMA page_count',
  ].map((pragma) => Number(db.exec(pragma)[0]?.values[0]?.[0] ?? 0));
  const size = pageSize ?? 0;
  return size * (free ?? 0) + Math.max(0, fileBytes - size * (pages ?? 0));
}

/**
 * The database `db` holds, in a new connection whose in-memory file is
 * `extraBytes` larger than the database. SQLite reads the database's size
 * from its header and takes the zeros after it as room to write pages into.
 */
async function reopenWithRoom(db: Database, extraBytes: number): Promise<Database> {
  const SQL = await loadSqlJs();
  const image = db.export();
  // A Buffer, not a plain Uint8Array: sql.js takes the bytes it opens with
  // slice(), which copies a Uint8Array (touching every page of the room, 0,3 s
  // for 250 Mo) but is a view for a Buffer, so the file is this memory. Its
  // zeros are the system's untouched pages until SQLite writes them.
  const file = Buffer.alloc(image.length + extraBytes);
  file.set(image);
  const roomy = new SQL.Database(file);
  fileSizes.set(roomy, file.length);
  try {
    configure(roomy);
    const pages = (d: Database): unknown =>
      d.exec('PRAGMA page_count')[0]?.values[0]?.[0];
    if (pages(roomy) !== pages(db)) {
      throw new Error('makeRoom: the reopened database has another page count');
    }
  } catch (error) {
    roomy.close();
    throw error;
  }
  return roomy;
}

class FileHandle implements DatabaseHandle {
  readonly notices: string[];
  private readonly tracker: ChangeTracker;
  private current: Database;
  private journal: JournalWriter | null;
  private saving = false;
  /** Journal entries written since the file was last written whole. */
  private entries = 0;

  constructor(
    db: Database,
    readonly path: string,
    notices: string[],
    journal: JournalWriter | null,
    private readonly unlock: () => void,
  ) {
    this.current = db;
    this.notices = notices;
    this.journal = journal;
    this.tracker = new ChangeTracker(db);
  }

  get db(): Database {
    return this.current;
  }

  /**
   * sql.js keeps the database in an in-memory file exactly as large as it
   * is, and grows it by an eighth each time a page is written past its end,
   * copying all of it: at 200 Mo each copy holds the event loop 130 ms or
   * more and leaves the old copy for the garbage collector. Before a sync
   * that will add `bytes`, the database is reopened (same content, same
   * rows to save) in a file with that much room after its end: one
   * allocation whose pages the system provides as they are written, and no
   * copy of the database beyond the one reopening makes.
   */
  async makeRoom(bytes: number): Promise<void> {
    this.notWhileSaving();
    if (bytes < MIN_ROOM_BYTES) return;
    if (roomInside(this.current, fileSizes.get(this.current) ?? 0) >= bytes) return;
    // An eighth more than asked: an estimate a little short still fits.
    const previous = this.current;
    const reopened = await reopenWithRoom(previous, Math.ceil(bytes * 1.125));
    this.current = reopened;
    this.tracker.attach(reopened);
    previous.close();
  }

  save(): void {
    const touched = this.rowsToSave();
    if (!touched || !this.journal) return;
    try {
      this.journal.appendSync(this.db, touched);
      this.entries += 1;
    } catch (error) {
      this.tracker.restore(touched);
      throw error;
    }
  }

  async saveInSlices(onProgress?: () => void): Promise<void> {
    const touched = this.rowsToSave();
    if (!touched || !this.journal) return;
    this.saving = true;
    try {
      // Each line's write is awaited: the event loop runs between lines.
      await this.journal.appendInSlices(this.db, touched, onProgress);
      this.entries += 1;
    } catch (error) {
      this.tracker.restore(touched);
      throw error;
    } finally {
      this.saving = false;
    }
  }

  /**
   * The rows a save must write, taken from the tracker; null when there is
   * nothing to append (no change, or no journal yet: the file was written whole).
   */
  private rowsToSave(): Map<string, Set<number>> | null {
    this.notWhileSaving();
    if (!this.journal) {
      this.compact();
      return null;
    }
    const touched = this.tracker.take();
    return touched.size === 0 ? null : touched;
  }

  compact(): void {
    this.notWhileSaving();
    const touched = this.tracker.take();
    try {
      const base = randomUUID();
      const journaled = canJournal(this.db);
      if (journaled) {
        this.db.run('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)', [
          JOURNAL_BASE_KEY,
          JSON.stringify(base),
        ]);
      }
      atomicWriteFile(this.path, this.db.export(), { keepBackup: true });
      // The file now holds everything: a journal left from before is stale
      // (its base id differs), so a crash here loses nothing.
      const journal = journalPath(this.path);
      if (journaled) {
        const header = journalHeader(base);
        atomicWriteFile(journal, Buffer.from(header));
        this.journal = new JournalWriter(journal, Buffer.byteLength(header), 0);
      } else {
        rmSync(journal, { force: true });
        this.journal = null;
      }
      this.tracker.take();
      this.entries = 0;
    } catch (error) {
      this.tracker.restore(touched);
      throw error;
    }
  }

  compactIfLarge(minBytes = COMPACT_JOURNAL_BYTES): boolean {
    if (!this.journal || this.entries === 0) return false;
    const fileBytes = existsSync(this.path) ? statSync(this.path).size : 0;
    if (this.journal.size <= Math.max(minBytes, fileBytes)) return false;
    this.compact();
    return true;
  }

  close(): void {
    try {
      // Saved changes sit in the journal: the file takes them whole.
      if (this.entries > 0) this.compact();
    } finally {
      this.db.close();
      this.unlock();
    }
  }

  private notWhileSaving(): void {
    if (this.saving) {
      throw new Error('the database is being saved: wait for saveInSlices to end');
    }
  }
}

function memoryHandle(db: Database): DatabaseHandle {
  return {
    db,
    path: null,
    notices: [],
    save: () => undefined,
    saveInSlices: async () => undefined,
    compact: () => undefined,
    makeRoom: async () => undefined,
    compactIfLarge: () => false,
    close: () => db.close(),
  };
}

/**
 * Opens the database at `path` (created with its folder when missing), or in
 * memory when `path` is null, migrated to the latest schema. The journal's
 * complete entries are applied; a save cut short is left out. A corrupt file
 * is never overwritten: the .bak is tried and the unreadable file is moved
 * aside; with no usable backup a French UserError says what to do.
 */
export async function openDatabase(
  path: string | null,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<DatabaseHandle> {
  const SQL = await loadSqlJs();
  if (!path) {
    const db = newDatabase(SQL);
    migrateDatabase(db, migrations);
    return memoryHandle(db);
  }
  mkdirSync(dirname(path), { recursive: true });
  const unlock = lockDatabase(path);
  try {
    return await openLocked(path, unlock, migrations);
  } catch (error) {
    unlock();
    throw error;
  }
}

async function openLocked(
  path: string,
  unlock: () => void,
  migrations: readonly Migration[],
): Promise<DatabaseHandle> {
  // A .tmp left by a crash mid-save is incomplete by definition: never read it.
  rmSync(`${path}.tmp`, { force: true });
  rmSync(`${journalPath(path)}.tmp`, { force: true });

  const backup = `${path}.bak`;
  if (!existsSync(path) && !existsSync(backup)) {
    const SQL = await loadSqlJs();
    const db = newDatabase(SQL);
    migrateDatabase(db, migrations);
    return new FileHandle(db, path, [], null, unlock);
  }
  /** What SQLite said of the unreadable file, kept for the notice. */
  let fileProblem = '';
  if (existsSync(path)) {
    let db: Database | null = null;
    try {
      db = await loadFile(path);
    } catch (error) {
      fileProblem = sqliteReason(error);
    }
    if (db) {
      try {
        return await withJournal(db, path, unlock, migrations);
      } catch (error) {
        db.close();
        throw error;
      }
    }
  }
  if (existsSync(backup)) {
    let db: Database | null = null;
    try {
      db = await loadFile(backup);
      configure(db);
      migrateDatabase(db, migrations);
    } catch {
      // Unreadable too: the message below says that no usable backup was found.
      db?.close();
      db = null;
    }
    if (db) {
      const notices: string[] = [];
      if (existsSync(path)) {
        const aside = `${path}.illisible-${dateStamp(new Date())}`;
        renameSync(path, aside);
        notices.push(
          `Le fichier de données « ${path} » était illisible${fileProblem} : la copie de sauvegarde ` +
            `« ${basename(backup)} » a été utilisée. Le fichier illisible est conservé ` +
            `sous « ${basename(aside)} ».`,
        );
      } else {
        notices.push(
          `Le fichier de données « ${path} » manquait : la copie de sauvegarde ` +
            `« ${basename(backup)} » a été utilisée.`,
        );
      }
      // The journal continued the lost file, not the backup: kept aside too.
      const journal = journalPath(path);
      if (existsSync(journal)) {
        const aside = `${journal}.illisible-${dateStamp(new Date())}`;
        renameSync(journal, aside);
        notices.push(
          `Les dernières modifications, enregistrées après ce fichier, sont conservées ` +
            `sous « ${basename(aside)} » mais n’ont pas pu être appliquées.`,
        );
      }
      const handle = new FileHandle(db, path, notices, null, unlock);
      handle.compact();
      return handle;
    }
  }
  throw new UserError(
    `Le fichier de données « ${path} » est illisible (fichier endommagé ou créé par ` +
      'une version plus récente de Passerelle) et aucune copie de sauvegarde utilisable ' +
      'n’a été trouvée. Rien n’a été modifié : déplacez ou supprimez ce fichier pour ' +
      'repartir du catalogue intégré.',
  );
}

/** SQLite's own words for a file it cannot read, for support: « (SQLite : …) ». */
function sqliteReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message ? ` (SQLite : ${message})` : '';
}

/** Room given to a database read from its file: a tenth of it, 1 to 8 Mo. */
function reserveBytes(fileBytes: number): number {
  return Math.min(8 << 20, Math.max(1 << 20, Math.round(fileBytes / 10)));
}

/** Keeps a journal that could not be applied whole beside the file, and says so. */
function setJournalAside(journal: string, notices: string[], why: string): void {
  const aside = `${journal}.illisible-${dateStamp(new Date())}`;
  copyFileSync(journal, aside);
  notices.push(
    `${why} Le journal tel qu’il était est conservé sous « ${basename(aside)} ».`,
  );
}

/** Applies the journal to the file just read, migrates, and compacts what needs it. */
async function withJournal(
  db: Database,
  path: string,
  unlock: () => void,
  migrations: readonly Migration[],
): Promise<DatabaseHandle> {
  configure(db);
  const journal = journalPath(path);
  const notices: string[] = [];
  const base = storedJournalBase(db);
  const replay = await replayJournal(db, journal, base).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw error;
    throw new UserError(
      `Le journal des dernières modifications « ${journal} » ne peut pas être lu ` +
        `(${code}) : vérifiez qu’il s’agit bien d’un fichier et que Passerelle peut le ` +
        'lire et l’écrire. Rien n’a été modifié.',
    );
  });
  const name = basename(journal);
  if (replay.header === 'missing' && base !== null) {
    notices.push(
      `Le journal « ${name} » des dernières modifications est introuvable : les ` +
        'modifications enregistrées depuis la dernière fermeture de Passerelle ont pu ' +
        'être perdues. Les données sont celles de cette dernière fermeture.',
    );
  } else if (replay.header === 'unreadable') {
    setJournalAside(
      journal,
      notices,
      `Le journal « ${name} » des dernières modifications est illisible : elles n’ont ` +
        'pas pu être appliquées ; les données sont celles de la dernière fermeture de ' +
        'Passerelle.',
    );
  } else if (
    replay.header === 'other-base' &&
    // More than a header: a journal with changes in it.
    statSync(journal).size > Buffer.byteLength(journalHeader(randomUUID()))
  ) {
    setJournalAside(
      journal,
      notices,
      `Le journal « ${name} » ne correspond pas à ce fichier de données (copié d’un ` +
        'autre poste, ou laissé par un arrêt pendant une réécriture) : il n’a pas été ' +
        'appliqué.',
    );
  } else if (replay.lostEntries > 0) {
    setJournalAside(
      journal,
      notices,
      `Le journal « ${name} » est endommagé : ${replay.entries} enregistrement(s) ont ` +
        `été relus, mais ${replay.lostEntries} autre(s), à partir de l’endroit abîmé, ` +
        'n’ont pas pu l’être : leurs modifications manquent.',
    );
  }
  if (replay.matches && replay.cutShort) {
    // The end of a save that did not finish: the state before it is whole.
    truncateSync(journal, replay.goodBytes);
  }
  const migrated = migrateDatabase(db, migrations);
  let writer: JournalWriter | null = null;
  if (replay.matches && migrated.length === 0) {
    writer = new JournalWriter(journal, statSync(journal).size, replay.lastEntry);
  }
  const handle = new FileHandle(db, path, notices, writer, unlock);
  // After a crash (entries left) or a migration, the file is written whole.
  if (writer === null || replay.entries > 0) handle.compact();
  return handle;
}
