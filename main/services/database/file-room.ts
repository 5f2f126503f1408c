/**
 * The room left after the database in sql.js's in-memory file, when
 * open-database made the file larger than the database (a file read from
 * disk, makeRoom): SQLite writes new pages there without sql.js copying the
 * file to grow it.
 */
import type { Database } from 'sql.js';

/** Size of the in-memory file of each database opened with room; a database not in it has none. */
export const fileSizes = new WeakMap<Database, number>();

/**
 * To call after a ROLLBACK of changes that reached the in-memory file:
 * SQLite then cuts the file back to the database's exact size, so the room
 * is gone (the next makeRoom makes it again).
 */
export function roomLost(db: Database): void {
  fileSizes.delete(db);
}
