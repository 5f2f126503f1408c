/**
 * How « Pourquoi pas ? » shows each check: satisfied, not satisfied, or still
 * to confirm when the catalogue does not know (lead time, season, area).
 */
import type { WhyNotCheck } from '../matching/why-not-types';

export type CheckState = 'passed' | 'failed' | 'unknown';

/**
 * A check the matcher let pass only because the catalogue does not know
 * (its sentence says « à confirmer ») is no ✓: the buyer must still ask.
 */
export function checkState(check: WhyNotCheck): CheckState {
  if (!check.passed) return 'failed';
  return /à confirmer/i.test(check.explanation) ? 'unknown' : 'passed';
}

/** The mark shown before the check's sentence. */
export const CHECK_MARKS: Record<CheckState, string> = {
  passed: '✓ satisfait',
  failed: '✗ non satisfait',
  unknown: '? à confirmer',
};
