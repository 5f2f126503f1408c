/** The allocation of a plan written out for the buyer: lines, what is left, totals. */
import type {
  Allocation,
  AllocationTotals,
  NeedAllocation,
} from '../allocation/allocation-types';
import type { MatchResult, Need, Plan } from '../model';
import { CANONICAL_UNITS } from '../plan/units';
import { unitWord } from './unit-words';
import { formatFrenchNumber } from '../plan/parse-french-number';
import { formatKm } from './french-format';
import { formatShare, shareOf } from './format-share';

/** One supplier's share of a need, as shown in a table row. */
export interface AllocationLineView {
  supplierId: string;
  supplierName: string;
  quantity: string;
  distance: string;
  responsible: string;
}

/** One need: its demand, what was allocated, and what is left with the reason. */
export interface NeedAllocationView {
  needId: string;
  title: string;
  demand: string;
  allocated: string;
  coverage: string;
  /** « besoin 1 000 kg, affecté 900 kg (90,0 %) », or « quantité inconnue ». */
  summary: string;
  lines: AllocationLineView[];
  /** « 20 kg » when part of the need is not covered, else null. */
  uncovered: string | null;
  note: string | null;
}

/** The French symbol of a canonical unit; the unit as written when there is no code. */
export function unitName(
  unitCode: string | null,
  need: Need | null,
  quantity: number,
): string {
  if (unitCode === null) return need?.unit?.trim() ?? '';
  // « u », « h », « j » read badly in a sentence: « unités », « heures », « jours ».
  const canonical = Object.values(CANONICAL_UNITS).find((u) => u.code === unitCode);
  return canonical ? unitWord(canonical.symbol, quantity) : unitCode;
}

/** 1250.5 kg → « 1 250,5 kg »; a quantity without unit is the number alone. */
export function formatQuantity(
  quantity: number,
  unitCode: string | null,
  need: Need | null,
): string {
  const unit = unitName(unitCode, need, quantity);
  const number = formatFrenchNumber(quantity, 2);
  return unit === '' ? number : `${number}\u00a0${unit}`;
}

/**
 * A gap below this part of the demand is the solver's tolerance, not a gap:
 * HiGHS gives 12 499,99995 of 12 500 meals for a need it fully covers
 * (allocate-plan.ts counts a share above 1 − 10⁻⁶ as full).
 */
const RELATIVE_TOLERANCE = 1e-6;

/** The part of a need's demand no supplier received; 0 when covered or unknown. */
export function uncoveredQuantity(need: NeedAllocation): number {
  if (need.demand === null) return 0;
  const left = need.demand - need.allocated;
  return left > need.demand * RELATIVE_TOLERANCE ? left : 0;
}

/** The need's allocation as rows and sentences, its title taken from the plan. */
export function needAllocationView(
  allocation: NeedAllocation,
  need: Need | null,
): NeedAllocationView {
  const unitCode = allocation.unitCode;
  const left = uncoveredQuantity(allocation);
  const demand =
    allocation.demand === null
      ? 'quantité inconnue'
      : formatQuantity(allocation.demand, unitCode, need);
  const allocated = formatQuantity(allocation.allocated, unitCode, need);
  const coverage = formatShare(shareOf(allocation.allocated, allocation.demand));
  return {
    needId: allocation.needId,
    title: need?.title ?? `Besoin ${allocation.needId} (absent du plan)`,
    demand,
    allocated,
    coverage,
    summary:
      allocation.demand === null
        ? 'quantité inconnue'
        : `besoin ${demand}, affecté ${allocated} (${coverage})`,
    lines: allocation.lines.map((line) => ({
      supplierId: line.supplierId,
      supplierName: line.supplierName,
      quantity: formatQuantity(line.quantity, line.unitCode, need),
      distance: formatKm(line.distanceKm),
      responsible: line.responsible ? 'Oui' : 'Non',
    })),
    uncovered: left > 0 ? formatQuantity(left, unitCode, need) : null,
    note: allocation.note,
  };
}

/** Every need of the allocation, in its order, titled from the plan. */
export function allocationViews(
  allocation: Allocation,
  plan: Plan,
): NeedAllocationView[] {
  const needs = new Map(plan.needs.map((n) => [n.id, n]));
  return allocation.needs.map((n) => needAllocationView(n, needs.get(n.needId) ?? null));
}

/**
 * Coverage and responsible coverage of a set of totals, as ratios: the mean
 * over the needs with a quantity, each need counting once (units differ);
 * null when no need has a quantity.
 */
export function coverageOf(totals: AllocationTotals): {
  coverage: number | null;
  responsibleCoverage: number | null;
} {
  return totals.needCount > 0
    ? { coverage: totals.coverage, responsibleCoverage: totals.responsibleCoverage }
    : { coverage: null, responsibleCoverage: null };
}

