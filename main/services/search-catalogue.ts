/**
 * catalogue:search: full text with French folding and stems (an in-memory
 * word index, faster than the sql.js FTS4 module: tests/bench/search.bench.ts),
 * sector, label and kind, then Turf distance to a resolved place.
 */
import type { Database } from 'sql.js';
import type {
  CatalogueQuery,
  CatalogueSearchResult,
  SupplierHit,
} from '../../shared/ipc';
import {
  boxAround,
  distanceKm,
  isInBox,
  type LatLonBox,
} from '../../shared/matching/distance-km';
import {
  buildSpatialGrid,
  cellsInBox,
  type SpatialGrid,
} from '../../shared/matching/spatial-grid';
import {
  LABEL_CODES,
  SUPPLIER_KINDS,
  type LatLon,
  type Sector,
  type Supplier,
} from '../../shared/model';
import { resolvePlace, type PlaceIndex } from '../../shared/places/place-index';
import { meaningfulWords } from '../../shared/text/french-words';
import {
  buildWordIndex,
  postingsOf,
  sortedHas,
  type WordIndex,
} from '../../shared/text/word-index';
import { UserError } from './user-error';

/** Hits returned when the query gives no limit. */
export const DEFAULT_SEARCH_LIMIT = 100;
const MAX_SEARCH_LIMIT = 5000;

/** What the search reads: the catalogue as loaded (the database is not read). */
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

/** The catalogue's words, sectors and places, indexed for search. */
export interface SearchIndex {
  suppliers: Supplier[];
  words: WordIndex;
  bySector: Map<number, number[]>;
  grid: SpatialGrid;
  /** Position of each supplier in name order (case folded as SQLite NOCASE), then id. */
  nameRank: Int32Array;
  /** Scratch space, one byte per supplier, left zeroed after each use. */
  mark: Uint8Array;
}

/** The text a supplier is found by: names, place, description, sectors, offers. */
function searchedText(
  supplier: Supplier,
  sectorNames: ReadonlyMap<number, string>,
): string {
  return [
    supplier.name,
    supplier.brand ?? '',
    supplier.address.city,
    supplier.address.postcode,
    supplier.description ?? '',
    ...supplier.sectorIds.map((id) => sectorNames.get(id) ?? ''),
    ...supplier.offers.map((offer) => offer.label),
  ].join(' ');
}

/** SQLite's NOCASE: only A–Z are folded. */
const noCase = (text: string): string => text.replace(/[A-Z]+/g, (m) => m.toLowerCase());

function buildSearchIndex(
  suppliersById: ReadonlyMap<string, Supplier>,
  sectors: readonly Sector[],
): SearchIndex {
  const suppliers = [...suppliersById.values()];
  const sectorNames = new Map(sectors.map((s) => [s.id, s.name]));
  const bySector = new Map<number, number[]>();
  suppliers.forEach((supplier, i) => {
    for (const id of new Set(supplier.sectorIds)) {
      const list = bySector.get(id);
      if (list) list.push(i);
      else bySector.set(id, [i]);
    }
  });
  const keys = suppliers.map((s) => noCase(s.name));
  const order = suppliers.map((_, i) => i);
  const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  order.sort(
    (a, b) =>
      byCode(keys[a] as string, keys[b] as string) ||
      byCode((suppliers[a] as Supplier).id, (suppliers[b] as Supplier).id),
  );
  const nameRank = new Int32Array(suppliers.length);
  order.forEach((position, rank) => (nameRank[position] = rank));
  return {
    suppliers,
    words: buildWordIndex(suppliers.map((s) => searchedText(s, sectorNames))),
    bySector,
    grid: buildSpatialGrid(suppliers.map((s) => s.location)),
    nameRank,
    mark: new Uint8Array(suppliers.length),
  };
}

/** One index per loaded catalogue: a reload gives a new map and a new index. */
const indexes = new WeakMap<
  ReadonlyMap<string, Supplier>,
  { sectors: readonly Sector[]; index: SearchIndex }
>();

/** The search index of the context's catalogue, built at its first search. */
export function searchIndexOf(ctx: SearchContext): SearchIndex {
  const cached = indexes.get(ctx.suppliersById);
  if (cached && cached.sectors === ctx.sectors) return cached.index;
  const index = buildSearchIndex(ctx.suppliersById, ctx.sectors);
  indexes.set(ctx.suppliersById, { sectors: ctx.sectors, index });
  return index;
}

