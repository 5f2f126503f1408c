/** The explained parts of a candidate's score: sector, labels, distance, capacity. */
import type { LabelCode, Need, ScorePart, ScoreWeights, Supplier } from '../model';
import { LABEL_NAMES } from '../model';
import { capacityPart, type CapacityPart } from './capacity-part';
import { SECTOR_FIT_FACTORS, type SectorFit } from './sector-fit';
import { frenchNumber } from './distance-km';

/** Rounds to one decimal, the precision every part and score is shown with. */
export function roundTenth(value: number): number {
  return Math.round(value * 10) / 10;
}

const names = (labels: readonly LabelCode[]): string =>
  labels.map((l) => LABEL_NAMES[l]).join(', ');

function labelsPart(need: Need, supplier: Supplier, weight: number): ScorePart {
  const wanted = need.preferredLabels;
  if (wanted.length === 0) {
    const owned =
      supplier.labels.length > 0
        ? ` ; fournisseur labellisé : ${names(supplier.labels)}`
        : '';
    return {
      criterion: 'labels',
      points: weight,
      max: weight,
      explanation: `Aucun label souhaité${owned}`,
    };
  }
  const owned = wanted.filter((l) => supplier.labels.includes(l));
  const plural = owned.length > 1 ? 's' : '';
  const explanation =
    owned.length === 0
      ? `Aucun des labels souhaités (${names(wanted)})`
      : `${owned.length} label${plural} souhaité${plural} sur ${wanted.length} : ${names(owned)}`;
  return {
    criterion: 'labels',
    points: roundTenth((weight * owned.length) / wanted.length),
    max: weight,
    explanation,
  };
}

function distancePart(
  km: number,
  maxKm: number,
  weight: number,
  text: string | undefined,
): ScorePart {
  const max = `(max. ${frenchNumber(maxKm, 1)} km)`;
  return {
    criterion: 'distance',
    points: roundTenth(weight * Math.max(0, 1 - km / maxKm)),
    max: weight,
    explanation:
      text === undefined
        ? `${frenchNumber(km, 1)} km du lieu de livraison ${max}`
        : `${text.charAt(0).toUpperCase()}${text.slice(1)} ${max}`,
  };
}

/** What the matcher already worked out for the candidate (reach.ts, capacity-part.ts). */
export interface ScoreContext {
  /** The distance sentence when it says more than « 11,1 km du lieu de livraison ». */
  distanceText?: string;
  /** The capacity part computed over the offers still possible. */
  capacity?: CapacityPart;
}

export interface ScoredParts {
  parts: ScorePart[];
  score: number;
  toConfirm: string[];
}

/**
 * Scores a supplier that passed the filters; `km` is the distance already
 * rounded to 0.1 km, so the reader can redo the arithmetic from the report.
 */
export function scoreParts(
  need: Need,
  supplier: Supplier,
  fit: SectorFit,
  km: number,
  maxKm: number,
  weights: ScoreWeights,
  context: ScoreContext = {},
): ScoredParts {
  const capacity = context.capacity ?? capacityPart(need, supplier, weights.capacity);
  const parts: ScorePart[] = [
    {
      criterion: 'sector',
      points: roundTenth(weights.sector * SECTOR_FIT_FACTORS[fit.level]),
      max: weights.sector,
      explanation: fit.detail,
    },
    labelsPart(need, supplier, weights.labels),
    distancePart(km, maxKm, weights.distance, context.distanceText),
    capacity.part,
  ];
  const points = parts.reduce((sum, p) => sum + p.points, 0);
  const max = parts.reduce((sum, p) => sum + p.max, 0);
  return {
    parts,
    score: max > 0 ? roundTenth((100 * points) / max) : 0,
    toConfirm: capacity.toConfirm,
  };
}
