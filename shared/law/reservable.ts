/**
 * Which suppliers a reserved contract may go to, by the public procurement
 * code: narrower than the indicator kinds (a GEIQ counts for insertion but
 * is no SIAE, so not for L2113-13).
 */
import type { LabelCode, SectorFitLevel, Supplier, SupplierKind } from '../model';

/**
 * Whether a supplier's activity fit is precise enough to count it as able to
 * answer a reserved contract. Everything but 'division' counts: a division
 * (two CPV digits, e.g. 79 « services aux entreprises ») spans printing,
 * temporary work, recruitment and security alike, and the ranking itself
 * calls it « correspondance large, à vérifier ». A 'keyword' fit counts: it
 * needs every word of one of the buyer's keywords in one field of the
 * supplier's own text (name, sectors, description or a single offer), so it
 * names the activity asked for rather than a neighbouring trade, and the
 * candidate's explanation shows the words found for the buyer to check.
 */
export function isPreciseFit(level: SectorFitLevel): boolean {
  return level !== 'division';
}

/** Suppliers in range a reserved contract may go to, by article. */
export interface ReservableCounts {
  /** SIAE (EI, ACI, AI, ETTI, EITI): article L2113-13. */
  siae: number;
  /** EA, ESAT or a supplier labelled of the disability sector: L2113-12. */
  disability: number;
  /** ESS kind, or an ESS, ESUS, SCOP or SCIC label: L2113-15. */
  ess: number;
}

/** Kinds of structure of the SIAE (L5132-4 of the labour code); not GEIQ. */
export const SIAE_KINDS: readonly SupplierKind[] = ['EI', 'ACI', 'AI', 'ETTI', 'EITI'];
/** Kinds of structure of the disability sector: EA and ESAT. */
export const DISABILITY_KINDS: readonly SupplierKind[] = ['EA', 'ESAT'];
/** Labels of the social and solidarity economy: ESS, ESUS, SCOP, SCIC. */
export const ESS_LABELS: readonly LabelCode[] = ['ess', 'esus', 'scop', 'scic'];

/**
 * Counts per reservation. The insertion label is not enough for an SIAE
 * (it also covers GEIQ); the disability label names EA and ESAT only, the
 * structures of L2113-12; ESS, ESUS, SCOP and SCIC are all companies of the
 * social and solidarity economy (law of 31 July 2014, art. 1).
 */
export function reservableCounts(
  suppliers: readonly Pick<Supplier, 'kind' | 'labels'>[],
): ReservableCounts {
  const counts: ReservableCounts = { siae: 0, disability: 0, ess: 0 };
  for (const { kind, labels } of suppliers) {
    if (SIAE_KINDS.includes(kind)) counts.siae += 1;
    if (DISABILITY_KINDS.includes(kind) || labels.includes('handicap'))
      counts.disability += 1;
    const essLabel = labels.some((l) => ESS_LABELS.includes(l));
    if (kind === 'ESS' || essLabel) counts.ess += 1;
  }
  return counts;
}
