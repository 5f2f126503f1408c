/**
 * The change journal beside the database file (`<file>.journal`).
 *
 * sql.js keeps the database in memory, and writing it out means exporting
 * every page: 224 MB for 100,000 suppliers, for a change of 1,000. So a save
 * appends to the journal only the rows touched since the previous save (seen
 * by SQLite's update hook), each with its values now or marked gone; the
 * file is written whole only when the journal is compacted (at close, and at
 * open after a crash).
 *
 * Format, JSON lines:
 *   {"passerelleJournal":1,"base":"<id>"}            first line
 *   ["rows",<entry>,"<table>",[<columns>],[[<rowid>,<values>…]…],[<gone rowids>…]]
 *   ["commit",<entry>,<rows lines>,"<sha256>"]
 * The journal continues the database file whose setting `journal.base` holds
 * the same id; any other journal is stale (the file already holds it). An
 * entry counts once its commit line is read and checks out (number of lines,
 * SHA-256 of its rows lines with their line feeds): a save cut by a crash
 * leaves an entry without one, which is rolled back, so reopening gives the
 * state before that save, whole.
 */
import { createHash, type Hash } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  createReadStream,
  existsSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  statSync,
  writeSync,
} from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Database, SqlValue, Statement } from 'sql.js';

/** The setting naming the journal a database file goes with. */
export const JOURNAL_BASE_KEY = 'journal.base';

const FORMAT = 1;

/**
 * Rows read and written per journal line: a line of 500 suppliers (900 ko)
 * went to the engine's large-object space and grew the heap during a big
 * save; 50 (90 ko) are collected young.
 */
const ROWS_PER_LINE = 50;
/** Bytes gathered before a write to the journal file. */
const WRITE_BYTES = 1 << 20;

type JournalValue = string | number | null | { base64: string };
type RowsLine = [
  'rows',
  number,
  string,
  string[],
  [number, ...JournalValue[]][],
  number[],
];
type CommitLine = ['commit', number, number, string];

export function journalHeader(base: string): string {
  return `${JSON.stringify({ passerelleJournal: FORMAT, base })}\n`;
}

/**
 * True once the database has its settings table (migration 3), where the
 * base id lives: before that, the file is only ever written whole.
 */
export function canJournal(db: Database): boolean {
  return (
    db.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'")
      .length > 0
  );
}

/** The base id the database holds, or null (no settings table yet, or none stored). */
export function storedJournalBase(db: Database): string | null {
  if (!canJournal(db)) return null;
  const value = db.exec('SELECT value FROM settings WHERE key = ?', [JOURNAL_BASE_KEY])[0]
    ?.values[0]?.[0];
  return typeof value === 'string' ? (JSON.parse(value) as string) : null;
}

/** Rows changed in the main database since the last `take()`, by table. */
export class ChangeTracker {
  private touched = new Map<string, Set<number>>();

  constructor(db: Database) {
    this.attach(db);
  }

  /** Tracks the rows `db` touches from now on (the same database, reopened): what was tracked stays. */
  attach(db: Database): void {
    db.updateHook((_operation, database, table, rowId) => {
      if (database !== 'main') return;
      let rows = this.touched.get(table);
      if (!rows) {
        rows = new Set();
        this.touched.set(table, rows);
      }
      rows.add(rowId);
    });
  }

  /** The rows touched so far; tracking starts afresh. */
  take(): Map<string, Set<number>> {
    const touched = this.touched;
    this.touched = new Map();
    return touched;
  }

  /** Gives back rows taken by a save that failed, so that the next save writes them. */
  restore(touched: Map<string, Set<number>>): void {
    for (const [table, rows] of touched) {
      const mine = this.touched.get(table);
      if (mine) for (const row of rows) mine.add(row);
      else this.touched.set(table, new Set(rows));
    }
  }
}

function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function toJournal(value: SqlValue): JournalValue {
  if (value instanceof Uint8Array)
    return { base64: Buffer.from(value).toString('base64') };
  return value;
}

function fromJournal(value: JournalValue): SqlValue {
  if (value !== null && typeof value === 'object') {
    return new Uint8Array(Buffer.from(value.base64, 'base64'));
  }
  return value;
}

/**
 * The rows lines of entry `entry`: the current values of every touched row
 * (or its absence), ROWS_PER_LINE at a time. A generator, so that the caller
 * may yield to the event loop between lines.
 */
