/**
 * "Why not": for any supplier of the catalogue and any need, each criterion
 * checked in order and the first one that excluded the supplier (issue 5,
 * point 4).
 */

export type ExclusionCriterion =
  | 'activity'
  | 'place'
  | 'labels'
  | 'distance'
  | 'service-area'
  | 'lead-time'
  | 'season'
  | 'rank';

export interface WhyNotCheck {
  criterion: ExclusionCriterion;
  passed: boolean;
  /** French sentence, e.g. « 62,4 km du lieu de livraison, au-delà du maximum de 50 km ». */
  explanation: string;
}

export interface WhyNot {
  needId: string;
  supplierId: string;
  supplierName: string;
  /** Rank among the need's candidates when kept, else null. */
  rank: number | null;
  /** First criterion that failed; null when the supplier is a kept candidate. */
  excludedBy: ExclusionCriterion | null;
  /** The summary sentence shown to the buyer. */
  explanation: string;
  checks: WhyNotCheck[];
}
