/** Plan indicators written out for the screen: shares as bars, transport, EGalim. */
import type { EgalimIndicator, PlanIndicators } from '../indicators/indicator-types';
import { formatFrenchNumber } from '../plan/parse-french-number';
import { formatEuros, formatKm, formatNumber } from './french-format';
import { barWidth, formatShare, shareOf } from './format-share';
import { deliveredWord, unitWord } from './unit-words';

/** One bar: the ratio drawn, the value written beside it, and a detail in words. */
export interface ShareBar {
  width: string;
  value: string;
  detail: string;
}

/** One line of the indicators table: a kind of supplier and its four shares. */
export interface IndicatorRow {
  key: string;
  label: string;
  needsBefore: ShareBar;
  budgetBefore: ShareBar;
  volumeAfter: ShareBar;
  budgetAfter: ShareBar;
}

function bar(ratio: number | null, detail: string): ShareBar {
  return { width: barWidth(ratio), value: formatShare(ratio), detail };
}

function needsDetail(needs: number, needCount: number): string {
  return `${formatNumber(needs)} sur ${formatNumber(needCount)}`;
}

/** « 30 000,00 € », then « + 1 besoin sans budget » when the sum leaves some out. */
function budgetDetail(budget: number, needsWithoutBudget: number): string {
  if (needsWithoutBudget === 0) return formatEuros(budget);
  const needs = needsWithoutBudget > 1 ? 'besoins sans budget' : 'besoin sans budget';
  return `${formatEuros(budget)} + ${formatNumber(needsWithoutBudget)} ${needs}`;
}

const NOT_ALLOCATED = 'non affecté';

/**
 * The two after-allocation bars of a kind, or « non affecté » when not
 * computed. Older results lack the budget share: it is then the allocated
 * budget over the plan's known budget, as planIndicators defines it.
 */
function afterBars(
  figures: {
    allocatedShare?: number | null;
    allocatedBudget?: number | null;
    allocatedBudgetShare?: number | null;
  },
  budgetTotal: number,
): Pick<IndicatorRow, 'volumeAfter' | 'budgetAfter'> {
  const share = figures.allocatedShare ?? null;
  const budget = figures.allocatedBudget ?? null;
  const budgetShare =
    figures.allocatedBudgetShare !== undefined
      ? figures.allocatedBudgetShare
      : budget === null
        ? null
        : shareOf(budget, budgetTotal);
  return {
    volumeAfter: bar(share, share === null ? NOT_ALLOCATED : ''),
    budgetAfter:
      budget === null ? bar(null, NOT_ALLOCATED) : bar(budgetShare, formatEuros(budget)),
  };
}

/**
 * Each kind, then « au moins un fournisseur responsable »: share of the needs
 * and of the known budget with a supplier in range, then the share of the
 * demand (mean over the needs with a quantity) and of the budget given to
 * that kind by the allocation.
 */
export function indicatorRows(indicators: PlanIndicators): IndicatorRow[] {
  const kindRows = indicators.kinds.map((k) => ({
    key: k.kind,
    label: k.label,
    needsBefore: bar(k.needShare, needsDetail(k.needs, indicators.needCount)),
    budgetBefore: bar(k.budgetShare, budgetDetail(k.budget, k.needsWithoutBudget ?? 0)),
    ...afterBars(k, indicators.budgetTotal),
  }));
  const any = indicators.anyResponsible;
  const anyRow: IndicatorRow = {
    key: 'any',
    label: 'Au moins un fournisseur responsable',
    needsBefore: bar(any.needShare, needsDetail(any.needs, indicators.needCount)),
    budgetBefore: bar(any.budgetShare, formatEuros(any.budget)),
    ...afterBars(any, indicators.budgetTotal),
  };
  return [...kindRows, anyRow];
}

/** How the after-allocation shares are taken, with the needs left out. */
export function afterAllocationNote(indicators: PlanIndicators): string {
  const over = indicators.needsWithQuantity;
  if (over === 0) {
    return (
      'Après affectation : aucun besoin n’a de quantité, rien n’est affecté ; ' +
      'les parts après affectation ne peuvent pas être calculées.'
    );
  }
  const needs =
    over === undefined
      ? 'les besoins'
      : `${formatNumber(over)} ${over > 1 ? 'besoins' : 'besoin'}`;
  const base =
    'Après affectation : part de la demande de chaque besoin donnée à ce type de ' +
    `fournisseur, en moyenne sur ${needs} avec une quantité, chacun comptant une fois.`;
  const left = indicators.needsWithoutQuantity ?? 0;
  if (left === 0) return base;
  return `${base} ${formatNumber(left)} ${
    left > 1
      ? 'besoins sans quantité ne sont pas affectés'
      : 'besoin sans quantité n’est pas affecté'
  }.`;
}