export function* entryRowsLines(
  db: Database,
  touched: Map<string, Set<number>>,
  entry: number,
): Generator<string> {
  const tables = [...touched.keys()].sort();
  for (const table of tables) {
    const rowIds = [...(touched.get(table) ?? [])].sort((a, b) => a - b);
    const select = db.prepare(
      `SELECT rowid, * FROM ${quoted(table)} WHERE rowid IN (SELECT value FROM json_each(?))`,
    );
    try {
      for (let start = 0; start < rowIds.length; start += ROWS_PER_LINE) {
        const batch = rowIds.slice(start, start + ROWS_PER_LINE);
        const present: [number, ...JournalValue[]][] = [];
        const seen = new Set<number>();
        select.bind([JSON.stringify(batch)]);
        let columns: string[] | null = null;
        while (select.step()) {
          columns ??= select.getColumnNames().slice(1);
          const [rowId, ...values] = select.get();
          seen.add(Number(rowId));
          present.push([Number(rowId), ...values.map(toJournal)]);
        }
        select.reset();
        const gone = batch.filter((id) => !seen.has(id));
        const line: RowsLine = ['rows', entry, table, columns ?? [], present, gone];
        yield `${JSON.stringify(line)}\n`;
      }
    } finally {
      select.free();
    }
  }
}

/** Appends entries to the journal file; one entry per save. */
export class JournalWriter {
  private nextEntry: number;

  constructor(
    readonly path: string,
    private bytes: number,
    lastEntry: number,
  ) {
    this.nextEntry = lastEntry + 1;
  }

  get size(): number {
    return this.bytes;
  }

  /** Writes the entry in one go (small saves), synced before returning. */
  appendSync(db: Database, touched: Map<string, Set<number>>): void {
    const entry = this.nextEntry;
    const hash = createHash('sha256');
    let lines = 0;
    let text = '';
    for (const line of entryRowsLines(db, touched, entry)) {
      hash.update(line);
      lines += 1;
      text += line;
    }
    text += commitLine(entry, lines, hash);
    const fd = openSync(this.path, 'a');
    try {
      writeAll(fd, text);
      fsyncSync(fd);
    } catch (error) {
      // A half-written entry would hide the next ones: cut it off.
      truncateQuietly(fd, this.bytes);
      throw error;
    } finally {
      closeSync(fd);
    }
    this.bytes += Buffer.byteLength(text);
    this.nextEntry += 1;
  }

  /**
   * Writes the entry line by line, letting the event loop run between lines
   * (a whole catalogue's rows take seconds to read), synced before resolving.
   * The rows must not change meanwhile: the sync that calls it holds the
   * other writers off.
   */
  async appendInSlices(
    db: Database,
    touched: Map<string, Set<number>>,
    onLine?: () => void,
  ): Promise<void> {
    const entry = this.nextEntry;
    const hash = createHash('sha256');
    const file = await openFile(this.path, 'a');
    let written = 0;
    try {
      let lines = 0;
      // Lines are short (the garbage collector frees them young) and written
      // a megabyte at a time.
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = async (): Promise<void> => {
        const chunks = pending;
        pending = [];
        pendingBytes = 0;
        for (const chunk of chunks) written += chunk.length;
        await file.writev(chunks);
      };
      for (const line of entryRowsLines(db, touched, entry)) {
        // Encoded once for the hash and the file (a whole catalogue is 175 Mo of lines).
        const bytes = Buffer.from(line);
        hash.update(bytes);
        lines += 1;
        pending.push(bytes);
        pendingBytes += bytes.length;
        if (pendingBytes >= WRITE_BYTES) await flush();
        onLine?.();
      }
      pending.push(Buffer.from(commitLine(entry, lines, hash)));
      await flush();
      await file.sync();
    } catch (error) {
      await file.truncate(this.bytes).catch(() => undefined);
      throw error;
    } finally {
      await file.close();
    }
    this.bytes += written;
    this.nextEntry += 1;
  }
}

function commitLine(entry: number, lines: number, hash: Hash): string {
  const line: CommitLine = ['commit', entry, lines, hash.digest('hex')];
  return `${JSON.stringify(line)}\n`;
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
}

function truncateQuietly(fd: number, length: number): void {
  try {
    ftruncateSync(fd, length);
  } catch {
    /* the commit line is missing anyway: the entry will be ignored */
  }
}

/** What reading the journal found. */
export interface ReplayResult {
  /**
   * The journal file: missing, its first line not a journal header, a
   * journal for another database file (stale, or copied from elsewhere), or
   * the one that continues this file.
   */
  header: 'missing' | 'unreadable' | 'other-base' | 'ok';
  /** The journal goes with this database file (same base id). */
  matches: boolean;
  /** Entries applied. */
  entries: number;
  /** Number of the last entry applied (0: none). */
  lastEntry: number;
  /** Bytes up to the end of the last entry applied (the header included). */
  goodBytes: number;
  /** Lines after the last good entry were ignored (a save cut short, or damage). */
  cutShort: boolean;
  /**
   * Complete entries (their commit line there) after the first one that did
   * not check out: not a save cut short, but damage that loses them.
   */
  lostEntries: number;
}

