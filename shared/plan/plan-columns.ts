/**
 * Which column of a plan sheet holds what: headers as people write them,
 * case and accents folded, with how sure the match is.
 */
import { foldText } from '../text/fold-text';
import { PLAN_TEMPLATE_HEADERS } from './plan-template';
import type { CellValue } from './sheet';

export type PlanColumnKey =
  | 'title'
  | 'cpv'
  | 'sector'
  | 'keywords'
  | 'quantity'
  | 'unit'
  | 'frequency'
  | 'date'
  | 'place'
  | 'maxDistance'
  | 'requiredLabels'
  | 'preferredLabels'
  | 'budget'
  | 'commune'
  | 'postcode';

/** Keys in the order of PLAN_TEMPLATE_HEADERS. */
const TEMPLATE_KEYS: readonly PlanColumnKey[] = [
  'title',
  'cpv',
  'sector',
  'keywords',
  'quantity',
  'unit',
  'frequency',
  'date',
  'place',
  'maxDistance',
  'requiredLabels',
  'preferredLabels',
  'budget',
];

/** Every key: the template's, then the place split in commune and postcode. */
export const PLAN_COLUMN_KEYS: readonly PlanColumnKey[] = [
  ...TEMPLATE_KEYS,
  'commune',
  'postcode',
];

/** Names of the columns the template does not have, for messages. */
const OTHER_HEADERS: Partial<Record<PlanColumnKey, string>> = {
  commune: 'Commune',
  postcode: 'Code postal',
};

/** Other headers people write for the same columns (folded). */
const ALIASES: Record<PlanColumnKey, string[]> = {
  title: [
    'objet',
    'libelle',
    'besoin',
    'designation',
    'description',
    'intitule du besoin',
    'objet du marche',
    'objet de l achat',
    'libelle de l achat',
  ],
  cpv: ['cpv', 'code cpv principal', 'cpv principal', 'codes cpv'],
  sector: ['secteur d activite', 'famille', 'famille d achat', 'categorie'],
  keywords: ['mots cles', 'mot cle'],
  quantity: [
    'qte',
    'qt',
    'quantites',
    'quantite estimee',
    'quantite previsionnelle',
    'volume',
    'nombre',
    'nb',
  ],
  unit: ['unite de mesure', 'unites', 'u', 'udm'],
  frequency: ['periodicite', 'frequence de livraison', 'rythme', 'recurrence'],
  date: [
    'date',
    'date de livraison',
    'date prevue',
    'date previsionnelle',
    'date souhaitee',
    'echeance',
  ],
  place: [
    'lieu',
    'lieu d execution',
    'site de livraison',
    'adresse de livraison',
    'adresse',
    'site',
  ],
  maxDistance: ['distance max', 'distance maximale km', 'distance maximale', 'rayon km'],
  requiredLabels: ['labels obligatoires', 'label exige', 'labels requis'],
  preferredLabels: ['label souhaite', 'labels facultatifs'],
  budget: [
    'budget',
    'budget ht',
    'budget eur ht',
    'budget previsionnel',
    'montant',
    'montant ht',
    'montant estime',
    'montant estime ht',
    'montant previsionnel ht',
    'estimation ht',
  ],
  commune: ['commune', 'commune de livraison', 'ville', 'localite'],
  postcode: ['cp', 'code postal', 'code postal de livraison'],
};

/**
 * Words that point to a column when the header is none of the above
 * (« Quantité prévue 2026 », « Désignation de l'article »): a fuzzy match.
 */
const HINT_WORDS: Record<PlanColumnKey, string[]> = {
  title: ['intitule', 'objet', 'libelle', 'designation', 'besoin', 'description'],
  cpv: ['cpv'],
  sector: ['secteur', 'famille', 'categorie'],
  keywords: ['mots', 'cles'],
  quantity: ['quantite', 'qte', 'quantites', 'volume', 'nombre', 'nb'],
  unit: ['unite', 'unites'],
  frequency: ['frequence', 'periodicite'],
  date: ['date', 'echeance'],
  place: ['lieu', 'site', 'adresse', 'livraison'],
  maxDistance: ['distance', 'rayon'],
  requiredLabels: ['exige', 'exiges', 'obligatoire', 'obligatoires', 'requis'],
  preferredLabels: ['souhaite', 'souhaites', 'facultatif', 'facultatifs'],
  budget: ['budget', 'montant', 'estimation', 'cout'],
  commune: ['commune', 'ville'],
  postcode: ['postal'],
};

/** How the header was recognised: the template's own, a known variant, a guess. */
export type HeaderConfidence = 'exact' | 'alias' | 'fuzzy';

const RANK: Record<HeaderConfidence, number> = { exact: 3, alias: 2, fuzzy: 1 };

/** The header as the template writes it, for messages. */
export function planHeader(key: PlanColumnKey): string {
  const index = TEMPLATE_KEYS.indexOf(key);
  return index >= 0 ? (PLAN_TEMPLATE_HEADERS[index] ?? key) : (OTHER_HEADERS[key] ?? key);
}