/** Σ quantity × km, rounded to a whole number: « 12 346 ». */
export function formatDistanceWeighted(value: number): string {
  return formatFrenchNumber(value, 0);
}

/**
 * Σ quantity × km of the allocation's lines, unit by unit, since kilograms
 * and meals do not add up: « 6 120 kg × km », « 416 unités × km ».
 */
export function distanceWeightedByUnit(allocation: Allocation, plan: Plan): string[] {
  const needs = new Map(plan.needs.map((n) => [n.id, n]));
  const byUnit = new Map<string, number>();
  for (const line of allocation.needs.flatMap((n) => n.lines)) {
    const unit =
      unitName(line.unitCode, needs.get(line.needId) ?? null, 2) || 'sans unité';
    byUnit.set(unit, (byUnit.get(unit) ?? 0) + line.quantity * line.distanceKm);
  }
  return [...byUnit].map(
    ([unit, value]) => `${formatDistanceWeighted(value)}\u00a0${unit} × km`,
  );
}

/** Σ (share of the need) × km, the solver's distance objective: « 14,1 km ». */
export function formatShareWeightedKm(totals: AllocationTotals): string {
  return formatKm(totals.shareWeightedKm);
}

/** allocate-plan.ts marks a solve without solution that fell back on the greedy shares. */
const GREEDY_FALLBACK = ' (repli glouton)';

/**
 * The solver against the greedy baseline in one sentence: « L’optimisation
 * couvre 92,0 % avec des fournisseurs responsables, contre 81,5 % pour
 * l’affectation au fil de l’eau. »
 */
export function comparisonSentence(allocation: Allocation): string {
  const own = coverageOf(allocation.totals).responsibleCoverage;
  if (own === null) return 'Aucun besoin n’a de quantité : il n’y a rien à affecter.';
  if (allocation.method === 'greedy') {
    return (
      `L’affectation au fil de l’eau (sans solveur) couvre ${formatShare(own)} ` +
      'avec des fournisseurs responsables.'
    );
  }
  if (allocation.status.endsWith(GREEDY_FALLBACK)) {
    return (
      `Sans solution du solveur, l’affectation au fil de l’eau couvre ${formatShare(own)} ` +
      'avec des fournisseurs responsables.'
    );
  }
  const greedy = allocation.greedyTotals
    ? coverageOf(allocation.greedyTotals).responsibleCoverage
    : null;
  if (greedy === null) {
    return (
      `L’optimisation couvre ${formatShare(own)} avec des fournisseurs ` +
      'responsables ; l’affectation au fil de l’eau n’a pas été calculée pour comparer.'
    );
  }
  return (
    `L’optimisation couvre ${formatShare(own)} avec des fournisseurs responsables, ` +
    `contre ${formatShare(greedy)} pour l’affectation au fil de l’eau.`
  );
}

/** HiGHS model statuses (highs-js) in French; others are quoted as they are. */
const SOLVER_STATUS_NAMES: Record<string, string> = {
  Optimal: 'solution optimale',
  Empty: 'aucun volume à affecter',
  Infeasible: 'problème infaisable',
  Unbounded: 'problème non borné',
  'Time limit reached': 'limite de temps atteinte',
  'Iteration limit reached': 'limite d’itérations atteinte',
  'Solution limit reached': 'limite de solutions atteinte',
  'Interrupted by user': 'calcul interrompu',
  greedy: 'affectation au fil de l’eau',
};

/** « Méthode : solution optimale (solveur HiGHS), calculée en 12 ms. » */
export function methodLine(allocation: Allocation): string {
  const fellBack = allocation.status.endsWith(GREEDY_FALLBACK);
  const raw = fellBack
    ? allocation.status.slice(0, -GREEDY_FALLBACK.length)
    : allocation.status;
  const status = SOLVER_STATUS_NAMES[raw] ?? `statut « ${raw} »`;
  const solver = allocation.method === 'solver' ? ' (solveur HiGHS)' : '';
  const fallback = fellBack
    ? ' ; sans solution du solveur, l’affectation au fil de l’eau est retenue'
    : '';
  return (
    `Méthode : ${status}${solver}${fallback}, calculée en ` +
    `${formatFrenchNumber(allocation.elapsedMs, 0)}\u00a0ms.`
  );
}

/**
 * The names of the suppliers whose capacity is « à confirmer »: the
 * allocation lists them by id or by name, the lines and candidates know the
 * names; an entry found nowhere is shown as it is.
 */
export function unboundedSupplierNames(
  allocation: Allocation,
  match: MatchResult,
): string[] {
  const names = new Map<string, string>();
  for (const need of match.needs) {
    for (const c of need.candidates) names.set(c.supplierId, c.supplierName);
  }
  for (const need of allocation.needs) {
    for (const line of need.lines) names.set(line.supplierId, line.supplierName);
  }
  return allocation.unboundedSuppliers.map((entry) => names.get(entry) ?? entry);
}