/** Prepared INSERT OR REPLACE statements, by table and columns. */
class RowWriter {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  apply(line: RowsLine): void {
    const [, , table, columns, present, gone] = line;
    for (const rowId of gone) {
      this.db.run(`DELETE FROM ${quoted(table)} WHERE rowid = ?`, [rowId]);
    }
    if (present.length === 0) return;
    const key = `${table}\u0000${columns.join('\u0000')}`;
    let insert = this.statements.get(key);
    if (!insert) {
      const names = ['rowid', ...columns].map(quoted).join(', ');
      const marks = ['?', ...columns.map(() => '?')].join(', ');
      insert = this.db.prepare(
        `INSERT OR REPLACE INTO ${quoted(table)} (${names}) VALUES (${marks})`,
      );
      this.statements.set(key, insert);
    }
    for (const [rowId, ...values] of present) {
      insert.run([rowId, ...values.map(fromJournal)]);
    }
  }

  free(): void {
    for (const statement of this.statements.values()) statement.free();
  }
}

function isRowsLine(value: unknown): value is RowsLine {
  return (
    Array.isArray(value) &&
    value.length === 6 &&
    value[0] === 'rows' &&
    typeof value[1] === 'number' &&
    typeof value[2] === 'string' &&
    Array.isArray(value[3]) &&
    Array.isArray(value[4]) &&
    Array.isArray(value[5])
  );
}

function isCommitLine(value: unknown): value is CommitLine {
  return (
    Array.isArray(value) &&
    value.length === 4 &&
    value[0] === 'commit' &&
    typeof value[1] === 'number' &&
    typeof value[2] === 'number' &&
    typeof value[3] === 'string'
  );
}

/**
 * Applies the journal at `path` to `db`, loaded from the file whose base id
 * is `base`, entry by entry (each in a savepoint). Stops at the first entry
 * that does not check out and rolls it back; a journal for another base is
 * not applied at all. SQL errors other than that propagate, with the
 * entry rolled back.
 */
export async function replayJournal(
  db: Database,
  path: string,
  base: string | null,
): Promise<ReplayResult> {
  const result: ReplayResult = {
    header: 'missing',
    matches: false,
    entries: 0,
    lastEntry: 0,
    goodBytes: 0,
    cutShort: false,
    lostEntries: 0,
  };
  if (!existsSync(path)) return result;
  result.header = 'unreadable';
  const lines = createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  const writer = new RowWriter(db);
  let offset = 0;
  let open: { entry: number; lines: number; hash: Hash } | null = null;
  const rollBack = (): void => {
    if (open) db.run('ROLLBACK TO journal_entry; RELEASE journal_entry');
    open = null;
  };
  let damaged = false;
  try {
    for await (const text of lines) {
      const lineBytes = Buffer.byteLength(text) + 1;
      if (damaged) {
        // Past the first bad entry: only count the complete entries lost.
        if (isCommitLine(parseJson(text))) result.lostEntries += 1;
        continue;
      }
      if (offset === 0) {
        const header = parseJson(text) as { passerelleJournal?: unknown; base?: unknown };
        if (header?.passerelleJournal !== FORMAT || typeof header.base !== 'string') {
          return result;
        }
        if (base === null || header.base !== base) {
          result.header = 'other-base';
          return result;
        }
        result.header = 'ok';
        result.matches = true;
        offset = lineBytes;
        result.goodBytes = offset;
        continue;
      }
      offset += lineBytes;
      const line = parseJson(text);
      if (isRowsLine(line)) {
        if (open && open.entry !== line[1]) {
          damaged = true;
          continue;
        }
        if (!open) {
          db.run('SAVEPOINT journal_entry');
          open = { entry: line[1], lines: 0, hash: createHash('sha256') };
        }
        open.hash.update(`${text}\n`);
        open.lines += 1;
        writer.apply(line);
        continue;
      }
      if (isCommitLine(line)) {
        const entry: number = line[1];
        const empty = !open;
        const digest = (open?.hash ?? createHash('sha256')).digest('hex');
        if (
          (open && open.entry !== entry) ||
          (open?.lines ?? 0) !== line[2] ||
          digest !== line[3]
        ) {
          // A whole entry that does not check out: damage, not a cut.
          result.lostEntries += 1;
          damaged = true;
          continue;
        }
        if (!empty) db.run('RELEASE journal_entry');
        open = null;
        result.entries += 1;
        result.lastEntry = entry;
        result.goodBytes = offset;
        continue;
      }
      damaged = true;
    }
    result.cutShort = open !== null || offset > result.goodBytes;
    rollBack();
    const size = statSync(path).size;
    if (result.goodBytes > size) {
      // The last commit line lost only its line feed: give it back.
      appendFileSync(path, '\n');
    } else if (size > result.goodBytes) {
      result.cutShort = true;
    }
    return result;
  } catch (error) {
    rollBack();
    throw error;
  } finally {
    writer.free();
    lines.close();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
