/** catalogue:search: SQL filters, folded text, then distance to a resolved place. */
import type { Database, SqlValue } from 'sql.js';
import type {
  CatalogueQuery,
  CatalogueSearchResult,
  SupplierHit,
} from '../../shared/ipc';
import { distanceKm } from '../../shared/matching/match-plan';
import {
  LABEL_CODES,
  SUPPLIER_KINDS,
  type LatLon,
  type Sector,
  type Supplier,
} from '../../shared/model';
import { resolvePlace, type PlaceIndex } from '../../shared/places/place-index';
import { foldText } from '../../shared/text/fold-text';
import { UserError } from './user-error';

/** Hits returned when the query gives no limit. */
export const DEFAULT_SEARCH_LIMIT = 100;
const MAX_SEARCH_LIMIT = 5000;
const KM_PER_DEGREE = 111.32;

/** What the search reads besides the database. */
export interface SearchContext {
  db: Database;
  places: PlaceIndex;
  sectors: readonly Sector[];
  suppliersById: ReadonlyMap<string, Supplier>;
}

function invalid(field: string, value: unknown): UserError {
  return new UserError(
    `Recherche invalide : le champ « ${field} » a une valeur inattendue (${JSON.stringify(value)}).`,
  );
}

/** Checks the fields of a query that came from outside the process. */
export function checkQuery(query: unknown): CatalogueQuery {
  if (query === undefined || query === null) return {};
  if (typeof query !== 'object' || Array.isArray(query)) throw invalid('requête', query);
  const q = query as Record<string, unknown>;
  for (const field of ['text', 'near'] as const) {
    if (q[field] !== undefined && typeof q[field] !== 'string')
      throw invalid(field, q[field]);
  }
  for (const field of ['sectorId', 'radiusKm', 'limit'] as const) {
    const v = q[field];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
      throw invalid(field, v);
    }
  }
  if (
    q['label'] !== undefined &&
    !(LABEL_CODES as readonly unknown[]).includes(q['label'])
  ) {
    throw invalid('label', q['label']);
  }
  if (
    q['kind'] !== undefined &&
    !(SUPPLIER_KINDS as readonly unknown[]).includes(q['kind'])
  ) {
    throw invalid('kind', q['kind']);
  }
  return q as CatalogueQuery;
}

function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Ids of the suppliers passing the SQL filters (and a bounding box around `near`). */
function filteredIds(db: Database, query: CatalogueQuery, near: LatLon | null): string[] {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (query.kind) {
    where.push('kind = ?');
    params.push(query.kind);
  }
  if (query.label) {
    where.push('EXISTS (SELECT 1 FROM json_each(suppliers.labels) WHERE value = ?)');
    params.push(query.label);
  }
  if (query.sectorId !== undefined) {
    where.push('EXISTS (SELECT 1 FROM json_each(suppliers.sectors) WHERE value = ?)');
    params.push(query.sectorId);
  }
  for (const word of foldText(query.text ?? '')
    .split(' ')
    .filter(Boolean)) {
    where.push("search_text LIKE ? ESCAPE '\\'");
    params.push(likePattern(word));
  }
  if (near && query.radiusKm !== undefined) {
    // Coarse box on the indexed lat/lon columns; the exact distance is computed after.
    const dLat = query.radiusKm / KM_PER_DEGREE + 0.01;
    const cos = Math.max(0.01, Math.cos((near.lat * Math.PI) / 180));
    const dLon = query.radiusKm / (KM_PER_DEGREE * cos) + 0.01;
    where.push('lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?');
    params.push(near.lat - dLat, near.lat + dLat, near.lon - dLon, near.lon + dLon);
  }
  const sql = `SELECT id FROM suppliers${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
    ORDER BY name COLLATE NOCASE, id`;
  const statement = db.prepare(sql, params);
  const ids: string[] = [];
  while (statement.step()) ids.push(String(statement.get()[0]));
  statement.free();
  return ids;
}

function hitOf(
  s: Supplier,
  sectorNames: Map<number, string>,
  km: number | null,
): SupplierHit {
  return {
    id: s.id,
    name: s.name,
    siret: s.siret,
    kind: s.kind,
    labels: s.labels,
    city: s.address.city,
    postcode: s.address.postcode,
    sectors: s.sectorIds.map((id) => sectorNames.get(id) ?? `Secteur ${id}`),
    location: s.location,
    distanceKm: km,
  };
}

/** Runs a catalogue search; an ambiguous or unknown `near` returns no hit and the resolution. */
export function searchCatalogue(
  ctx: SearchContext,
  rawQuery: unknown,
): CatalogueSearchResult {
  const query = checkQuery(rawQuery);
  let near: LatLon | null = null;
  if (query.near && query.near.trim() !== '') {
    const resolution = resolvePlace(ctx.places, query.near);
    if (resolution.status !== 'found') return { total: 0, hits: [], place: resolution };
    near = resolution.place;
  }
  const sectorNames = new Map(ctx.sectors.map((s) => [s.id, s.name]));
  let found = filteredIds(ctx.db, query, near)
    .map((id) => ctx.suppliersById.get(id))
    .filter((s): s is Supplier => s !== undefined)
    .map((s) => ({ s, km: near ? distanceKm(near, s.location) : null }));
  if (near) {
    const radius = query.radiusKm;
    if (radius !== undefined) found = found.filter((f) => (f.km ?? 0) <= radius);
    found.sort((a, b) => (a.km ?? 0) - (b.km ?? 0));
  }
  const limit = Math.min(
    MAX_SEARCH_LIMIT,
    Math.floor(query.limit ?? DEFAULT_SEARCH_LIMIT),
  );
  return {
    total: found.length,
    hits: found.slice(0, limit).map((f) => hitOf(f.s, sectorNames, f.km)),
    place: null,
  };
}
