/** How a supplier's activity fits a need: CPV code, shared sector, or keywords. */
import { cpvFitLevel } from '../cpv';
import type { Need, Sector, SectorFitLevel, Supplier } from '../model';
import { foldText } from '../text/fold-text';
import { frenchStems, meaningfulWords, wordsWithStems } from '../text/french-words';

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

export interface SectorFit {
  level: SectorFitLevel;
  detail: string;
}

/** Words too common to carry a keyword's meaning (keywordWords). */
const STOP_WORDS = new Set(
  'a au aux d de des du en et l la le les ou par pour sur un une'.split(' '),
);

/** A folded word with a final plural "s" or "x" dropped, so "haie" meets "haies". */
export function stemWord(word: string): string {
  return word.length > 3 && /[sx]$/.test(word) ? word.slice(0, -1) : word;
}

/**
 * The folded meaningful words of a text, plural dropped: readable words the
 * CPV suggestion shows. Matching uses keywordStems (Snowball stems) instead.
 */
export function keywordWords(text: string): string[] {
  return foldText(text)
    .split(' ')
    .filter((w) => w !== '' && !STOP_WORDS.has(w))
    .map(stemWord);
}

/**
 * The stems matching compares: folded, stop words and elisions (d’, l’)
 * dropped, Snowball French stems (« espaces verts » → espac, vert).
 */
export function keywordStems(text: string): string[] {
  return frenchStems(text);
}

/** A supplier with the text and codes matching needs, computed once per call. */
export interface PreparedSupplier {
  supplier: Supplier;
  sectorNames: string[];
  nameWords: ReadonlySet<string>;
  sectorWords: ReadonlySet<string>;
  descriptionWords: ReadonlySet<string>;
  /** Stems of all its offers' labels together; one offer must hold a keyword alone. */
  offerWords: ReadonlySet<string>;
  /**
   * Its CPV codes and sector ids, « 50000000,90514000|87,124 »: suppliers
   * sharing it share their CPV and sector fit to any need, which may be
   * computed once for them all.
   */
  activityKey: string;
}

const NO_WORDS: ReadonlySet<string> = new Set();

function stemSet(text: string): ReadonlySet<string> {
  const stems = keywordStems(text);
  return stems.length === 0 ? NO_WORDS : new Set(stems);
}

/** Stems of each set of sector ids, shared: a catalogue has few combinations. */
const sectorWordsCache = new WeakMap<
  ReadonlyMap<number, Sector>,
  Map<string, ReadonlySet<string>>
>();

function sectorWordsOf(
  ids: readonly number[],
  names: readonly string[],
  sectorsById: ReadonlyMap<number, Sector>,
): ReadonlySet<string> {
  let byIds = sectorWordsCache.get(sectorsById);
  if (!byIds) sectorWordsCache.set(sectorsById, (byIds = new Map()));
  const key = ids.join(',');
  let words = byIds.get(key);
  if (!words) byIds.set(key, (words = stemSet(names.join(' '))));
  return words;
}

/**
 * A supplier's words, folded and stemmed on first use only: a plan without
 * keywords never reads them, and folding 100,000 suppliers' texts is most of
 * the cost of indexing them.
 */
class LazyPreparedSupplier implements PreparedSupplier {
  private name: ReadonlySet<string> | undefined = undefined;
  private sector: ReadonlySet<string> | undefined = undefined;
  private description: ReadonlySet<string> | undefined = undefined;
  private offer: ReadonlySet<string> | undefined = undefined;

  constructor(
    readonly supplier: Supplier,
    readonly sectorNames: string[],
    readonly activityKey: string,
    private readonly sectorsById: ReadonlyMap<number, Sector>,
  ) {}

  get nameWords(): ReadonlySet<string> {
    const { name, brand } = this.supplier;
    return (this.name ??= stemSet(`${name} ${brand ?? ''}`));
  }

  get sectorWords(): ReadonlySet<string> {
    const { sectorIds } = this.supplier;
    return (this.sector ??= sectorWordsOf(sectorIds, this.sectorNames, this.sectorsById));
  }

