/** Lookup tables over the catalogue, built once per matching call. */
import type { Need, Sector, Supplier } from '../model';
import type { LatLonBox } from './distance-km';
import {
  keywordStems,
  preparedSectorFit,
  prepareSupplier,
  type PreparedSupplier,
  type SectorFit,
} from './sector-fit';
import { buildSpatialGrid, cellsInBox, type SpatialGrid } from './spatial-grid';

export interface SupplierIndex {
  prepared: PreparedSupplier[];
  sectorsById: Map<number, Sector>;
  /** Suppliers with a CPV code in each division (first 2 digits). */
  byDivision: Map<string, number[]>;
  bySectorId: Map<number, number[]>;
  /** Suppliers whose name, sectors, description or offers hold each stem. */
  byWord: Map<string, number[]>;
  /** Suppliers by half-degree cell of their location. */
  grid: SpatialGrid;
  /** Scratch space, one byte per supplier, left zeroed after each use. */
  mark: Uint8Array;
  /**
   * Each supplier's activity number: suppliers with the same CPV codes and
   * sectors (PreparedSupplier.activityKey) share it, and share their CPV and
   * sector fit to a need without keywords.
   */
  activityOf: Int32Array;
  /** How many distinct activities (numbers 0 … activityCount − 1). */
  activityCount: number;
  /** Each supplier's latitude and longitude, for box tests without object reads. */
  lat: Float64Array;
  lon: Float64Array;
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}

/** Folds every supplier's text and indexes codes, sectors and stems. */
export function buildSupplierIndex(
  suppliers: readonly Supplier[],
  sectors: readonly Sector[],
): SupplierIndex {
  const sectorsById = new Map(sectors.map((s) => [s.id, s]));
  let byWord: Map<string, number[]> | null = null;
  const index: SupplierIndex = {
    prepared: [],
    sectorsById,
    byDivision: new Map(),
    bySectorId: new Map(),
    // Built when a need first has keywords: folding every text costs the most.
    get byWord(): Map<string, number[]> {
      return (byWord ??= wordIndexOf(index.prepared));
    },
    grid: buildSpatialGrid(suppliers.map((s) => s.location)),
    mark: new Uint8Array(suppliers.length),
    activityOf: new Int32Array(suppliers.length),
    activityCount: 0,
    lat: Float64Array.from(suppliers, (s) => s.location.lat),
    lon: Float64Array.from(suppliers, (s) => s.location.lon),
  };
  const activities = new Map<string, number>();
  suppliers.forEach((supplier, i) => {
    const prepared = prepareSupplier(supplier, sectorsById);
    index.prepared.push(prepared);
    let activity = activities.get(prepared.activityKey);
    if (activity === undefined)
      activities.set(prepared.activityKey, (activity = activities.size));
    index.activityOf[i] = activity;
    for (const code of supplier.cpv) push(index.byDivision, code.slice(0, 2), i);
    for (const id of supplier.sectorIds) push(index.bySectorId, id, i);
  });
  index.activityCount = activities.size;
  return index;
}

/** The suppliers whose name, sectors, description or offers hold each stem. */
function wordIndexOf(prepared: readonly PreparedSupplier[]): Map<string, number[]> {
  const byWord = new Map<string, number[]>();
  prepared.forEach((p, i) => {
    const fields = [p.nameWords, p.sectorWords, p.descriptionWords, p.offerWords];
    // push() skips a repeat of the last index: a stem in two fields counts once.
    for (const field of fields) for (const word of field) push(byWord, word, i);
  });
  return byWord;
}

/** The shortest posting list of a keyword's stems: every fit holds that stem. */
function rarestStemList(index: SupplierIndex, keyword: string): readonly number[] {
  let rarest: readonly number[] | null = null;
  for (const stem of keywordStems(keyword)) {
    const list = index.byWord.get(stem) ?? [];
    if (rarest === null || list.length < rarest.length) rarest = list;
  }
  return rarest ?? [];
}

/**
 * Suppliers that may fit the need, each once; the exact fit is decided by
 * preparedSectorFit. Lists of the CPV division, the sectors and each
 * keyword's rarest stem, merged.
 */
