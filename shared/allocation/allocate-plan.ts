/**
 * Allocation of a plan's volumes to the matched suppliers (issue 5, point 5).
 *
 * Coverage is measured per need, as the share of its annual demand given to
 * suppliers, and each need counts once: the plan's coverage is the mean of
 * its needs' shares. Quantities of different needs are never added, since
 * kilograms, hours and meals do not sum; totals in quantity
 * (AllocationTotals.demand, allocated, distanceWeightedVolume) are kept for
 * plans in one unit and are not what the solver optimises.
 *
 * Order of the objectives, lexicographic (solve-allocation.ts): responsible
 * coverage first, then coverage, then Σ share × km. The greedy baseline
 * (greedy-allocation.ts) runs on the same problem for comparison.
 */
import type { MatchResult, Plan, Supplier } from '../model';
import { formatFrenchNumber } from '../plan/parse-french-number';
import type {
  Allocation,
  AllocationLine,
  AllocationTotals,
  NeedAllocation,
} from './allocation-types';
import { buildProblem, type AllocationProblem, type ProblemNeed } from './build-problem';
import { greedyShares } from './greedy-allocation';
import { solveAllocation, type SolveOptions } from './solve-allocation';

export interface AllocateOptions extends SolveOptions {
  /** Also run the greedy baseline and fill greedyTotals (default true). */
  compareWithGreedy?: boolean;
}

/** A share this close to 1 is a need fully covered (solver tolerance). */
const FULL = 1 - 1e-6;

const percent = (share: number): string => `${formatFrenchNumber(share * 100, 1)}\u00a0%`;

function names(problem: AllocationProblem, indices: number[]): string {
  return indices.map((i) => problem.lines[i]?.candidate.supplierName ?? '').join(', ');
}

