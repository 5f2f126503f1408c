/** The arithmetic behind a candidate's score, written out for the buyer. */
import type { ScorePart } from '../model';
import { formatDecimal, formatPoints } from './french-format';

/** Points obtained and the maximum of the parts that could be evaluated. */
export function evaluablePoints(parts: readonly ScorePart[]): {
  points: number;
  max: number;
} {
  const sum = (values: number[]): number =>
    // Parts carry one decimal: round the sum back to it, away from float noise.
    Math.round(values.reduce((total, v) => total + v, 0) * 10) / 10;
  return {
    points: sum(parts.map((p) => p.points)),
    max: sum(parts.map((p) => p.max)),
  };
}

/** « 61,2 pts sur 90 évaluables → 68,0 / 100 »; parts « à confirmer » have max 0. */
export function scoreFormula(parts: readonly ScorePart[], score: number): string {
  const { points, max } = evaluablePoints(parts);
  if (max <= 0) return 'Aucun critère évaluable : score 0 / 100';
  return (
    `${formatPoints(points)} pts sur ${formatPoints(max)} évaluables → ` +
    `${formatDecimal(score)} / 100`
  );
}
