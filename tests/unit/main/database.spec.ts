import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  countSuppliers,
  readCatalogueMeta,
  readSuppliers,
  storeCatalogue,
} from '../../../main/services/database/catalogue-store';
import { loadSqlJs } from '../../../main/services/database/load-sql-js';
import { MIGRATIONS } from '../../../main/services/database/migrations';
import {
  migrateDatabase,
  schemaVersion,
} from '../../../main/services/database/migrate-database';
import { openDatabase } from '../../../main/services/database/open-database';
import { validateCatalogue } from '../../../main/services/database/validate-catalogue';
import { UserError } from '../../../main/services/user-error';
import { resourcesDir } from '../../../main/services/resource-paths';
import { makeCatalogue } from './catalogue-factory';
import { storeLegacyCatalogue } from '../../helpers/legacy-catalogue';

let dir: string;
let path: string;
const DAY = new Date('2026-02-03T10:00:00Z');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-db-'));
  path = join(dir, 'passerelle.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('migrations', () => {
  it('brings a new database to version 5 with its tables and indexes', async () => {
    const { db, close } = await openDatabase(null);
    expect(schemaVersion(db)).toBe(5);
    const names = db
      .exec(
        "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
      )[0]
      ?.values.flat();
    expect(names).toEqual([
      'catalogue_meta',
      'schema_version',
      'sectors',
      'settings',
      'source_records',
      'source_records_name',
      'source_records_siret',
      'source_records_supplier',
      'sources',
      'suppliers',
      'suppliers_lat',
      'suppliers_siret',
      'sync_log',
      'sync_log_source',
    ]);
    expect(migrateDatabase(db)).toEqual([]);
    // Rows of about 1,4 ko fill 8 kio pages better than 4 kio ones.
    expect(db.exec('PRAGMA page_size')[0]?.values[0]?.[0]).toBe(8192);
    close();
  });

  it('keeps the page size of a database made before', async () => {
    const SQL = await loadSqlJs();
    const old = new SQL.Database();
    old.run('PRAGMA page_size = 4096');
    old.run('CREATE TABLE t (x)');
    writeFileSync(path, old.export());
    old.close();
    const handle = await openDatabase(path);
    expect(handle.db.exec('PRAGMA page_size')[0]?.values[0]?.[0]).toBe(4096);
    handle.close();
  });

  it('rolls a failing migration back and keeps the previous version', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    migrateDatabase(db);
    const broken = [
      ...MIGRATIONS,
      {
        version: MIGRATIONS.length + 1,
        description: 'casse',
        sql: 'CREATE TABLE t2 (a); INSERT INTO nope VALUES (1);',
      },
    ];
    expect(() => migrateDatabase(db, broken)).toThrow();
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.exec("SELECT name FROM sqlite_master WHERE name = 't2'")).toEqual([]);
    db.close();
  });
});

describe('migration 2: sector names in the search text', () => {
  it('refreshes the search text of a version-1 database', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    migrateDatabase(db, MIGRATIONS.slice(0, 1));
    storeLegacyCatalogue(db, makeCatalogue(), DAY);
    // What version 1 stored: no sector names.
    db.run("UPDATE suppliers SET search_text = 'jardins de harnes harnes 62440'");
    expect(migrateDatabase(db, MIGRATIONS.slice(0, 2))).toEqual([2]);
    const text = db.exec(
      "SELECT search_text FROM suppliers WHERE id = 'siret-12345678900011'",
    )[0]?.values[0]?.[0];
    // Name, city, postcode, description, then the sector « Espaces verts », folded.
    expect(text).toBe(
      'jardins de harnes harnes 62440 entretien des espaces verts espaces verts',
    );
    db.close();
  });
});