const EXACT = new Map<string, PlanColumnKey>(
  TEMPLATE_KEYS.map((key) => [foldText(planHeader(key)), key]),
);
const ALIASED = new Map<string, PlanColumnKey>(
  PLAN_COLUMN_KEYS.flatMap((key) => ALIASES[key].map((alias) => [alias, key] as const)),
);

/** Words of a quantity header that give its period: « Quantité annuelle ». */
const PERIOD_WORDS =
  /\b(annuelle|annuel|mensuelle|mensuel|hebdomadaire|hebdo|trimestrielle|trimestriel|par an|par mois|par semaine)\b/;

/** What one header cell says. */
export interface HeaderMatch {
  key: PlanColumnKey;
  confidence: HeaderConfidence;
  /** For a quantity: the unit the header gives, « kg » in « Quantité (kg) ». */
  unit?: string;
  /** For a quantity: the period the header gives, « annuelle ». */
  period?: string;
}

function lookUp(folded: string): Omit<HeaderMatch, 'unit' | 'period'> | null {
  const exact = EXACT.get(folded);
  if (exact) return { key: exact, confidence: 'exact' };
  const alias = ALIASED.get(folded);
  return alias ? { key: alias, confidence: 'alias' } : null;
}

/** The key whose hint word comes first in the header, when only one key has it. */
function guess(folded: string): PlanColumnKey | null {
  for (const word of folded.split(' ')) {
    const keys = PLAN_COLUMN_KEYS.filter((key) => HINT_WORDS[key].includes(word));
    if (keys.length === 1) return keys[0] ?? null;
    if (keys.length > 1) return null;
  }
  return null;
}

/**
 * Recognises one header: the template's, a known variant, the same with a unit
 * or a period (« Quantité (kg) », « Qté en litres », « Quantité annuelle »),
 * or a guess from its words. Null when nothing fits.
 */
export function matchHeader(header: string): HeaderMatch | null {
  const folded = foldText(header);
  if (folded === '') return null;
  const whole = lookUp(folded);
  if (whole) return whole;

  // « Quantité (kg) », « Qté en litres »: the unit after the name.
  const unitMatch =
    /^(.*\S)\s*\(([^)]*)\)\s*$/.exec(header.trim()) ??
    /^(.*\S)\s+en\s+(\S+)\s*$/i.exec(header.trim());
  if (unitMatch) {
    const named = lookUp(foldText(unitMatch[1] ?? ''));
    if (named?.key === 'quantity') return { ...named, unit: (unitMatch[2] ?? '').trim() };
    if (named) return named;
  }
  const period = PERIOD_WORDS.exec(folded);
  if (period) {
    const named = lookUp(folded.replace(period[0], '').replace(/\s+/g, ' ').trim());
    if (named?.key === 'quantity') return { ...named, period: period[0] };
  }
  const key = guess(folded);
  return key ? { key, confidence: 'fuzzy' } : null;
}

export interface PlanHeaderMatch {
  /** Cell index of each recognised column. */
  columns: Map<PlanColumnKey, number>;
  /** How sure each recognised column is. */
  confidence: Map<PlanColumnKey, HeaderConfidence>;
  /** Non-empty header cells that are not a plan column (or repeat one). */
  ignored: { index: number; header: string; duplicate: boolean }[];
  /** Unit and period the quantity header gives, if any. */
  quantityUnit: string | null;
  quantityPeriod: string | null;
}

/**
 * Matches a header row to the plan columns. When two cells name the same
 * column, the surer one is kept (the first on a tie) and the other ignored.
 */
export function matchPlanHeaders(cells: readonly CellValue[]): PlanHeaderMatch {
  const found = new Map<PlanColumnKey, { index: number; match: HeaderMatch }>();
  const ignored: PlanHeaderMatch['ignored'] = [];
  const headers = cells.map((cell) => (cell === null ? '' : String(cell).trim()));
  headers.forEach((header, index) => {
    if (header === '') return;
    const match = matchHeader(header);
    if (match === null) {
      ignored.push({ index, header, duplicate: false });
      return;
    }
    const kept = found.get(match.key);
    if (kept && RANK[kept.match.confidence] >= RANK[match.confidence]) {
      ignored.push({ index, header, duplicate: true });
      return;
    }
    if (kept) {
      ignored.push({
        index: kept.index,
        header: headers[kept.index] ?? '',
        duplicate: true,
      });
    }
    found.set(match.key, { index, match });
  });
  const quantity = found.get('quantity')?.match;
  return {
    columns: new Map([...found].map(([key, f]) => [key, f.index])),
    confidence: new Map([...found].map(([key, f]) => [key, f.match.confidence])),
    ignored: ignored.sort((a, b) => a.index - b.index),
    quantityUnit: quantity?.unit ?? null,
    quantityPeriod: quantity?.period ?? null,
  };
}
