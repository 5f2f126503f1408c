/** Opens the catalogue database: in memory, or from its file with a fallback on .bak. */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Database } from 'sql.js';
import { UserError } from '../user-error';
import { atomicWriteFile } from './atomic-write-file';
import { lockDatabase } from './database-lock';
import { loadSqlJs } from './load-sql-js';
import { migrateDatabase } from './migrate-database';

/** An open database and how to persist it. */
export interface DatabaseHandle {
  db: Database;
  /** The file behind it, null when in memory only. */
  path: string | null;
  /** French notes for the user about what happened at open (e.g. backup used). */
  notices: string[];
  /** Writes the database to its file atomically, keeping the previous one as .bak. */
  save(): void;
  close(): void;
}

function dateStamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

async function openBytes(path: string): Promise<Database> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(path));
  try {
    // sql.js only notices a corrupt file at the first query.
    db.exec('SELECT count(*) FROM sqlite_master');
    migrateDatabase(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function handleFor(
  db: Database,
  path: string | null,
  notices: string[],
  unlock: () => void = () => undefined,
): DatabaseHandle {
  return {
    db,
    path,
    notices,
    save(): void {
      if (path) atomicWriteFile(path, db.export(), { keepBackup: true });
    },
    close(): void {
      db.close();
      unlock();
    },
  };
}

/**
 * Opens the database at `path` (created with its folder when missing), or in
 * memory when `path` is null, migrated to the latest schema. A corrupt file is
 * never overwritten: the .bak is tried and the unreadable file is moved aside;
 * with no usable backup a French UserError says what to do.
 */
export async function openDatabase(path: string | null): Promise<DatabaseHandle> {
  const SQL = await loadSqlJs();
  if (!path) {
    const db = new SQL.Database();
    migrateDatabase(db);
    return handleFor(db, null, []);
  }
  mkdirSync(dirname(path), { recursive: true });
  const unlock = lockDatabase(path);
  try {
    return await openLocked(SQL, path, unlock);
  } catch (error) {
    unlock();
    throw error;
  }
}

async function openLocked(
  SQL: Awaited<ReturnType<typeof loadSqlJs>>,
  path: string,
  unlock: () => void,
): Promise<DatabaseHandle> {
  // A .tmp left by a crash mid-save is incomplete by definition: never read it.
  rmSync(`${path}.tmp`, { force: true });

  const backup = `${path}.bak`;
  if (!existsSync(path) && !existsSync(backup)) {
    const db = new SQL.Database();
    migrateDatabase(db);
    return handleFor(db, path, [], unlock);
  }
  if (existsSync(path)) {
    try {
      return handleFor(await openBytes(path), path, [], unlock);
    } catch (error) {
      console.warn('[database] unreadable file', path, String(error));
    }
  }
  if (existsSync(backup)) {
    try {
      const db = await openBytes(backup);
      const notices: string[] = [];
      if (existsSync(path)) {
        const aside = `${path}.illisible-${dateStamp(new Date())}`;
        renameSync(path, aside);
        notices.push(
          `Le fichier de données « ${path} » était illisible : la copie de sauvegarde ` +
            `« ${basename(backup)} » a été utilisée. Le fichier illisible est conservé ` +
            `sous « ${basename(aside)} ».`,
        );
      } else {
        notices.push(
          `Le fichier de données « ${path} » manquait : la copie de sauvegarde ` +
            `« ${basename(backup)} » a été utilisée.`,
        );
      }
      const handle = handleFor(db, path, notices, unlock);
      handle.save();
      return handle;
    } catch (error) {
      console.warn('[database] unreadable backup', backup, String(error));
    }
  }
  throw new UserError(
    `Le fichier de données « ${path} » est illisible (fichier endommagé ou créé par ` +
      'une version plus récente de Passerelle) et aucune copie de sauvegarde utilisable ' +
      'n’a été trouvée. Rien n’a été modifié : déplacez ou supprimez ce fichier pour ' +
      'repartir du catalogue intégré.',
  );
}
