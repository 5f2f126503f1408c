/** What changed between two lists of suppliers, by id. */
import type { Supplier } from '../../../shared/model';

export interface SupplierDiff {
  /** New or changed suppliers, whole records, in the order of `next`. */
  upserts: Supplier[];
  /** Ids present before and gone now, sorted. */
  removals: string[];
  added: number;
  changed: number;
}

/**
 * Compares by id; a record changed when its JSON differs. Both lists must be
 * normalised (normaliseSupplier) so that key order never counts as a change.
 */
export function diffSuppliers(
  previous: readonly Supplier[],
  next: readonly Supplier[],
): SupplierDiff {
  const before = new Map(previous.map((s) => [s.id, JSON.stringify(s)]));
  const upserts: Supplier[] = [];
  let added = 0;
  for (const supplier of next) {
    const old = before.get(supplier.id);
    if (old === undefined) added += 1;
    if (old !== JSON.stringify(supplier)) upserts.push(supplier);
  }
  const nextIds = new Set(next.map((s) => s.id));
  const removals = previous
    .map((s) => s.id)
    .filter((id) => !nextIds.has(id))
    .sort();
  return { upserts, removals, added, changed: upserts.length - added };
}
