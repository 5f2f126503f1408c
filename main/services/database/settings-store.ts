/** Small settings kept in the database (table `settings`), as JSON values by key. */
import type { Database } from 'sql.js';

/** The value stored under `key`, or `fallback` when there is none. */
export function readSetting<T>(db: Database, key: string, fallback: T): T {
  const value = db.exec('SELECT value FROM settings WHERE key = ?', [key])[0]
    ?.values[0]?.[0];
  return value === undefined || value === null
    ? fallback
    : (JSON.parse(String(value)) as T);
}

/** Stores `value` (any JSON value) under `key`; the caller saves the database. */
export function writeSetting(db: Database, key: string, value: unknown): void {
  db.run('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)', [
    key,
    JSON.stringify(value),
  ]);
}

/** Removes the setting `key`. */
export function removeSetting(db: Database, key: string): void {
  db.run('DELETE FROM settings WHERE key = ?', [key]);
}
