/**
 * EGalim (article L230-5-1 of the code rural et de la pêche maritime): which
 * needs are collective catering, which labels count, and the targets.
 */
import type { LabelCode, Need } from '../model';

/**
 * CPV prefixes of collective-catering needs: foodstuffs and drinks (15,
 * tobacco 1599 left out), raw food (032 crops, 0331 fish, 0333 milk and
 * eggs) and meals (553 restaurant and meal services, 555 canteen and
 * catering). Hotels (551), bars (554) and live animals (0332) stay out.
 */
const CATERING_PREFIXES = ['15', '032', '0331', '0333', '553', '555'] as const;
const NOT_CATERING_PREFIXES = ['1599'] as const;

/** True when the need's CPV code is a collective-catering one. */
export function isCateringNeed(need: Pick<Need, 'cpv'>): boolean {
  const cpv = need.cpv ?? '';
  return (
    CATERING_PREFIXES.some((prefix) => cpv.startsWith(prefix)) &&
    !NOT_CATERING_PREFIXES.some((prefix) => cpv.startsWith(prefix))
  );
}

/**
 * Labels of the catalogue that count as « durables et de qualité »: organic
 * farming and fair trade (both in the law's list, as ma-cantine counts
 * them). Label Rouge, AOP/IGP, HVE… count too, but the catalogue cannot
 * carry them; « producteur local » is no EGalim criterion.
 */
export const EGALIM_SUSTAINABLE_LABELS: readonly LabelCode[] = [
  'bio',
  'commerce-equitable',
];

/** 50 % durable et de qualité, of which 20 % organic, in value. */
export const EGALIM_TARGETS = { sustainable: 0.5, bio: 0.2 } as const;
