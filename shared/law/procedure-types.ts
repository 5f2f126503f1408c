/**
 * What the law lets the buyer do with the plan (issue 5, point 6): thresholds
 * applied to families of needs, suggested lots, reserved contracts and social
 * clauses, the small-lots rule; every suggestion cites its articles of the
 * code de la commande publique (CCP).
 */

/** Whose thresholds apply: the State's, or local authorities' (collectivités). */
export type BuyerKind = 'etat' | 'collectivite';

/**
 * What a threshold bounds: the formalised procedure (by kind of contract),
 * the dispensation from advertising and competition (R2122-8), the small lots
 * of R2123-1 2°, or the social and other specific services.
 */
export type ThresholdScope =
  | 'formalise-fournitures-services'
  | 'formalise-travaux'
  | 'services-sociaux'
  | 'dispense-fournitures-services'
  | 'dispense-travaux'
  | 'petits-lots-fournitures-services'
  | 'petits-lots-travaux';

/** A threshold in force from a date, with the text that sets it. */
export interface DatedThreshold {
  id: string;
  /** Set on every entry of shared/law/thresholds.ts (optional for older literals). */
  scope?: ThresholdScope;
  /** Buyers it applies to (the State's and local authorities' EU thresholds differ). */
  buyerKinds?: BuyerKind[];
  /** French name, e.g. « Seuil de procédure formalisée (fournitures et services) ». */
  label: string;
  amountExclTax: number;
  /** ISO yyyy-mm-dd, first day in force; `until` the last, null while in force. */
  from: string;
  until: string | null;
  /** The text that sets it (décret, avis, règlement délégué). */
  source: string;
  /** Articles of the CCP that apply it. */
  articles: string[];
  /** Public pages the amount and dates were checked against. */
  checkedAgainst?: string[];
  /** Set when part of the entry could not be confirmed: what, in French. */
  unverified?: string;
}

export type ReservationKind = 'insertion' | 'handicap' | 'ess';

export interface ReservationAdvice {
  kind: ReservationKind;
  /** Eligible suppliers in range of the family's needs. */
  eligibleSuppliers: number;
  /** 'reserve' a reserved contract, 'clause' a social clause. */
  suggestion: 'reserve' | 'clause' | 'none';
  articles: string[];
  /** One French sentence a buyer can read out. */
  explanation: string;
}

export interface SuggestedLot {
  name: string;
  needIds: string[];
  estimatedAmount: number | null;
  /** True when this lot may use the small-lots rule (R2123-1 2°). */
  smallLot: boolean;
}

/** Needs summed by homogeneous family, and what the amount implies. */
export interface FamilyProcedure {
  familyCode: string;
  familyLabel: string;
  needIds: string[];
  /** Σ budgets; null when no need of the family has one. */
  estimatedAmount: number | null;
  /** Needs of the family without a budget, so the sum is a lower bound. */
  needsWithoutBudget: number;
  /** French name of the procedure the amount points to. */
  procedure: string;
  thresholds: DatedThreshold[];
  articles: string[];
  lots: SuggestedLot[];
  reservations: ReservationAdvice[];
  explanation: string;
}

export interface ProcedureAdvice {
  /** The date the thresholds were read at (ISO yyyy-mm-dd). */
  date: string;
  buyerKind: BuyerKind;
  families: FamilyProcedure[];
  /** French notes about the whole plan (small-lots 20 % rule…). */
  notes: string[];
}
