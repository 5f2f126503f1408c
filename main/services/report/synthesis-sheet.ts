/**
 * The « Synthèse » sheet: who buys, which plan and catalogue, then the
 * SPASER and EGalim indicators by kind of responsible supplier, before and
 * after allocation, with data bars on the shares.
 */
import type {
  KindIndicator,
  PlanIndicators,
} from '../../../shared/indicators/indicator-types';
import type { Need, Plan } from '../../../shared/model';
import {
  afterAllocationNote,
  egalimLines,
  egalimScope,
  transportLines,
} from '../../../shared/format/indicator-view';
import { BUYER_KIND_NAMES } from '../../../shared/format/procedure-view';
import { rejectedRowCount } from './rejected-rows-sheet';
import type { ReportInput } from './report-input';
import {
  isoDayToDate,
  localDay,
  rounded,
  type PreambleLine,
  type ReportCell,
  type ReportColumn,
  type ReportTable,
} from './report-table';

const COLUMNS: readonly ReportColumn[] = [
  { header: 'Indicateur', kind: 'text' },
  { header: 'Besoins avant', kind: 'integer' },
  { header: 'Part des besoins avant', kind: 'percent' },
  { header: 'Budget avant (€ HT)', kind: 'euros' },
  { header: 'Part du budget avant', kind: 'percent' },
  { header: 'Volume affecté après', kind: 'percent' },
  { header: 'Budget affecté après (€ HT)', kind: 'euros' },
  { header: 'Part du budget après', kind: 'percent' },
  { header: 'Précisions', kind: 'text', wrapWidth: 60 },
];
/** 0-based columns holding shares, drawn with data bars. */
const SHARE_COLUMNS = [2, 4, 5, 7];

/** Written in place of a figure the indicators could not compute: never a 0. */
export const NOT_COMPUTABLE = 'non calculable';

/** A figure, or « non calculable » when it is unknown. */
function figure(value: number | null | undefined, decimals: number): ReportCell {
  return rounded(value, decimals) ?? NOT_COMPUTABLE;
}

/** « 1 besoin », « 2 besoins ». */
function needsWord(count: number): string {
  return `${count} besoin${count > 1 ? 's' : ''}`;
}

/** The budget of a need when it is a usable amount (as planIndicators counts it). */
function knownBudget(need: Need): number | null {
  const budget = need.budget;
  return typeof budget === 'number' && Number.isFinite(budget) && budget >= 0
    ? budget
    : null;
}

/** Σ of the known budgets, € HT to the cent, and how many needs have none. */
function budgetsOf(plan: Plan): { total: number | null; missing: number } {
  const budgets = plan.needs.map(knownBudget).filter((b): b is number => b !== null);
  return {
    total:
      budgets.length > 0
        ? rounded(
            budgets.reduce((a, b) => a + b, 0),
            2,
          )
        : null,
    missing: plan.needs.length - budgets.length,
  };
}

