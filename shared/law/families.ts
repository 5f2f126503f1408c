/**
 * Homogeneous families of needs (R2121-6, R2121-7): the unit over which a
 * buyer sums a year's budgets before comparing them with the thresholds.
 *
 * Rule: the CPV group (first 3 digits: « 773 » gardening services, « 158 »
 * miscellaneous food products) is the family, as supplies or services of one
 * group share their own characteristics and their market of suppliers;
 * a need without CPV falls back to its sector as written (folded); a need
 * with neither stays a family of its own and is said so. Works (CPV division
 * 45) are summed by group too, although the law counts them by operation
 * (R2121-5), which the plan does not record.
 */
import type { Need } from '../model';
import { foldText } from '../text/fold-text';

export type ContractNature = 'fournitures' | 'services' | 'travaux' | 'inconnue';

export interface NeedFamily {
  code: string;
  label: string;
  basis: 'cpv-group' | 'sector' | 'single-need';
  nature: ContractNature;
  needs: Need[];
}

/**
 * Nature of a contract from its CPV division: 45 works; 01–44 and 48
 * supplies; the other divisions services.
 */
export function natureOfCpv(cpv: string): ContractNature {
  const division = Number(cpv.slice(0, 2));
  if (division === 45) return 'travaux';
  if (division <= 44 || division === 48) return 'fournitures';
  return 'services';
}

/** The family key of a need, and what it rests on. */
export function familyKeyOf(need: Need): Pick<NeedFamily, 'code' | 'basis'> {
  if (need.cpv && /^\d{8}$/.test(need.cpv)) {
    return { code: `cpv:${need.cpv.slice(0, 3)}`, basis: 'cpv-group' };
  }
  const sector = need.sector ? foldText(need.sector).trim() : '';
  if (sector) return { code: `secteur:${sector}`, basis: 'sector' };
  return { code: `besoin:${need.id}`, basis: 'single-need' };
}

/** Groups the plan's needs by family, in the order families first appear. */
export function groupNeedsByFamily(
  needs: readonly Need[],
  cpvLabel: (code8: string) => string | undefined = () => undefined,
): NeedFamily[] {
  const families = new Map<string, NeedFamily>();
  for (const need of needs) {
    const { code, basis } = familyKeyOf(need);
    let family = families.get(code);
    if (!family) {
      family = {
        code,
        basis,
        label: familyLabel(need, basis, cpvLabel),
        nature: 'inconnue',
        needs: [],
      };
      families.set(code, family);
    }
    family.needs.push(need);
  }
  for (const family of families.values()) family.nature = natureOf(family.needs);
  return [...families.values()];
}

function familyLabel(
  need: Need,
  basis: NeedFamily['basis'],
  cpvLabel: (code8: string) => string | undefined,
): string {
  if (basis === 'cpv-group') {
    const group = (need.cpv ?? '').slice(0, 3);
    const name = cpvLabel(`${group}00000`);
    return name ? `${name} (groupe CPV ${group})` : `Groupe CPV ${group}`;
  }
  if (basis === 'sector') return `Secteur « ${need.sector?.trim() ?? ''} »`;
  return `Besoin « ${need.title} » (sans code CPV ni secteur)`;
}

function natureOf(needs: readonly Need[]): ContractNature {
  const natures = new Set(needs.map((n) => (n.cpv ? natureOfCpv(n.cpv) : 'inconnue')));
  const [only] = natures;
  return natures.size === 1 && only ? only : 'inconnue';
}
