/**
 * One step of the catalogue search benchmark in its own process, so that its
 * peak memory is its own; prints one JSON line:
 *   build <dbPath>          the real catalogue repeated to 100,000 moved suppliers, stored
 *   js <dbPath>             catalogue:search as the product runs it (word index, grid, Turf)
 *   sql <dbPath>            the same queries as plain SQL: LIKE, json_each, lat/lon BETWEEN
 *   fts4 <dbPath>           the same with the sql.js FTS4 module over stemmed words
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database, SqlValue } from 'sql.js';
import type { CatalogueQuery } from '../../shared/ipc';
import { boxAround, distanceKm } from '../../shared/matching/distance-km';
import type {
  Catalogue,
  CommunesFile,
  LabelCode,
  LatLon,
  Supplier,
} from '../../shared/model';
import {
  buildPlaceIndex,
  resolvePlace,
  type PlaceIndex,
} from '../../shared/places/place-index';
import { foldText } from '../../shared/text/fold-text';
import { meaningfulWords, stemWord } from '../../shared/text/french-words';
import {
  readSectors,
  readSuppliers,
  storeCatalogue,
} from '../../main/services/database/catalogue-store';
import { loadSqlJs } from '../../main/services/database/load-sql-js';
import { openDatabase } from '../../main/services/database/open-database';
import { searchCatalogue, searchIndexOf } from '../../main/services/search-catalogue';
import {
  BENCH_SUPPLIERS,
  benchSuppliers,
  readEmbeddedCatalogue,
} from './bench-feed-data';

/** Timed rounds over the query list, after one round to warm up. */
const ROUNDS = 5;
const RADIUS_KM = 30;

export interface SearchStepReport {
  method: string;
  suppliers: number;
  queries: number;
  /** Time to make the method ready (index or FTS table), once. */
  prepareMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Hits of all queries of one round: every method must find the same. */
  hits: number;
  peakRssMb: number;
}

/**
 * Queries drawn from the real catalogue: every 97th supplier with a sector
 * and a label gives a keyword (the longest word of its sector's name), that
 * sector, its first label, and its commune's INSEE code as the place.
 */