/** The lines above the table: buyer, plan, report, catalogue, needs and budget. */
function preambleOf(input: ReportInput): PreambleLine[] {
  const { plan, match, catalogue, imported } = input;
  const budget = budgetsOf(plan).total;
  const proposed = new Set(
    match.needs.flatMap((n) => n.candidates.map((c) => c.supplierId)),
  );
  // The catalogue's date is a calendar day (its version starts with it).
  const catalogueDay = isoDayToDate(catalogue.summary.generatedAt);
  // A sync is an instant: its day is the one where the report is made.
  const syncedAt = catalogue.lastSyncAt ? new Date(catalogue.lastSyncAt) : null;
  const synced = syncedAt && !Number.isNaN(syncedAt.getTime()) ? syncedAt : null;
  const lines: PreambleLine[] = [
    { label: 'Acheteur', value: input.buyerName || 'non renseigné', kind: 'text' },
    {
      label: 'Type d’acheteur',
      value: BUYER_KIND_NAMES[match.options.buyerKind ?? 'collectivite'],
      kind: 'text',
    },
    { label: 'Plan d’achats', value: plan.name, kind: 'text' },
    { label: 'Fichier du plan', value: plan.sourceFile, kind: 'text' },
  ];
  // With the import known, the needs are counted beside the rows read and set aside.
  const importKnown = imported.rowsRead !== undefined || imported.issues !== undefined;
  const needs = plan.needs.length;
  if (imported.rowsRead !== undefined) {
    lines.push({ label: 'Lignes lues', value: imported.rowsRead, kind: 'integer' });
  }
  if (importKnown) {
    lines.push({ label: 'Besoins importés', value: needs, kind: 'integer' });
  }
  if (imported.issues) {
    const rejected = rejectedRowCount(imported.issues);
    lines.push({ label: 'Lignes écartées', value: rejected, kind: 'integer' });
  }
  lines.push(
    { label: 'Date du rapport', value: localDay(input.now), kind: 'date' },
    { label: 'Version du catalogue', value: catalogue.summary.version, kind: 'text' },
    catalogueDay
      ? { label: 'Date du catalogue', value: catalogueDay, kind: 'date' }
      : { label: 'Date du catalogue', value: 'inconnue', kind: 'text' },
    synced
      ? { label: 'Dernière synchronisation', value: localDay(synced), kind: 'date' }
      : { label: 'Dernière synchronisation', value: 'jamais', kind: 'text' },
    {
      label: 'Fournisseurs au catalogue',
      value: catalogue.summary.supplierCount,
      kind: 'integer',
    },
    { label: 'Fournisseurs proposés', value: proposed.size, kind: 'integer' },
  );
  if (!importKnown) lines.push({ label: 'Besoins', value: needs, kind: 'integer' });
  lines.push(
    budget === null
      ? { label: 'Budget total (€ HT)', value: 'aucun budget renseigné', kind: 'text' }
      : { label: 'Budget total (€ HT)', value: budget, kind: 'euros' },
  );
  return lines;
}

/** Needs with and without a proposed supplier, and the plan's own line. */
function countRows(input: ReportInput): ReportCell[][] {
  const { plan, match } = input;
  const total = plan.needs.length;
  const withCandidates = match.needs.filter((n) => n.candidates.length > 0).length;
  const share = (count: number): ReportCell => (total > 0 ? count / total : null);
  const budget = budgetsOf(plan);
  const coverage = match.allocation?.totals;
  const volume = coverage && coverage.needCount > 0 ? coverage.coverage : null;
  const notes: string[] = [];
  if (budget.missing > 0) notes.push(`dont ${needsWord(budget.missing)} sans budget`);
  if (!match.allocation) notes.push('affectation non calculée');
  else if (volume === null) notes.push('aucun besoin n’a de quantité à répartir');
  return [
    [
      'Nombre de besoins',
      total,
      null,
      budget.total ?? NOT_COMPUTABLE,
      null,
      figure(volume, 4),
      null,
      null,
      notes.join(' ; ') || null,
    ],
    ['Besoins avec au moins un fournisseur', withCandidates, share(withCandidates)],
    ['Besoins sans fournisseur', total - withCandidates, share(total - withCandidates)],
  ];
}

type ShareFigures = Pick<
  KindIndicator,
  'needs' | 'needShare' | 'budget' | 'budgetShare' | 'needsWithoutBudget'
> &
  Pick<
    Partial<KindIndicator>,
    'allocatedShare' | 'allocatedBudget' | 'allocatedBudgetShare'
  >;

