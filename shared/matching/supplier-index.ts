/** Lookup tables over the catalogue, built once per matching call. */
import type { Need, Sector, Supplier } from '../model';
import { keywordWords, prepareSupplier, type PreparedSupplier } from './sector-fit';

export interface SupplierIndex {
  prepared: PreparedSupplier[];
  sectorsById: Map<number, Sector>;
  /** Suppliers with a CPV code in each division (first 2 digits). */
  byDivision: Map<string, number[]>;
  bySectorId: Map<number, number[]>;
  /** Suppliers whose name, sectors or description hold each stemmed word. */
  byWord: Map<string, number[]>;
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}

/** Folds every supplier's text and indexes codes, sectors and words. */
export function buildSupplierIndex(
  suppliers: readonly Supplier[],
  sectors: readonly Sector[],
): SupplierIndex {
  const sectorsById = new Map(sectors.map((s) => [s.id, s]));
  const index: SupplierIndex = {
    prepared: [],
    sectorsById,
    byDivision: new Map(),
    bySectorId: new Map(),
    byWord: new Map(),
  };
  suppliers.forEach((supplier, i) => {
    const prepared = prepareSupplier(supplier, sectorsById);
    index.prepared.push(prepared);
    for (const code of supplier.cpv) push(index.byDivision, code.slice(0, 2), i);
    for (const id of supplier.sectorIds) push(index.bySectorId, id, i);
    const words = new Set([
      ...prepared.nameWords,
      ...prepared.sectorWords,
      ...prepared.descriptionWords,
    ]);
    for (const word of words) push(index.byWord, word, i);
  });
  return index;
}

/** Suppliers that may fit the need; the exact fit is decided by preparedSectorFit. */
export function possibleFits(index: SupplierIndex, need: Need): Set<number> {
  const found = new Set<number>();
  const add = (list: readonly number[] | undefined): void =>
    list?.forEach((i) => found.add(i));
  if (need.cpv !== null) add(index.byDivision.get(need.cpv.slice(0, 2)));
  for (const id of need.sectorIds) add(index.bySectorId.get(id));
  for (const keyword of need.keywords) {
    const words = keywordWords(keyword);
    const first = words[0];
    if (first === undefined) continue;
    // Candidates hold the first word somewhere; all words in one field is checked later.
    add(index.byWord.get(first));
  }
  return found;
}
