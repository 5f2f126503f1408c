/** Brings a database to the latest schema, one transaction per migration. */
import type { Database } from 'sql.js';
import { MIGRATIONS, type Migration } from './migrations';

/** The schema version recorded in `db`; 0 for a new database. */
export function schemaVersion(db: Database): number {
  db.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const rows = db.exec('SELECT MAX(version) FROM schema_version');
  const value = rows[0]?.values[0]?.[0];
  return typeof value === 'number' ? value : 0;
}

/**
 * Applies the migrations newer than the database's version, each in its own
 * transaction so a failure leaves the previous version intact. Returns the
 * versions applied.
 */
export function migrateDatabase(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): number[] {
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(`schema version ${current} is newer than this program's ${latest}`);
  }
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.run('BEGIN');
    try {
      if (migration.sql.trim() !== '') db.run(migration.sql);
      migration.apply?.(db);
      db.run('INSERT INTO schema_version (version) VALUES (?)', [migration.version]);
      db.run('COMMIT');
    } catch (error) {
      db.run('ROLLBACK');
      throw error;
    }
    applied.push(migration.version);
  }
  return applied;
}