/** One kind's line (or « au moins un fournisseur responsable »), unknowns said so. */
function indicatorRow(
  label: string,
  f: ShareFigures,
  indicators: PlanIndicators,
  allocated: boolean,
): ReportCell[] {
  const noBudget = indicators.needsWithBudget === 0;
  const allWithoutBudget = f.needs > 0 && f.needsWithoutBudget === f.needs;
  const share = allocated ? (f.allocatedShare ?? null) : null;
  const notes: string[] = [];
  if (noBudget) notes.push('aucun besoin du plan n’a de budget');
  else if (f.needsWithoutBudget) {
    notes.push(`dont ${needsWord(f.needsWithoutBudget)} sans budget`);
  }
  if (!allocated) notes.push('affectation non calculée');
  else if (share === null) notes.push('aucun besoin n’a de quantité à répartir');
  return [
    label,
    f.needs,
    indicators.needCount > 0 ? rounded(f.needShare, 4) : NOT_COMPUTABLE,
    noBudget || allWithoutBudget ? NOT_COMPUTABLE : rounded(f.budget, 2),
    figure(f.budgetShare, 4),
    figure(share, 4),
    noBudget || share === null ? NOT_COMPUTABLE : figure(f.allocatedBudget, 2),
    noBudget || share === null ? NOT_COMPUTABLE : figure(f.allocatedBudgetShare, 4),
    notes.join(' ; ') || null,
  ];
}

/**
 * Transport after allocation, one line per unit, as the results screen says
 * it: « Transport estimé (heures) », then its figures.
 */
function transportRows(indicators: PlanIndicators): ReportCell[][] {
  return transportLines(indicators).map((line) => {
    const cut = line.indexOf(' : ');
    if (cut < 0) return ['Transport estimé', ...blank(7), line];
    const figures = line.slice(cut + 3);
    return [
      line.slice(0, cut),
      ...blank(7),
      figures.charAt(0).toUpperCase() + figures.slice(1),
    ];
  });
}

/** EGalim's two shares of the catering budget against their targets. */
function egalimRows(indicators: PlanIndicators, allocated: boolean): ReportCell[][] {
  const egalim = indicators.egalim;
  if (!egalim) return [];
  const scope = egalimScope(egalim);
  return egalimLines(egalim).map((line) => {
    const share = line.key === 'bio' ? egalim.bioShare : egalim.sustainableShare;
    const inRange =
      line.key === 'bio'
        ? egalim.needsWithBioInRange
        : egalim.needsWithSustainableInRange;
    const verdict = allocated ? line.verdict : 'affectation non calculée';
    return [
      `EGalim : ${line.label}`,
      inRange ?? null,
      null,
      null,
      null,
      null,
      share === null ? NOT_COMPUTABLE : rounded(share * egalim.cateringBudget, 2),
      figure(share, 4),
      `Part du budget de restauration collective ; objectif ${line.target} : ` +
        `${verdict}. ${scope}`,
    ];
  });
}

function blank(count: number): null[] {
  return Array.from({ length: count }, () => null);
}

/** The indicator lines: by kind, any responsible supplier, transport, EGalim. */
function indicatorRows(input: ReportInput): ReportCell[][] {
  const indicators = input.match.indicators;
  if (!indicators) {
    return [
      [
        'Indicateurs d’achat responsable',
        ...blank(7),
        'Non calculés pour ce rapprochement : relancez le rapprochement du plan.',
      ],
    ];
  }
  const allocated = input.match.allocation !== undefined;
  return [
    ...indicators.kinds.map((k) => indicatorRow(k.label, k, indicators, allocated)),
    indicatorRow(
      'Au moins un fournisseur responsable',
      indicators.anyResponsible,
      indicators,
      allocated,
    ),
    [
      'Lecture des parts après affectation',
      ...blank(7),
      allocated ? afterAllocationNote(indicators) : 'Affectation non calculée.',
    ],
    ...transportRows(indicators),
    ...egalimRows(indicators, allocated),
  ];
}

/** « Synthèse »: buyer, plan and catalogue above; needs, then indicators by kind. */
export function synthesisTable(input: ReportInput): ReportTable {
  const rows = [...countRows(input), ...indicatorRows(input)].map((row) => [
    ...row,
    ...blank(COLUMNS.length - row.length),
  ]);
  return {
    id: 'synthese',
    preamble: preambleOf(input),
    columns: COLUMNS,
    rowCount: rows.length,
    rows: () => rows,
    dataBarColumns: SHARE_COLUMNS,
  };
}
