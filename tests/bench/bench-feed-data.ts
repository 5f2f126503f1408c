/**
 * The suppliers of the sync benchmark: the real records of
 * resources/catalogue.json repeated until there are `count` of them, each copy
 * moved a few kilometres (so that no copy merges with another by name within
 * 200 m) under a new id and a new SIRET with a valid Luhn key; then the same
 * list with 1 % of it changed, added or removed.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Catalogue, Supplier } from '../../shared/model';

export const BENCH_SUPPLIERS = 100_000;

/** Copies never made by the first version: the change set adds from these. */
const ADDED_COPY_FIRST = 26;

export function readEmbeddedCatalogue(): Catalogue {
  const path = resolve('resources', 'catalogue.json');
  return JSON.parse(readFileSync(path, 'utf8')) as Catalogue;
}

/** `body` (13 digits) followed by the digit that makes the 14 pass the Luhn check. */
export function withLuhnKey(body: string): string {
  let sum = 0;
  // Counted from the right of the full number, the key is position 0: the
  // body's last digit is position 1, doubled, and so on.
  for (let index = 0; index < body.length; index += 1) {
    let digit = Number(body[body.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/** `<data set>-<n>` for a supplier with no SIRET: the copy number goes in front of n. */
function copyId(id: string, copy: number): string {
  const match = /^([a-z-]+)-(\d+)$/.exec(id);
  if (!match) throw new Error(`unexpected supplier id ${id}`);
  return `${match[1]}-${copy * 1_000_000 + Number(match[2])}`;
}

const round5 = (x: number): number => Math.round(x * 1e5) / 1e5;

/**
 * Copy `copy` of `original`: moved on a grid of about 2,2 km (latitude) by
 * 2,1 km (longitude) steps, at most about 5 km from the original; a new
 * SIRET when the original has one (and the id `siret-<SIRET>` the schema
 * asks for), else a new number in its id; provenance record id suffixed.
 */
export function copyOf(original: Supplier, index: number, copy: number): Supplier {
  const dLat = ((copy % 6) - 2.5) * 0.02;
  const dLon = (Math.floor(copy / 6) - 2) * 0.03;
  const serial = String(copy * 10_000 + index).padStart(12, '0');
  const siret = original.siret === null ? null : withLuhnKey(`8${serial}`);
  return {
    ...original,
    id: siret === null ? copyId(original.id, copy) : `siret-${siret}`,
    siret,
    location: {
      lat: round5(original.location.lat + dLat),
      lon: round5(original.location.lon + dLon),
    },
    sources: original.sources.map((s) => ({ ...s, recordId: `${s.recordId}-c${copy}` })),
  };
}

/** The first version of the feed: `count` moved copies of the real records. */
export function benchSuppliers(
  originals: readonly Supplier[],
  count: number,
): Supplier[] {
  const suppliers: Supplier[] = [];
  for (let i = 0; i < count; i += 1) {
    const index = i % originals.length;
    const original = originals[index];
    if (!original) throw new Error('no original supplier');
    suppliers.push(copyOf(original, index, Math.floor(i / originals.length)));
  }
  return suppliers;
}

export interface ChangedVersion {
  suppliers: Supplier[];
  changed: number;
  added: number;
  removed: number;
}

/**
 * The second version: of every 100th supplier (1 % of the list), four in ten
 * are changed (description and a move of about 55 m), three in ten removed,
 * and for the last three in ten a new supplier is added (a copy never made
 * before). The count stays the same.
 */
export function changedVersion(
  originals: readonly Supplier[],
  previous: readonly Supplier[],
): ChangedVersion {
  const suppliers: Supplier[] = [];
  const addedList: Supplier[] = [];
  let changed = 0;
  let removed = 0;
  previous.forEach((supplier, i) => {
    if (i % 100 !== 0) {
      suppliers.push(supplier);
      return;
    }
    const step = (i / 100) % 10;
    if (step < 4) {
      changed += 1;
      suppliers.push({
        ...supplier,
        description: `${supplier.description ?? supplier.name} (mis à jour)`,
        location: {
          lat: round5(supplier.location.lat + 0.0005),
          lon: supplier.location.lon,
        },
      });
    } else if (step < 7) {
      removed += 1;
    } else {
      suppliers.push(supplier);
      const index = ((i / 100) * 7) % originals.length;
      const original = originals[index];
      if (!original) throw new Error('no original supplier');
      addedList.push(copyOf(original, index, ADDED_COPY_FIRST + ((i / 100) % 4)));
    }
  });
  return {
    suppliers: [...suppliers, ...addedList],
    changed,
    added: addedList.length,
    removed,
  };
}
