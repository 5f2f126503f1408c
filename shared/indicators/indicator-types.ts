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
  /** After allocation: volume given to suppliers of this kind, share of the demand. */
  allocatedShare: number | null;
  /** After allocation: budget pro rata of the volume given to this kind. */
  allocatedBudget: number | null;
}

export interface PlanIndicators {
  needCount: number;
  /** Needs with a budget, and their sum, € HT. */
  needsWithBudget: number;
  budgetTotal: number;
  kinds: KindIndicator[];
  /** Needs (and budget) with at least one responsible supplier in range. */
  anyResponsible: {
    needs: number;
    needShare: number;
    budget: number;
    budgetShare: number | null;
  };
  /** Estimated transport: Σ quantity × km after allocation, and mean km per unit. */
  transport: { distanceWeightedVolume: number; meanKm: number | null } | null;
  /** EGalim (restauration collective): budget shares bio and « durable » after allocation. */
  egalim: {
    cateringBudget: number;
    bioShare: number | null;
    sustainableShare: number | null;
  } | null;
  /** French sentences, one per figure, for the screen and the report. */
  sentences: string[];
}