/** Positions a filter allows: those in any of its ascending lists. */
interface ListFilter {
  lists: readonly (readonly number[])[];
  size: number;
}

const filterOf = (lists: readonly (readonly number[])[]): ListFilter => ({
  lists,
  size: lists.reduce((sum, list) => sum + list.length, 0),
});

/** Every position of the filter's lists, once, in no particular order. */
function allOf(filter: ListFilter, mark: Uint8Array): number[] {
  if (filter.lists.length === 1) return [...(filter.lists[0] as readonly number[])];
  const found: number[] = [];
  for (const list of filter.lists) {
    for (const i of list) {
      if (mark[i] === 1) continue;
      mark[i] = 1;
      found.push(i);
    }
  }
  for (const i of found) mark[i] = 0;
  return found;
}

/**
 * Keeps the candidates the filter allows: a binary search in each list for
 * a few candidates, else one pass marking every listed position.
 */
function keepAllowed(
  candidates: number[],
  filter: ListFilter,
  mark: Uint8Array,
): number[] {
  const searchCost = candidates.length * filter.lists.length * 17;
  if (searchCost < filter.size) {
    return candidates.filter((i) => filter.lists.some((list) => sortedHas(list, i)));
  }
  for (const list of filter.lists) for (const i of list) mark[i] = 1;
  const kept = candidates.filter((i) => mark[i] === 1);
  for (const list of filter.lists) for (const i of list) mark[i] = 0;
  return kept;
}

/**
 * Positions of the suppliers holding every query word (same stem, or a word
 * it begins), in the sector, and in the grid cells around `near`: the
 * smallest filter gives the candidates, the others only check them. Null
 * when nothing narrows the catalogue.
 */
function listedPositions(
  index: SearchIndex,
  query: CatalogueQuery,
  box: LatLonBox | null,
): number[] | null {
  const filters: ListFilter[] = [];
  for (const word of meaningfulWords(query.text ?? '')) {
    filters.push(filterOf(postingsOf(index.words, word)));
  }
  if (query.sectorId !== undefined) {
    filters.push(filterOf([index.bySector.get(query.sectorId) ?? []]));
  }
  // The box itself is checked on each supplier later: the grid only leads.
  const grid = box ? filterOf(cellsInBox(index.grid, box)) : null;
  if (filters.length === 0 && !grid) return null;
  filters.sort((a, b) => a.size - b.size);
  const first = filters[0];
  const lead =
    grid && (!first || grid.size < first.size) ? grid : (filters.shift() as ListFilter);
  let candidates = allOf(lead, index.mark);
  for (const filter of filters) {
    if (candidates.length === 0) break;
    candidates = keepAllowed(candidates, filter, index.mark);
  }
  return candidates;
}

/** Suppliers passing every filter, with their distance to `near` when given. */
function foundSuppliers(
  index: SearchIndex,
  query: CatalogueQuery,
  near: LatLon | null,
): { s: Supplier; km: number | null; rank: number }[] {
  const radius = near ? query.radiusKm : undefined;
  const box = near && radius !== undefined ? boxAround(near, radius) : null;
  const positions =
    listedPositions(index, query, box) ?? index.suppliers.map((_, i) => i);
  const found: { s: Supplier; km: number | null; rank: number }[] = [];
  for (const i of positions) {
    const s = index.suppliers[i] as Supplier;
    if (query.kind && s.kind !== query.kind) continue;
    if (query.label && !s.labels.includes(query.label)) continue;
    if (box && !isInBox(box, s.location)) continue;
    const km = near ? distanceKm(near, s.location) : null;
    if (radius !== undefined && (km ?? 0) > radius) continue;
    found.push({ s, km, rank: index.nameRank[i] as number });
  }
  return found;
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
  const found = foundSuppliers(searchIndexOf(ctx), query, near);
  // Name order as the SQL search gave it; around a place, nearest first.
  found.sort(
    near
      ? (a, b) => (a.km ?? 0) - (b.km ?? 0) || a.rank - b.rank
      : (a, b) => a.rank - b.rank,
  );
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
