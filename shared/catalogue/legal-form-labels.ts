/** Charter labels that a legal form (NATURE_JURIDIQUE) gives by law. */
import type { LabelCode } from '../model';
import { foldName } from './text';

/**
 * SCOP and SCIC forms carry their own label; associations, cooperatives,
 * foundations and mutuals belong to the ESS by law (loi n° 2014-856, art. 1).
 */
export function legalFormLabels(legalForm: string): LabelCode[] {
  const form = foldName(legalForm);
  const labels = new Set<LabelCode>();
  if (/\bscop\b|cooperative ouvriere de production/.test(form)) labels.add('scop');
  if (/\bscic\b|cooperative d interet collectif/.test(form)) labels.add('scic');
  // "Association syndicale autorisée" is a public body, not an association of the 1901 law.
  const association = /\bassociation\b/.test(form) && !/association syndicale/.test(form);
  if (
    association ||
    /cooperati/.test(form) ||
    /\bfondation\b/.test(form) ||
    /\bmutuelle\b/.test(form)
  ) {
    labels.add('ess');
  }
  return [...labels];
}
