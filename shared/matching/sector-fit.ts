/** How a supplier's activity fits a need: CPV code, shared sector, or keywords. */
import { cpvFitLevel } from '../cpv';
import type { Need, Sector, SectorFitLevel, Supplier } from '../model';
import { foldText } from '../text/fold-text';

/** Share of the sector weight each kind of fit earns. */
export const SECTOR_FIT_FACTORS: Readonly<Record<SectorFitLevel, number>> = {
  code: 1,
  category: 0.9,
  class: 0.8,
  group: 0.65,
  division: 0.45,
  sector: 0.7,
  keyword: 0.5,
};

/** Precision order, most precise first: the tie-break of the ranking. */
export const SECTOR_FIT_ORDER: readonly SectorFitLevel[] = [
  'code',
  'category',
  'class',
  'group',
  'division',
  'sector',
  'keyword',
];

/** The CPV level with its article, as the explanation writes it. */
const CPV_LEVEL_NAMES: Partial<Record<SectorFitLevel, string>> = {
  category: 'la même catégorie',
  class: 'la même classe',
  group: 'le même groupe',
  division: 'la même division',
};

const CPV_LEVEL_DIGITS: Partial<Record<SectorFitLevel, number>> = {
  category: 5,
  class: 4,
  group: 3,
  division: 2,
};

/** Words too common to carry a keyword's meaning. */
const STOP_WORDS = new Set(
  'a au aux d de des du en et l la le les ou par pour sur un une'.split(' '),
);

export interface SectorFit {
  level: SectorFitLevel;
  detail: string;
}

/** A folded word with a final plural "s" or "x" dropped, so "haie" meets "haies". */
export function stemWord(word: string): string {
  return word.length > 3 && /[sx]$/.test(word) ? word.slice(0, -1) : word;
}

/** The stemmed meaningful words of a text. */
export function keywordWords(text: string): string[] {
  return foldText(text)
    .split(' ')
    .filter((w) => w !== '' && !STOP_WORDS.has(w))
    .map(stemWord);
}

/** A supplier with the text and codes matching needs, computed once per call. */
export interface PreparedSupplier {
  supplier: Supplier;
  sectorNames: string[];
  nameWords: Set<string>;
  sectorWords: Set<string>;
  descriptionWords: Set<string>;
}

/** Folds a supplier's name, sectors and description once. */
export function prepareSupplier(
  supplier: Supplier,
  sectorsById: ReadonlyMap<number, Sector>,
): PreparedSupplier {
  const sectorNames = supplier.sectorIds
    .map((id) => sectorsById.get(id)?.name)
    .filter((name): name is string => name !== undefined);
  return {
    supplier,
    sectorNames,
    nameWords: new Set(keywordWords(`${supplier.name} ${supplier.brand ?? ''}`)),
    sectorWords: new Set(keywordWords(sectorNames.join(' '))),
    descriptionWords: new Set(keywordWords(supplier.description ?? '')),
  };
}

/** Best fit of the need's CPV code among the supplier's codes. */
function cpvFit(needCpv: string, supplierCodes: readonly string[]): SectorFit | null {
  let best: { level: SectorFitLevel; code: string } | null = null;
  for (const code of supplierCodes) {
    const level = cpvFitLevel(needCpv, code);
    if (level && (!best || SECTOR_FIT_FACTORS[level] > SECTOR_FIT_FACTORS[best.level])) {
      best = { level, code };
    }
  }
  if (!best) return null;
  if (best.level === 'code') {
    const detail =
      best.code === needCpv
        ? `Code CPV du fournisseur ${best.code} identique à celui du besoin`
        : `Code CPV du fournisseur ${best.code} couvre le besoin ${needCpv}`;
    return { level: 'code', detail };
  }
  const shared = needCpv.slice(0, CPV_LEVEL_DIGITS[best.level]);
  // A division (two digits) spans whole trades: postal couriers and telecoms
  // share division 64. Such a fit ranks below keywords and says so.
  const caveat = best.level === 'division' ? ' : correspondance large, à vérifier' : '';
  return {
    level: best.level,
    detail:
      `Code CPV du fournisseur ${best.code} dans ${CPV_LEVEL_NAMES[best.level]} ` +
      `(${shared}) que le besoin ${needCpv}${caveat}`,
  };
}

function sectorIdFit(
  need: Need,
  supplier: Supplier,
  sectorsById: ReadonlyMap<number, Sector>,
): SectorFit | null {
  const shared = need.sectorIds.find((id) => supplier.sectorIds.includes(id));
  if (shared === undefined) return null;
  const name = sectorsById.get(shared)?.name ?? String(shared);
  return {
    level: 'sector',
    detail: `Secteur « ${name} » commun au besoin et au fournisseur`,
  };
}

/** First need keyword whose words all appear in one field of the supplier. */
function keywordFit(need: Need, prepared: PreparedSupplier): SectorFit | null {
  const fields: [Set<string>, string][] = [
    [prepared.nameWords, 'le nom du fournisseur'],
    [prepared.sectorWords, `ses secteurs (${prepared.sectorNames.join(' ; ')})`],
    [prepared.descriptionWords, 'sa description'],
  ];
  for (const keyword of need.keywords) {
    const words = keywordWords(keyword);
    if (words.length === 0) continue;
    for (const [set, where] of fields) {
      if (words.every((w) => set.has(w))) {
        return {
          level: 'keyword',
          detail: `Mot-clé « ${keyword} » trouvé dans ${where}`,
        };
      }
    }
  }
  return null;
}

/** Picks the fit worth the most points; equal points → the more precise. */
function bestOf(fits: (SectorFit | null)[]): SectorFit | null {
  let best: SectorFit | null = null;
  for (const fit of fits) {
    if (!fit) continue;
    const gain = best
      ? SECTOR_FIT_FACTORS[fit.level] - SECTOR_FIT_FACTORS[best.level]
      : 1;
    const morePrecise =
      best !== null &&
      gain === 0 &&
      SECTOR_FIT_ORDER.indexOf(fit.level) < SECTOR_FIT_ORDER.indexOf(best.level);
    if (gain > 0 || morePrecise) best = fit;
  }
  return best;
}

/** Sector fit of a prepared supplier (see sectorFitOf). */
export function preparedSectorFit(
  need: Need,
  prepared: PreparedSupplier,
  sectorsById: ReadonlyMap<number, Sector>,
): SectorFit | null {
  return bestOf([
    need.cpv === null ? null : cpvFit(need.cpv, prepared.supplier.cpv),
    sectorIdFit(need, prepared.supplier, sectorsById),
    keywordFit(need, prepared),
  ]);
}

/**
 * Best fit of the supplier's activity to the need, worth the most points:
 * CPV codes (cpvFitLevel), a shared taxonomy sector ('sector'), or a need
 * keyword whose words all appear in the supplier's name, sectors or
 * description ('keyword'); null when nothing fits.
 */
export function sectorFitOf(
  need: Need,
  supplier: Supplier,
  sectorsById: Map<number, Sector>,
): SectorFit | null {
  return preparedSectorFit(need, prepareSupplier(supplier, sectorsById), sectorsById);
}