  get descriptionWords(): ReadonlySet<string> {
    return (this.description ??= stemSet(this.supplier.description ?? ''));
  }

  get offerWords(): ReadonlySet<string> {
    const { offers } = this.supplier;
    return (this.offer ??= stemSet(offers.map((o) => o.label).join(' ')));
  }
}

/** Prepares a supplier's codes now, and its name, sectors, description and offers' words on first use. */
export function prepareSupplier(
  supplier: Supplier,
  sectorsById: ReadonlyMap<number, Sector>,
): PreparedSupplier {
  const sectorNames = supplier.sectorIds
    .map((id) => sectorsById.get(id)?.name)
    .filter((name): name is string => name !== undefined);
  const activityKey = `${supplier.cpv.join(',')}|${supplier.sectorIds.join(',')}`;
  return new LazyPreparedSupplier(supplier, sectorNames, activityKey, sectorsById);
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

/** A field of the supplier's text where a keyword may be found. */
interface TextField {
  stems: ReadonlySet<string>;
  /** « sa description », « son offre « Repas bio » »… */
  where: string;
  text: string;
}

function textFields(prepared: PreparedSupplier): TextField[] {
  const { supplier } = prepared;
  const fields: TextField[] = [
    {
      stems: prepared.nameWords,
      where: 'le nom du fournisseur',
      text: `${supplier.name} ${supplier.brand ?? ''}`,
    },
    {
      stems: prepared.sectorWords,
      where: `ses secteurs (${prepared.sectorNames.join(' ; ')})`,
      text: prepared.sectorNames.join(' '),
    },
    {
      stems: prepared.descriptionWords,
      where: 'sa description',
      text: supplier.description ?? '',
    },
  ];
  if (prepared.offerWords.size > 0) {
    for (const offer of supplier.offers) {
      fields.push({
        stems: stemSet(offer.label),
        where: `son offre « ${offer.label} »`,
        text: offer.label,
      });
    }
  }
  return fields;
}

/**
 * « Mot-clé « espaces verts » trouvé dans sa description », followed by the
 * words as the field writes them when they differ from the keyword's own
 * (« sous la forme « espace », « vert » »).
 */
function keywordDetail(keyword: string, field: TextField, stems: string[]): string {
  const head = `Mot-clé « ${keyword} » trouvé dans ${field.where}`;
  const written = wordsWithStems(field.text, new Set(stems));
  const asTyped = new Set(meaningfulWords(keyword));
  const same = written.every((w) => meaningfulWords(w).every((f) => asTyped.has(f)));
  if (same) return head;
  return `${head} sous la forme ${written.map((w) => `« ${w} »`).join(', ')}`;
}

/** First need keyword whose stems all appear in one field of the supplier. */
function keywordFit(need: Need, prepared: PreparedSupplier): SectorFit | null {
  let fields: TextField[] | null = null;
  for (const keyword of need.keywords) {
    const stems = keywordStems(keyword);
    if (stems.length === 0) continue;
    const anywhere = (set: ReadonlySet<string>): boolean =>
      stems.every((w) => set.has(w));
    // Most suppliers hold none of the words: skip building the fields for them.
    if (
      !anywhere(prepared.nameWords) &&
      !anywhere(prepared.sectorWords) &&
      !anywhere(prepared.descriptionWords) &&
      !anywhere(prepared.offerWords)
    ) {
      continue;
    }
    fields ??= textFields(prepared);
    const field = fields.find((f) => anywhere(f.stems));
    if (field) return { level: 'keyword', detail: keywordDetail(keyword, field, stems) };
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
 * keyword whose words (folded and stemmed, french-words.ts) all appear in one
 * field: the supplier's name, sectors, description or one offer ('keyword');
 * null when nothing fits.
 */
export function sectorFitOf(
  need: Need,
  supplier: Supplier,
  sectorsById: Map<number, Sector>,
): SectorFit | null {
  return preparedSectorFit(need, prepareSupplier(supplier, sectorsById), sectorsById);
}
