/**
 * The allocation of a plan's volumes to suppliers (issue 5, point 5), as the
 * solver and the greedy baseline both answer it. Quantities are annual, in
 * the need's canonical unit (Need.unitCode) or, without one, in the unit as
 * written. Units of different needs are never added: coverage is measured
 * per need as a share of its demand, each need counting once (see
 * allocate-plan.ts).
 */

/** One share of a need given to one supplier. */
export interface AllocationLine {
  needId: string;
  supplierId: string;
  supplierName: string;
  /** The offer whose capacity was used; null when the capacity is unknown. */
  offerId: string | null;
  quantity: number;
  unitCode: string | null;
  /** Distance used for the transport objective, km (road factor applied). */
  distanceKm: number;
  /** The supplier counts as responsible (see isResponsibleSupplier). */
  responsible: boolean;
}

export interface NeedAllocation {
  needId: string;
  /** Annual volume to allocate; null when the need has no quantity. */
  demand: number | null;
  unitCode: string | null;
  allocated: number;
  /** Part of `allocated` given to responsible suppliers. */
  responsibleAllocated: number;
  lines: AllocationLine[];
  /**
   * French note when the need is not fully allocated, or leans on a capacity
   * « à confirmer »; null otherwise.
   */
  note: string | null;
}

/** Totals of one allocation, to compare methods on the same plan. */
export interface AllocationTotals {
  /** Σ demand of the needs with a quantity. */
  demand: number;
  allocated: number;
  responsibleAllocated: number;
  /** Σ quantity × km over the lines. */
  distanceWeightedVolume: number;
  /** Needs with a quantity (> 0): those coverage is measured on. */
  needCount: number;
  /** Mean over those needs of allocated ÷ demand, 0…1. */
  coverage: number;
  /** Mean over those needs of responsible allocated ÷ demand, 0…1. */
  responsibleCoverage: number;
  /**
   * Σ over the lines of (quantity ÷ its need's demand) × km: the transport
   * objective the solver minimises, free of units.
   */
  shareWeightedKm: number;
}

export interface Allocation {
  method: 'solver' | 'greedy';
  /** Solver status as HiGHS gives it ("Optimal"…), "greedy" for the baseline. */
  status: string;
  needs: NeedAllocation[];
  totals: AllocationTotals;
  /** Suppliers whose capacity is unknown ("à confirmer"): not bounded, listed. */
  unboundedSuppliers: string[];
  /** The greedy allocation's totals on the same plan, when computed. */
  greedyTotals: AllocationTotals | null;
  elapsedMs: number;
  /** How the allocation was made, in French sentences for the report. */
  methodText: string[];
}
