/**
 * Plan indicators (issue 5, point 7): what a SPASER report and the EGalim
 * catering targets ask for, before and after allocation.
 */

/** The kinds of responsible supplier the indicators count. */
export const INDICATOR_KINDS = [
  'insertion',
  'handicap',
  'ess',
  'bio',
  'commerce-equitable',
  'local',
] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export interface KindIndicator {
  kind: IndicatorKind;
  /** French name, e.g. « Insertion (SIAE, GEIQ) ». */
  label: string;
  /** Needs with at least one supplier of this kind in range (before allocation). */
  needs: number;
  needShare: number;
  /** Σ budgets of those needs, € HT; share of the plan's known budget. */
  budget: number;
  budgetShare: number | null;
  /** Of those needs, the ones without a budget (not in `budget`). */
  needsWithoutBudget?: number;
  /**
   * After allocation: the share of each need's demand given to suppliers of
   * this kind, averaged over the needs with a quantity, each need counting
   * once (their units differ: kg and meals do not add up).
   */
  allocatedShare: number | null;
  /** After allocation: budget pro rata of the volume given to this kind. */
  allocatedBudget: number | null;
  /** `allocatedBudget` over the plan's known budget. */
  allocatedBudgetShare?: number | null;
}

/** Estimated transport of one unit (kg, repas…): Σ quantity × km. */
export interface UnitTransport {
  /** Canonical unit code (KGM…), else the unit as written, else ''. */
  unit: string;
  /** The unit as the sentences write it (kg, repas, L…). */
  symbol: string;
  volume: number;
  distanceWeightedVolume: number;
  /** Mean km per unit delivered; null when no volume. */
  meanKm: number | null;
}

/** EGalim targets of article L230-5-1 of the code rural et de la pêche maritime. */
export interface EgalimIndicator {
  /** Collective-catering needs (isCateringNeed) and those without budget. */
  needs?: number;
  needsWithoutBudget?: number;
  /** Σ budgets of the catering needs, € HT. */
  cateringBudget: number;
  /** Catering needs with a quantity: with none, nothing is allocated to them. */
  needsWithQuantity?: number;
  /** Before allocation: catering needs with an organic supplier in range. */
  needsWithBioInRange?: number;
  /** Before allocation: catering needs with an organic or fair-trade supplier in range. */
  needsWithSustainableInRange?: number;
  /**
   * After allocation, shares of `cateringBudget`, pro rata of volume; null
   * before allocation, without budget, or when no catering need has a
   * quantity (unknown, not 0 %).
   */
  bioShare: number | null;
  sustainableShare: number | null;
  /** Targets, as shares: 0.5 durable et de qualité, of which 0.2 bio. */
  targets?: { sustainable: number; bio: number };
}

/**
 * Fields added for issue 5 after the renderer started on these types are
 * optional; planIndicators always fills them.
 */
export interface PlanIndicators {
  needCount: number;
  /** Needs with a budget, and their sum, € HT. */
  needsWithBudget: number;
  budgetTotal: number;
  /** Needs with no quantity: never allocated, outside the after-allocation averages. */
  needsWithoutQuantity?: number;
  /** Needs with a quantity the allocation averages are taken over (0 before). */
  needsWithQuantity?: number;
  kinds: KindIndicator[];
  /** Needs (and budget) with at least one responsible supplier in range. */
  anyResponsible: {
    needs: number;
    needShare: number;
    budget: number;
    budgetShare: number | null;
    /** After allocation, as for a kind (see KindIndicator). */
    allocatedShare?: number | null;
    allocatedBudget?: number | null;
    allocatedBudgetShare?: number | null;
  };
  /**
   * Estimated transport: Σ quantity × km after allocation, and mean km per
   * unit, over all lines (units mixed) and `byUnit`.
   */
  transport: {
    distanceWeightedVolume: number;
    meanKm: number | null;
    byUnit?: UnitTransport[];
  } | null;
  /** EGalim (restauration collective); null when the plan has no catering need. */
  egalim: EgalimIndicator | null;
  /** French sentences, one per figure, for the screen and the report. */
  sentences: string[];
}

/** PlanIndicators with every optional field filled, as planIndicators returns them. */
export type CompletePlanIndicators = Required<
  Omit<PlanIndicators, 'kinds' | 'anyResponsible' | 'transport' | 'egalim'>
> & {
  kinds: Required<KindIndicator>[];
  anyResponsible: Required<PlanIndicators['anyResponsible']>;
  transport: Required<NonNullable<PlanIndicators['transport']>> | null;
  egalim: Required<EgalimIndicator> | null;
};
