/** Which indicator kinds a supplier counts for, and whether it is a responsible supplier. */
import type { Supplier, SupplierKind } from '../model';
import { DISABILITY_KINDS, ESS_LABELS, SIAE_KINDS } from '../law/reservable';
import type { IndicatorKind } from './indicator-types';

/** Kinds of structure of insertion: the SIAE kinds and the GEIQ. */
export const INSERTION_KINDS: readonly SupplierKind[] = [...SIAE_KINDS, 'GEIQ'];

/**
 * Insertion: an SIAE or GEIQ kind, or the insertion label; disability
 * sector: EA or ESAT, or the label; social economy: the ESS kind or one of
 * the ESS, ESUS, SCOP, SCIC labels; organic, fair trade and local: their
 * labels.
 */
export function indicatorKindsOf(
  supplier: Pick<Supplier, 'kind' | 'labels'>,
): IndicatorKind[] {
  const has = (label: Supplier['labels'][number]): boolean =>
    supplier.labels.includes(label);
  const kinds: IndicatorKind[] = [];
  if (INSERTION_KINDS.includes(supplier.kind) || has('insertion'))
    kinds.push('insertion');
  if (DISABILITY_KINDS.includes(supplier.kind) || has('handicap')) kinds.push('handicap');
  if (supplier.kind === 'ESS' || ESS_LABELS.some(has)) kinds.push('ess');
  if (has('bio')) kinds.push('bio');
  if (has('commerce-equitable')) kinds.push('commerce-equitable');
  if (has('local')) kinds.push('local');
  return kinds;
}

/**
 * A responsible supplier: one that counts for an indicator kind, or carries
 * any charter label (réemploi included). A conventional company without a
 * label is not one.
 */
export function isResponsibleSupplier(
  supplier: Pick<Supplier, 'kind' | 'labels'>,
): boolean {
  return indicatorKindsOf(supplier).length > 0 || supplier.labels.length > 0;
}