/** « 7 besoins, dont 5 avec un budget (total 120 000,00 € HT) ». */
export function planLine(indicators: PlanIndicators): string {
  const needs = `${formatNumber(indicators.needCount)} ${
    indicators.needCount > 1 ? 'besoins' : 'besoin'
  }`;
  if (indicators.needsWithBudget === 0) return `${needs}, aucun avec un budget.`;
  return (
    `${needs}, dont ${formatNumber(indicators.needsWithBudget)} avec un budget ` +
    `(total ${formatEuros(indicators.budgetTotal)} HT).`
  );
}

/**
 * The estimated transport, one sentence per unit (kilograms and meals do not
 * add up), or why there is none.
 */
export function transportLines(indicators: PlanIndicators): string[] {
  const transport = indicators.transport;
  if (!transport) {
    return ['Transport non estimé : l’affectation des volumes n’a pas été calculée.'];
  }
  const byUnit = transport.byUnit;
  if (byUnit === undefined) {
    // A result without the split by unit: the total mixes units, say so.
    const total =
      'Transport estimé après affectation : ' +
      `${formatFrenchNumber(transport.distanceWeightedVolume, 0)} (quantité × km, ` +
      'unités mêlées)';
    return [
      transport.meanKm === null
        ? `${total}.`
        : `${total}, soit ${formatKm(transport.meanKm)} en moyenne par unité livrée.`,
    ];
  }
  if (byUnit.length === 0) {
    return ['Transport estimé après affectation : aucun volume livré.'];
  }
  return byUnit.map((u) => {
    const unit = u.symbol === '' ? 'sans unité' : unitWord(u.symbol, 2);
    const volume =
      u.symbol === ''
        ? `${formatFrenchNumber(u.volume, 2)} sans unité`
        : `${formatFrenchNumber(u.volume, 2)} ${unitWord(u.symbol, u.volume)} ` +
          deliveredWord(u.symbol, u.volume);
    const total =
      `Transport estimé (${unit}) : ${formatFrenchNumber(u.distanceWeightedVolume, 0)} ` +
      `${unit} × km pour ${volume}`;
    return u.meanKm === null
      ? `${total}.`
      : `${total}, soit ${formatKm(u.meanKm)} en moyenne.`;
  });
}

/** One EGalim figure against its target, with the verdict in words. */
export interface EgalimLine {
  key: 'sustainable' | 'bio';
  label: string;
  bar: ShareBar;
  target: string;
  targetWidth: string;
  verdict: string;
}

/** « atteint », « non atteint : 8,5 points de moins », or « inconnu ». */
export function targetVerdict(share: number | null, target: number): string {
  if (share === null) return 'inconnu';
  if (share >= target) return 'atteint';
  const gap = Math.round((target - share) * 1000) / 10;
  // French agrees « point » in the singular below 2: « 1,5 point ».
  const unit = gap < 2 ? 'point' : 'points';
  return `non atteint : ${formatFrenchNumber(gap, 1)} ${unit} de moins`;
}

/**
 * EGalim targets (art. L230-5-1 du code rural et de la pêche maritime), as
 * shares: used when a result does not carry its own.
 */
export const EGALIM_TARGETS = { sustainable: 0.5, bio: 0.2 } as const;

/** The targets the result carries, else the legal ones. */
export function egalimTargets(egalim: EgalimIndicator): {
  sustainable: number;
  bio: number;
} {
  return egalim.targets ?? EGALIM_TARGETS;
}

/**
 * The two EGalim figures, durable first, bio second, each against its target;
 * not computable (rather than 0 %) when no catering need has a quantity.
 */
export function egalimLines(egalim: EgalimIndicator): EgalimLine[] {
  const targets = egalimTargets(egalim);
  const noQuantity = egalim.needsWithQuantity === 0;
  const line = (
    key: EgalimLine['key'],
    label: string,
    share: number | null,
    target: number,
  ): EgalimLine => ({
    key,
    label,
    bar: bar(share, ''),
    target: formatShare(target),
    targetWidth: barWidth(target),
    verdict: noQuantity
      ? 'non calculable : aucun besoin de restauration n’a de quantité'
      : targetVerdict(share, target),
  });
  return [
    line(
      'sustainable',
      'Produits durables et de qualité (bio compris)',
      egalim.sustainableShare,
      targets.sustainable,
    ),
    line('bio', 'dont produits biologiques', egalim.bioShare, targets.bio),
  ];
}

/** « 3 besoins de restauration collective (1 sans budget), budget 40 000,00 € HT. » */
export function egalimScope(egalim: EgalimIndicator): string {
  const budget = `${formatEuros(egalim.cateringBudget)} HT`;
  if (egalim.needs === undefined) return `Budget de restauration collective : ${budget}.`;
  const needs = `${formatNumber(egalim.needs)} ${
    egalim.needs > 1 ? 'besoins' : 'besoin'
  } de restauration collective`;
  const without = egalim.needsWithoutBudget ?? 0;
  const missing = without > 0 ? ` (${formatNumber(without)} sans budget)` : '';
  return `${needs}${missing}, budget ${budget}.`;
}