describe('atomic persistence', () => {
  it('saves, keeps the previous file as .bak, and reopens', async () => {
    const first = await openDatabase(path);
    storeCatalogue(first.db, makeCatalogue('2026.01.01-0000000a'), DAY);
    first.save();
    expect(existsSync(`${path}.bak`)).toBe(false);
    storeCatalogue(
      first.db,
      { ...makeCatalogue('2026.01.02-0000000b'), suppliers: [] },
      DAY,
    );
    first.save();
    first.close();

    const again = await openDatabase(path);
    expect(readCatalogueMeta(again.db)?.version).toBe('2026.01.02-0000000b');
    expect(countSuppliers(again.db)).toBe(0);
    again.close();
    const SQL = await loadSqlJs();
    const backup = new SQL.Database(readFileSync(`${path}.bak`));
    expect(readCatalogueMeta(backup)?.version).toBe('2026.01.01-0000000a');
    expect(countSuppliers(backup)).toBe(2);
    expect(existsSync(`${path}.tmp`)).toBe(false);
  });

  it('ignores a .tmp left by a crash mid-save', async () => {
    const first = await openDatabase(path);
    storeCatalogue(first.db, makeCatalogue(), DAY);
    first.save();
    first.close();
    writeFileSync(`${path}.tmp`, 'half a database');

    const again = await openDatabase(path);
    expect(readSuppliers(again.db).map((s) => s.siret)).toEqual([
      '01234567800019',
      '12345678900011',
    ]);
    expect(again.notices).toEqual([]);
    again.close();
  });

  it('falls back on the .bak when the file is corrupt, keeping the bad file aside', async () => {
    const first = await openDatabase(path);
    storeCatalogue(first.db, makeCatalogue(), DAY);
    first.save(); // the first save writes the whole file
    first.compact(); // the file written whole again: the .bak holds a good copy
    first.close();
    writeFileSync(
      path,
      'ceci n’est pas une base SQLite, mais assez long pour un en-tête.',
    );

    const again = await openDatabase(path);
    expect(countSuppliers(again.db)).toBe(2);
    // SQLite's words, for whoever helps the buyer.
    expect(again.notices[0]).toMatch(
      /était illisible \(SQLite : .+\) : la copie de sauvegarde/,
    );
    again.close();
    const aside = readdirSync(dir).filter((f) =>
      f.startsWith('passerelle.sqlite.illisible-'),
    );
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0] ?? ''), 'utf8')).toMatch(/^ceci n’est pas/);
  });

  it('refuses a corrupt file with no backup, in French, without touching it', async () => {
    const junk = 'pas une base SQLite du tout, juste du texte pour le test.';
    writeFileSync(path, junk);
    const error = await openDatabase(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain(
      `Le fichier de données « ${path} » est illisible`,
    );
    expect(readFileSync(path, 'utf8')).toBe(junk);
    expect(readdirSync(dir)).toEqual(['passerelle.sqlite']);
  });
});

describe('validateCatalogue', () => {
  it('accepts a valid catalogue', async () => {
    const catalogue = makeCatalogue();
    const parsed = await validateCatalogue(
      JSON.stringify(catalogue),
      'c.json',
      resourcesDir(),
    );
    expect(parsed.suppliers).toHaveLength(2);
  });

  it('names the faulty field in French', async () => {
    const catalogue = makeCatalogue();
    const bad = JSON.parse(JSON.stringify(catalogue)) as Record<string, unknown>;
    (bad['suppliers'] as Record<string, unknown>[])[1]!['siret'] = 1234;
    const error = (await validateCatalogue(
      JSON.stringify(bad),
      '/x/c.json',
      resourcesDir(),
    ).catch((e: unknown) => e)) as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toContain('Le catalogue « c.json » ne respecte pas le format');
    expect(error.issues).toContainEqual(
      expect.objectContaining({
        column: 'suppliers.1.siret',
        value: '1234',
        message: 'suppliers.1.siret : doit être du texte ou vide (null)',
      }),
    );
  });

  it('says when the file is not JSON', async () => {
    await expect(validateCatalogue('{', 'c.json', resourcesDir())).rejects.toThrow(
      /« c.json » n’est pas un JSON valide/,
    );
  });
});

describe('migration 4', () => {
  it('gives the sync log of a version-3 database an empty list of warnings', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    migrateDatabase(db, MIGRATIONS.slice(0, 3));
    db.run(
      `INSERT INTO sync_log (source_id, source_name, started_at, ended_at, status, added,
         changed, removed, rejected, bytes, cursor, message)
       VALUES ('flux', 'Flux', '2026-12-01T08:00:00.000Z', '2026-12-01T08:00:01.000Z',
         'ok', 3, 0, 0, '[]', 100, '1', 'Synchronisée')`,
    );
    expect(migrateDatabase(db)).toEqual([4, 5]);
    expect(db.exec('SELECT warnings FROM sync_log')[0]?.values).toEqual([['[]']]);
    db.close();
  });
});