export function possibleFits(index: SupplierIndex, need: Need): Iterable<number> {
  const lists: (readonly number[])[] = [];
  if (need.cpv !== null) lists.push(index.byDivision.get(need.cpv.slice(0, 2)) ?? []);
  for (const id of need.sectorIds) lists.push(index.bySectorId.get(id) ?? []);
  // Candidates hold the rarest stem somewhere; all stems in one field is checked later.
  for (const keyword of need.keywords) lists.push(rarestStemList(index, keyword));
  const nonEmpty = lists.filter((list) => list.length > 0);
  // One list (the usual CPV-only need) has no repeat: no copy, no set.
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? [];
  const { mark } = index;
  const found: number[] = [];
  for (const list of nonEmpty) {
    for (const i of list) {
      if (mark[i] === 1) continue;
      mark[i] = 1;
      found.push(i);
    }
  }
  for (const i of found) mark[i] = 0;
  return found;
}

/** Suppliers in the cells the box overlaps: a superset of those inside it. */
export function suppliersNear(index: SupplierIndex, box: LatLonBox): number[][] {
  return cellsInBox(index.grid, box);
}

/** The activity fit of the catalogue's suppliers to one need, computed on demand. */
export interface NeedFits {
  /** possibleFits, as a list. */
  possible: readonly number[];
  /** How many of them fit: NeedMatch.sectorMatches. */
  count: number;
  /** The fit of the supplier at position i, null when its activity does not fit. */
  fitOf: (i: number) => SectorFit | null;
}

/**
 * The suppliers whose activity fits the need. Without keywords the fit
 * depends only on the CPV codes and sectors: it is computed once per
 * activity (SupplierIndex.activityOf), not once per supplier.
 */
export function needFits(index: SupplierIndex, need: Need): NeedFits {
  const found = possibleFits(index, need);
  const possible = Array.isArray(found) ? (found as number[]) : [...found];
  const byActivity: (SectorFit | null | undefined)[] = [];
  // With keywords, each supplier's own text decides: its fit is kept once found.
  const bySupplier = new Map<number, SectorFit | null>();
  const fitOf = (i: number): SectorFit | null => {
    const prepared = index.prepared[i];
    if (!prepared) return null;
    if (need.keywords.length > 0) {
      let fit = bySupplier.get(i);
      if (fit === undefined) {
        fit = preparedSectorFit(need, prepared, index.sectorsById);
        bySupplier.set(i, fit);
      }
      return fit;
    }
    const activity = index.activityOf[i] as number;
    let fit = byActivity[activity];
    if (fit === undefined) {
      fit = preparedSectorFit(need, prepared, index.sectorsById);
      byActivity[activity] = fit;
    }
    return fit;
  };
  let count = 0;
  if (need.keywords.length > 0) {
    for (const i of possible) if (fitOf(i)) count += 1;
    return { possible, count, fitOf };
  }
  // 0: not yet known, 1: fits, 2: does not; millions of suppliers, few activities.
  const status = new Uint8Array(index.activityCount);
  const { activityOf } = index;
  for (const i of possible) {
    const activity = activityOf[i] as number;
    if (status[activity] === 0) status[activity] = fitOf(i) ? 1 : 2;
    if (status[activity] === 1) count += 1;
  }
  return { possible, count, fitOf };
}

/**
 * The suppliers inside the box (by the cheap lat/lon test of isInBox), read
 * from the grid cells it overlaps or from the activity list, whichever is
 * shorter; each once.
 */
export function listsToScan(
  index: SupplierIndex,
  box: LatLonBox,
  possible: readonly number[],
): readonly (readonly number[])[] {
  const cells = suppliersNear(index, box);
  let inCells = 0;
  for (const cell of cells) inCells += cell.length;
  const lists = inCells < possible.length ? cells : [possible];
  const { lat, lon } = index;
  const inside: number[] = [];
  for (const list of lists) {
    for (const i of list) {
      const y = lat[i] as number;
      if (y < box.minLat || y > box.maxLat) continue;
      if (box.lonHalfWidth !== Infinity) {
        const gap = Math.abs((lon[i] as number) - box.centreLon) % 360;
        if (Math.min(gap, 360 - gap) > box.lonHalfWidth) continue;
      }
      inside.push(i);
    }
  }
  return [inside];
}