function benchQueries(catalogue: Catalogue, places: PlaceIndex): CatalogueQuery[] {
  const sectorName = new Map(catalogue.sectors.map((s) => [s.id, s.name]));
  const queries: CatalogueQuery[] = [];
  catalogue.suppliers.forEach((s, i) => {
    const sectorId = s.sectorIds[0];
    const label = s.labels[0];
    const insee = s.address.inseeCode;
    if (i % 23 !== 0 || sectorId === undefined || !label || !insee) return;
    if (resolvePlace(places, insee).status !== 'found') return;
    const words = meaningfulWords(sectorName.get(sectorId) ?? '');
    const keyword = words.sort((a, b) => b.length - a.length)[0];
    if (!keyword) return;
    queries.push({ text: keyword, sectorId, label, near: insee, radiusKm: RADIUS_KM });
  });
  return queries;
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

const likePattern = (word: string): string =>
  `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The WHERE of the plain SQL search, minus the text (LIKE or MATCH). */
function commonWhere(query: CatalogueQuery, near: LatLon): [string[], SqlValue[]] {
  const box = boxAround(near, query.radiusKm ?? 0);
  return [
    [
      'EXISTS (SELECT 1 FROM json_each(suppliers.labels) WHERE value = ?)',
      'EXISTS (SELECT 1 FROM json_each(suppliers.sectors) WHERE value = ?)',
      'lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?',
    ],
    [
      query.label as LabelCode,
      query.sectorId ?? null,
      box.minLat,
      box.maxLat,
      box.centreLon - box.lonHalfWidth,
      box.centreLon + box.lonHalfWidth,
    ],
  ];
}

/** Runs `sql`, then Turf on the ids found, within the radius: the hit count. */
function sqlThenTurf(
  db: Database,
  sql: string,
  params: SqlValue[],
  byId: Map<string, Supplier>,
  near: LatLon,
  radius: number,
): number {
  const statement = db.prepare(sql, params);
  const found: { s: Supplier; km: number }[] = [];
  while (statement.step()) {
    const s = byId.get(String(statement.get()[0]));
    if (!s) continue;
    const km = distanceKm(near, s.location);
    if (km <= radius) found.push({ s, km });
  }
  statement.free();
  found.sort((a, b) => a.km - b.km);
  return found.length;
}

function plainSql(
  db: Database,
  query: CatalogueQuery,
  near: LatLon,
  byId: Map<string, Supplier>,
): number {
  const [where, params] = commonWhere(query, near);
  for (const word of foldText(query.text ?? '')
    .split(' ')
    .filter(Boolean)) {
    where.push("search_text LIKE ? ESCAPE '\\'");
    params.push(likePattern(word));
  }
  const sql = `SELECT id FROM suppliers WHERE ${where.join(' AND ')} ORDER BY name COLLATE NOCASE, id`;
  return sqlThenTurf(db, sql, params, byId, near, query.radiusKm ?? 0);
}

/** Stems and folded words of each supplier, in an FTS4 table keyed by rowid. */
function buildFts(db: Database, byId: Map<string, Supplier>): void {
  const sectorName = new Map(readSectors(db).map((s) => [s.id, s.name]));
  db.run('CREATE VIRTUAL TABLE supplier_fts USING fts4(words, tokenize=simple)');
  db.run('BEGIN');
  const insert = db.prepare('INSERT INTO supplier_fts (docid, words) VALUES (?, ?)');
  const rows = db.prepare('SELECT rowid, id FROM suppliers');
  while (rows.step()) {
    const [rowid, id] = rows.get();
    const s = byId.get(String(id)) as Supplier;
    const text = [
      s.name,
      s.brand ?? '',
      s.address.city,
      s.address.postcode,
      s.description ?? '',
      ...s.sectorIds.map((sid) => sectorName.get(sid) ?? ''),
      ...s.offers.map((o) => o.label),
    ].join(' ');
    const words = meaningfulWords(text);
    insert.run([
      rowid ?? null,
      [...new Set([...words, ...words.map(stemWord)])].join(' '),
    ]);
  }
  rows.free();
  insert.free();
  db.run('COMMIT');
}

function fts4(
  db: Database,
  query: CatalogueQuery,
  near: LatLon,
  byId: Map<string, Supplier>,
): number {
  const [where, params] = commonWhere(query, near);
  // Same stem, or a word the query word begins: as the product's word index.
  const match = meaningfulWords(query.text ?? '')
    .map((w) => `(${stemWord(w)} OR ${w}*)`)
    .join(' ');
  if (match !== '') {
    where.unshift('rowid IN (SELECT docid FROM supplier_fts WHERE supplier_fts MATCH ?)');
    params.unshift(match);
  }
  const sql = `SELECT id FROM suppliers WHERE ${where.join(' AND ')} ORDER BY name COLLATE NOCASE, id`;
  return sqlThenTurf(db, sql, params, byId, near, query.radiusKm ?? 0);
}

async function build(dbPath: string): Promise<void> {
  const start = performance.now();
  const catalogue = readEmbeddedCatalogue();
  const handle = await openDatabase(null);
  const suppliers = benchSuppliers(catalogue.suppliers, BENCH_SUPPLIERS);
  storeCatalogue(handle.db, { ...catalogue, suppliers }, new Date(0));
  writeFileSync(dbPath, handle.db.export());
  const report = {
    method: 'build',
    suppliers: suppliers.length,
    ms: performance.now() - start,
  };
  process.stdout.write(JSON.stringify(report) + '\n');
}

async function measure(method: string, dbPath: string): Promise<void> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(dbPath));
  const suppliers = readSuppliers(db);
  const sectors = readSectors(db);
  const byId = new Map(suppliers.map((s) => [s.id, s]));
  const places = buildPlaceIndex(
    JSON.parse(
      readFileSync(resolve('resources', 'communes.json'), 'utf8'),
    ) as CommunesFile,
  );
  const queries = benchQueries(readEmbeddedCatalogue(), places);
  const ctx = { db, places, sectors, suppliersById: byId };

  const prepareStart = performance.now();
  if (method === 'js') searchIndexOf(ctx);
  if (method === 'fts4') buildFts(db, byId);
  const prepareMs = performance.now() - prepareStart;

  const run = (query: CatalogueQuery): number => {
    if (method === 'js') return searchCatalogue(ctx, { ...query, limit: 5000 }).total;
    // The place is resolved as the product does, inside the timed search.
    const place = resolvePlace(places, query.near ?? '');
    if (place.status !== 'found') return 0;
    return method === 'sql'
      ? plainSql(db, query, place.place, byId)
      : fts4(db, query, place.place, byId);
  };
  let hits = 0;
  for (const query of queries) hits += run(query);
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const query of queries) {
      const start = performance.now();
      run(query);
      times.push(performance.now() - start);
    }
  }
  times.sort((a, b) => a - b);
  const report: SearchStepReport = {
    method,
    suppliers: suppliers.length,
    queries: queries.length,
    prepareMs,
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
    maxMs: times[times.length - 1] ?? NaN,
    hits,
    // ru_maxrss is in kilobytes on Linux.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(report) + '\n');
}

const [step, dbPath] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: search-step.ts <build|js|sql|fts4> <dbPath>');
await (step === 'build' ? build(dbPath) : measure(step ?? '', dbPath));
