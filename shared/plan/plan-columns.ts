/** Which column of a plan sheet holds what: header matching, case and accents folded. */
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
  | 'budget';

/** Keys in the order of PLAN_TEMPLATE_HEADERS. */
const KEYS: readonly PlanColumnKey[] = [
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

/** Other headers people write for the same columns (folded). */
const ALIASES: Partial<Record<PlanColumnKey, string[]>> = {
  title: ['objet', 'libelle', 'besoin'],
  cpv: ['cpv'],
  keywords: ['mots cles', 'mot cle'],
  quantity: ['qte'],
  date: ['date'],
  place: ['lieu', 'lieu d execution', 'site de livraison'],
  maxDistance: ['distance max', 'distance maximale km', 'distance maximale'],
  budget: ['budget', 'budget ht', 'budget eur ht', 'montant', 'montant ht'],
};

/** The header as the template writes it, for messages. */
export function planHeader(key: PlanColumnKey): string {
  return PLAN_TEMPLATE_HEADERS[KEYS.indexOf(key)] ?? key;
}

const KEY_BY_FOLDED = new Map<string, PlanColumnKey>(
  KEYS.flatMap((key) => [
    [foldText(planHeader(key)), key] as const,
    ...(ALIASES[key] ?? []).map((alias) => [alias, key] as const),
  ]),
);

export interface PlanHeaderMatch {
  /** Cell index of each recognised column. */
  columns: Map<PlanColumnKey, number>;
  /** Non-empty header cells that are not a plan column (or repeat one). */
  ignored: { index: number; header: string; duplicate: boolean }[];
}

/** Matches a header row to the plan columns. */
export function matchPlanHeaders(cells: readonly CellValue[]): PlanHeaderMatch {
  const columns = new Map<PlanColumnKey, number>();
  const ignored: PlanHeaderMatch['ignored'] = [];
  cells.forEach((cell, index) => {
    const header = cell === null ? '' : String(cell).trim();
    if (header === '') return;
    const key = KEY_BY_FOLDED.get(foldText(header));
    if (key === undefined) ignored.push({ index, header, duplicate: false });
    else if (columns.has(key)) ignored.push({ index, header, duplicate: true });
    else columns.set(key, index);
  });
  return { columns, ignored };
}