/** The French note of a need, or null when it is fully covered and bounded. */
function noteOf(
  problem: AllocationProblem,
  need: ProblemNeed,
  shares: Float64Array,
): string | null {
  if (need.note) return need.note;
  const used = need.lineIndices.filter((i) => (shares[i] ?? 0) > 0);
  const share = used.reduce((sum, i) => sum + (shares[i] ?? 0), 0);
  const responsible = used
    .filter((i) => problem.lines[i]?.responsible)
    .reduce((sum, i) => sum + (shares[i] ?? 0), 0);
  const parts: string[] = [];
  if (share < FULL) {
    parts.push(
      `Couvert à ${percent(share)} (dont ${percent(responsible)} par des ` +
        'fournisseurs responsables) : les capacités connues des candidats ' +
        'ne suffisent pas pour le reste',
    );
  }
  const blocked = need.lineIndices.filter((i) => problem.lines[i]?.blocked);
  if (blocked.length > 0 && share < FULL) {
    parts.push(`minimum de commande hors de portée chez ${names(problem, blocked)}`);
  }
  const unbounded = used.filter((i) => problem.lines[i]?.capacity === null);
  if (unbounded.length > 0) {
    parts.push(
      `capacité à confirmer chez ${names(problem, unbounded)} : ` +
        'volume attribué sans plafond',
    );
  }
  if (parts.length === 0) return null;
  const text = parts.join(' ; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function needAllocation(
  problem: AllocationProblem,
  need: ProblemNeed,
  shares: Float64Array,
): NeedAllocation {
  const demand = need.demand;
  const lines: AllocationLine[] = [];
  for (const i of need.lineIndices) {
    const line = problem.lines[i];
    const share = shares[i] ?? 0;
    if (!line || share <= 0 || demand === null) continue;
    lines.push({
      needId: need.need.id,
      supplierId: line.candidate.supplierId,
      supplierName: line.candidate.supplierName,
      offerId: line.candidate.offerId,
      quantity: share * demand,
      unitCode: need.need.unitCode,
      distanceKm: line.distanceKm,
      responsible: line.responsible,
    });
  }
  const sum = (ls: AllocationLine[]): number => ls.reduce((s, l) => s + l.quantity, 0);
  return {
    needId: need.need.id,
    demand,
    unitCode: need.need.unitCode,
    allocated: sum(lines),
    responsibleAllocated: sum(lines.filter((l) => l.responsible)),
    lines,
    note: noteOf(problem, need, shares),
  };
}

/** Totals of an allocation; coverage as the mean share over needs with a quantity. */
export function totalsOf(needs: readonly NeedAllocation[]): AllocationTotals {
  const measured = needs.filter((n) => n.demand !== null && n.demand > 0);
  const mean = (share: (n: NeedAllocation) => number): number =>
    measured.length === 0
      ? 0
      : measured.reduce((s, n) => s + share(n), 0) / measured.length;
  let distanceWeightedVolume = 0;
  let shareWeightedKm = 0;
  for (const need of measured) {
    for (const line of need.lines) {
      distanceWeightedVolume += line.quantity * line.distanceKm;
      shareWeightedKm += (line.quantity / (need.demand ?? 1)) * line.distanceKm;
    }
  }
  return {
    demand: measured.reduce((s, n) => s + (n.demand ?? 0), 0),
    allocated: measured.reduce((s, n) => s + n.allocated, 0),
    responsibleAllocated: measured.reduce((s, n) => s + n.responsibleAllocated, 0),
    distanceWeightedVolume,
    needCount: measured.length,
    coverage: mean((n) => n.allocated / (n.demand ?? 1)),
    responsibleCoverage: mean((n) => n.responsibleAllocated / (n.demand ?? 1)),
    shareWeightedKm,
  };
}

function needsOf(problem: AllocationProblem, shares: Float64Array): NeedAllocation[] {
  return problem.needs.map((need) => needAllocation(problem, need, shares));
}

/** The sentences of the method, for the report and the screen. */
export function allocationMethodText(
  problem: AllocationProblem,
  method: Allocation['method'],
): string[] {
  const text = [
    'Chaque besoin compte pour un : sa couverture est la part de sa quantité ' +
      'annuelle attribuée, car des kilos, des heures et des repas ne ' +
      's’additionnent pas.',
    'Aucun fournisseur ne reçoit plus que sa capacité annuelle connue, sur ' +
      'l’ensemble des besoins qu’il sert ; un besoin peut être partagé entre ' +
      'plusieurs fournisseurs.',
    'Une ligne vers une offre qui a un minimum de commande est nulle ou ' +
      'atteint ce minimum à chaque commande.',
  ];
  if (method === 'solver') {
    text.push(
      'Le solveur HiGHS optimise dans l’ordre, sans compromis entre les ' +
        'critères : d’abord la couverture par des fournisseurs responsables, ' +
        'puis la couverture tous fournisseurs confondus, enfin la distance ' +
        '(part de chaque besoin × km). Chaque optimum est conservé, à un ' +
        'milliardième près, pendant l’étape suivante ; avec des minimums de ' +
        'commande, chaque étape est prouvée optimale à 0,01\u00a0% près.',
    );
  } else {
    text.push(
      'Affectation au fil de l’eau : besoin par besoin dans l’ordre du plan, ' +
        'le candidat le mieux classé d’abord, dans la capacité qui lui reste.',
    );
  }
  const unbounded = problem.unboundedSuppliers.length;
  if (unbounded > 0) {
    text.push(
      `Capacité inconnue chez ${formatFrenchNumber(unbounded)} ` +
        `fournisseur${unbounded > 1 ? 's' : ''} : « à confirmer », ` +
        'sans plafond dans le calcul, jamais remplacée par un chiffre.',
    );
  }
  return text;
}

function allocationOf(
  problem: AllocationProblem,
  method: Allocation['method'],
  status: string,
  shares: Float64Array,
  started: number,
): Allocation {
  const needs = needsOf(problem, shares);
  return {
    method,
    status,
    needs,
    totals: totalsOf(needs),
    unboundedSuppliers: problem.unboundedSuppliers,
    greedyTotals: null,
    elapsedMs: performance.now() - started,
    methodText: allocationMethodText(problem, method),
  };
}

/** The greedy baseline alone, as an Allocation (method "greedy"). */
export function greedyAllocation(
  plan: Plan,
  match: MatchResult,
  suppliersById: ReadonlyMap<string, Supplier>,
): Allocation {
  const started = performance.now();
  const problem = buildProblem(plan, match, suppliersById);
  return allocationOf(problem, 'greedy', 'greedy', greedyShares(problem), started);
}

/**
 * Assigns every need's annual volume to its candidates with HiGHS, within
 * the suppliers' capacities, and compares with the greedy baseline.
 */
export async function allocatePlan(
  plan: Plan,
  match: MatchResult,
  suppliersById: ReadonlyMap<string, Supplier>,
  options: AllocateOptions = {},
): Promise<Allocation> {
  const started = performance.now();
  const problem = buildProblem(plan, match, suppliersById);
  const greedy = greedyShares(problem);
  const solved = await solveAllocation(problem, options);
  const shares = solved.shares ?? greedy;
  const allocation = allocationOf(problem, 'solver', solved.status, shares, started);
  if (solved.status !== 'Optimal' && solved.status !== 'Empty') {
    allocation.methodText.push(
      `Le calcul s’est arrêté avant la preuve d’optimalité (${solved.status}) : ` +
        'l’affectation respecte les capacités et les minimums, mais une ' +
        'meilleure peut exister ; elle a été complétée au fil de l’eau.',
    );
  }
  if (options.compareWithGreedy !== false) {
    allocation.greedyTotals = totalsOf(needsOf(problem, greedy));
  }
  return allocation;
}
