/**
 * The three lexicographic phases of the allocation, run on one HiGHS model
 * (see solve-allocation.ts for the order of the criteria and the rounds of
 * binaries). Two ways keep an earlier phase's optimum while a later one runs:
 *
 * - Rows (pure LP): a row « earlier objective ≥ its optimum less 1e-9 ». Cheap
 *   for the simplex, exact.
 * - Folded weights, checked (MIP): the phase maximises its own objective plus
 *   the earlier ones times weights, with no extra row; then the answer is
 *   checked to keep each earlier optimum (less 1e-9). A dense row of 6,000
 *   shares made HiGHS spend its root cuts on it (a phase of 15–40 s on the
 *   bench's block of 1,000 needs); the weighted phase takes under a second.
 *
 * Why the folded weights are exact once the check passes, whatever the
 * weights: let F = f + Σ w_j g_j (w_j > 0, each g_j oriented so that more is
 * better) and x the answer, F-optimal within the absolute gap ε. For any
 * feasible y at least as good as x on every earlier criterion (g_j(y) ≥
 * g_j(x)), f(y) = F(y) − Σ w_j g_j(y) ≤ F(x) + ε − Σ w_j g_j(x) = f(x) + ε.
 * With the check (g_j(x) ≥ its optimum less 1e-9), nothing beats x on an
 * earlier criterion, and nothing as good on them beats it by more than ε on
 * this one: x is lexicographically optimal, within the gaps the rows allow.
 * The weights only make the check likely to pass; they start at twice the
 * exchange rates (row duals) of the pure LP round, are raised tenfold when
 * the check fails, and the row is the last resort.
 */
import type { Highs, HighsCallbackMap, InterruptCallbackEvent, Model } from 'highs';
import type { AllocationProblem } from './build-problem';
import { STATUS_NAMES } from './highs-model';

/**
 * Relative slack allowed on a phase's optimum when the next phase runs. Any
 * slack is spent by the next phase (a need uncovered by 1e-6 saves km), so it
 * stays far below the solver's feasibility tolerance (1e-7); a phase made
 * infeasible by it is run again with RETRY_TOLERANCE.
 */
// allocate-plan.ts says « à un milliardième près »: keep both in step.
export const PHASE_TOLERANCE = 1e-9;
const RETRY_TOLERANCE = 1e-6;
/** HiGHS's own default MIP gap: a phase's optimum is proven within 0.01 %. */
export const DEFAULT_MIP_GAP = 1e-4;
/** HiGHS's default absolute MIP gap, set back after a weighted phase. */
const MIP_ABS_GAP = 1e-6;
/** Weights tried before falling back to the row: start, ×10, ×100. */
const WEIGHT_TRIES = 3;

export interface PhaseResult {
  name: 'responsable' | 'couverture' | 'distance';
  status: string;
  /** Objective reached, computed from the shares. */
  objective: number;
  /** Time spent in HiGHS for this phase, ms. */
  elapsedMs: number;
}

export interface Phase {
  name: PhaseResult['name'];
  maximise: boolean;
  /** Cost of each share column. */
  cost: (lineIndex: number) => number;
}

/** The phases of a problem: responsible coverage, coverage, distance. */
export function phasesOf(problem: AllocationProblem): Phase[] {
  const lines = problem.lines;
  const phases: Phase[] = [];
  if (lines.some((l) => l.responsible)) {
    phases.push({
      name: 'responsable',
      maximise: true,
      cost: (i) => (lines[i]?.responsible ? 1 : 0),
    });
  }
  phases.push({ name: 'couverture', maximise: true, cost: () => 1 });
  if (lines.some((l) => l.distanceKm > 0)) {
    phases.push({
      name: 'distance',
      maximise: false,
      cost: (i) => lines[i]?.distanceKm ?? 0,
    });
  }
  return phases;
}

/** An earlier phase's optimum, kept while the later phases run. */
export interface KeptOptimum {
  phase: number;
  objective: number;
}

/**
 * Exchange rates between the phases, read from the pure LP round: rate[k][j]
 * is the dual of phase j's kept row while phase k runs, i.e. how much of
 * phase k's objective one unit of phase j's is worth at the margin.
 */
export type ExchangeRates = number[][];

export interface PhasesRun {
  /** Shares (the first problem.lines.length columns) of the last phase run. */
  best: Float64Array | null;
  /** Every column of the last phase run, for a MIP start. */
  columns: Float64Array | null;
  status: string;
  phases: PhaseResult[];
  /** Optimum of each phase run, in phase order. */
  kept: KeptOptimum[];
  /** Filled by a pure LP run; empty otherwise. */
  rates: ExchangeRates;
  /** The last objective solved, with HiGHS's bound on it (see repair-answer.ts). */
  last: SolvedObjective | null;
  /** The last phase ran with its binaries fixed (PhasesPlan.scoutLast). */
  scouted: boolean;
}

/** An objective HiGHS solved: its costs, sense, proven bound and gap allowed. */
export interface SolvedObjective {
  costs: Float64Array;
  maximise: boolean;
  /** HiGHS's dual bound: no feasible answer of that model does better. */
  bound: number;
  gap: number;
}

export interface PhasesPlan {
  deadline: number;
  /** Relative MIP gap of each phase (DEFAULT_MIP_GAP unless asked otherwise). */
  mipGap: number;
  /** Column of each line's binary; empty for a pure LP. */
  binaryOf: ReadonlyMap<number, number>;
  /** Rates of the LP round, to weigh the earlier phases in a MIP round. */
  rates: ExchangeRates;
  /**
   * Run the last phase with every binary fixed where the phase before left
   * it: an LP, not a proof, whose answer only shows which lines break their
   * minimum. The run says so (PhasesRun.scouted).
   */
  scoutLast?: boolean;
  /**
   * Run only the phases from this one, held to these earlier optima by the
   * weights alone: one try, no row; status "Not Set" when they are missed.
   */
  from?: { phase: number; kept: KeptOptimum[]; start: Float64Array | null };
}

/**
 * Callbacks that interrupt HiGHS past the deadline. Its own time_limit is
 * looked at between steps and overshoots by seconds in a MIP's root cuts;
 * the simplex callback comes at every iteration, the MIP one between steps.
 */
export function stopAt(highs: Highs, deadline: number): HighsCallbackMap {
  const stop = (event: InterruptCallbackEvent): undefined => {
    if (Date.now() > deadline) event.interrupt();
    return undefined;
  };
  return {
    [highs.constants.callbackType.simplexInterrupt]: stop,
    [highs.constants.callbackType.mipInterrupt]: stop,
  };
}

/** Σ cost × share over the lines. */
export function valueOf(
  costs: Float64Array,
  shares: Float64Array,
  lineCount: number,
): number {
  let v = 0;
  for (let i = 0; i < lineCount; i++) v += (costs[i] ?? 0) * (shares[i] ?? 0);
  return v;
}

export const slackOf = (objective: number, tolerance: number): number =>
  tolerance * Math.max(1, Math.abs(objective));

/** Runs the phases on the model; see the file's comment for the two ways. */
export function runPhases(
  model: Model,
  problem: AllocationProblem,
  highs: Highs,
  plan: PhasesPlan,
): PhasesRun {
  const mip = plan.binaryOf.size > 0;
  const lineCount = problem.lines.length;
  const numCols = model.getDimensions().numCols;
  const phases = phasesOf(problem);
  const costsOf = phases.map((phase) => {
    const costs = new Float64Array(numCols);
    for (let i = 0; i < lineCount; i++) costs[i] = phase.cost(i);
    return costs;
  });
  const run: PhasesRun = {
    best: null,
    columns: plan.from?.start ?? null,
    status: 'Optimal',
    phases: [],
    kept: [...(plan.from?.kept ?? [])],
    rates: [],
    last: null,
    scouted: false,
  };
  // Rows already added to the model, per kept phase.
  const rows = new Map<number, number>();

  const solve = (costs: Float64Array, maximise: boolean, gap: number | null): void => {
    run.last = { costs, maximise, bound: NaN, gap: gap ?? NaN };
    model.changeColsCost({ kind: 'range', from: 0, to: numCols - 1 }, costs);
    model.changeObjectiveSense(
      maximise
        ? highs.constants.objectiveSense.maximize
        : highs.constants.objectiveSense.minimize,
    );
    // HiGHS's clock adds up over the runs of one model and time_limit is
    // read against it: without a reset, a later phase ran out at once.
    model.zeroAllClocks();
    model.options.set({
      time_limit: Math.max(0.1, (plan.deadline - Date.now()) / 1000),
      ...(gap === null ? {} : { mip_rel_gap: 0, mip_abs_gap: gap }),
    });
    // The last answer meets every row of the model: a feasible MIP start.
    if (mip && run.columns) model.setSolution({ colValue: run.columns });
    model.run(stopAt(highs, plan.deadline));
    if (run.last && model.getModelStatus() === highs.constants.modelStatus.optimal) {
      // A pure LP's optimum is its own bound.
      run.last.bound = mip
        ? Number(model.info.get('mip_dual_bound'))
        : model.getObjectiveValue();
    }
  };
  const addRow = (kept: KeptOptimum): void => {
    if (rows.has(kept.phase)) return;
    const costs = costsOf[kept.phase] as Float64Array;
    const indices: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < lineCount; i++) {
      if (costs[i] !== 0) {
        indices.push(i);
        values.push(costs[i] ?? 0);
      }
    }
    const slack = slackOf(kept.objective, PHASE_TOLERANCE);
    if (phases[kept.phase]?.maximise)
      model.addRow(kept.objective - slack, highs.infinity, { indices, values });
    else model.addRow(-highs.infinity, kept.objective + slack, { indices, values });
    rows.set(kept.phase, model.getDimensions().numRows - 1);
  };
  // The earlier optima the answer misses (beyond PHASE_TOLERANCE).
  const missed = (shares: Float64Array): KeptOptimum[] =>
    run.kept.filter((k) => {
      const v = valueOf(costsOf[k.phase] as Float64Array, shares, lineCount);
      const slack = slackOf(k.objective, PHASE_TOLERANCE);
      return phases[k.phase]?.maximise
        ? v < k.objective - slack
        : v > k.objective + slack;
    });
  const feasible = (): boolean => Number(model.info.get('primal_solution_status')) === 2;

  for (let p = plan.from?.phase ?? 0; p < phases.length; p++) {
    const phase = phases[p] as Phase;
    const costs = costsOf[p] as Float64Array;
    const phaseStart = performance.now();
    if (plan.scoutLast && mip && p === phases.length - 1 && run.columns) {
      for (const column of plan.binaryOf.values()) {
        const y = Math.round(run.columns[column] ?? 0);
        model.changeColBounds(column, y, y);
      }
      run.scouted = true;
    }
    let folded = false;
    if (mip && run.kept.length > 0) {
      // Gap on this phase's own scale, not on the weighted sum's.
      const own = run.columns ? valueOf(costs, run.columns, lineCount) : 1;
      const gap = plan.mipGap * Math.max(1, Math.abs(own));
      const weights = weightsOf(plan.rates, p, run.kept);
      const tries = plan.from ? 1 : WEIGHT_TRIES;
      for (let t = 0; t < tries && !folded; t++) {
        const scale = 10 ** t;
        const combined = Float64Array.from(costs);
        for (const k of run.kept) {
          // Oriented so that more weight always pulls towards phase k's optimum.
          const sign = phases[k.phase]?.maximise === phase.maximise ? 1 : -1;
          const w = sign * scale * (weights.get(k.phase) ?? 1);
          const earlier = costsOf[k.phase] as Float64Array;
          for (let i = 0; i < lineCount; i++) {
            combined[i] = (combined[i] ?? 0) + w * (earlier[i] ?? 0);
          }
        }
        solve(combined, phase.maximise, gap);
        if (!feasible() || Date.now() > plan.deadline) break;
        const shares = model.getSolution().colValue;
        folded =
          model.getModelStatus() === highs.constants.modelStatus.optimal &&
          missed(shares).length === 0;
      }
      model.options.set({ mip_rel_gap: plan.mipGap, mip_abs_gap: MIP_ABS_GAP });
    }
    if (!folded && plan.from && mip && run.kept.length > 0) {
      run.status = 'Not Set';
      break;
    }
    const foldedMissed = mip && run.kept.length > 0 && !folded;
    if (foldedMissed && Date.now() > plan.deadline) {
      // Out of time before the rows could run: the answer may miss an
      // earlier optimum, so it is kept but not called optimal.
      if (feasible()) {
        run.columns = model.getSolution().colValue.slice();
        run.best = run.columns.slice(0, lineCount);
      }
      run.status =
        STATUS_NAMES[highs.constants.modelStatus.timeLimit] ?? 'Time limit reached';
      break;
    }
    if (!folded) {
      for (const k of run.kept) addRow(k);
      solve(costs, phase.maximise, null);
      const last = run.kept[run.kept.length - 1];
      const row = last ? rows.get(last.phase) : undefined;
      if (
        last &&
        row !== undefined &&
        model.getModelStatus() === highs.constants.modelStatus.infeasible
      ) {
        const slack = slackOf(last.objective, RETRY_TOLERANCE);
        if (phases[last.phase]?.maximise)
          model.changeRowBounds(row, last.objective - slack, highs.infinity);
        else model.changeRowBounds(row, -highs.infinity, last.objective + slack);
        solve(costs, phase.maximise, null);
      }
    }

    let code: number = model.getModelStatus();
    // Our own deadline interrupts HiGHS: it is the time limit all the same.
    if (code === highs.constants.modelStatus.interrupted) {
      code = highs.constants.modelStatus.timeLimit;
    }
    const phaseStatus = STATUS_NAMES[code] ?? `Statut ${code}`;
    if (!feasible()) {
      run.status = phaseStatus;
      break;
    }
    const solution = model.getSolution();
    run.columns = solution.colValue.slice();
    if (run.last && Number.isNaN(run.last.gap)) {
      run.last.gap = plan.mipGap * Math.max(1, Math.abs(model.getObjectiveValue()));
    }
    run.best = run.columns.slice(0, lineCount);
    const objective = valueOf(costs, run.best, lineCount);
    const elapsedMs = performance.now() - phaseStart;
    run.phases.push({ name: phase.name, status: phaseStatus, objective, elapsedMs });
    if (!mip)
      run.rates[p] = run.kept.map((k) =>
        Math.abs(solution.rowDual[rows.get(k.phase) ?? -1] ?? 0),
      );
    if (code !== highs.constants.modelStatus.optimal) {
      // A solution not proven optimal cannot be kept for the next phase.
      run.status = phaseStatus;
      break;
    }
    if (costs.some((c) => c !== 0)) run.kept.push({ phase: p, objective });
  }
  return run;
}

/**
 * Weight of each earlier phase while phase p runs: twice its LP exchange
 * rate (at least 1), and for an older phase at least its rate through the
 * phase in between, so that the order of the earlier phases holds too.
 */
function weightsOf(
  rates: ExchangeRates,
  p: number,
  kept: readonly KeptOptimum[],
): Map<number, number> {
  const weights = new Map<number, number>();
  // Newest first: an older phase's weight builds on the newer ones'.
  for (let idx = kept.length - 1; idx >= 0; idx--) {
    const k = kept[idx] as KeptOptimum;
    let w = 2 * Math.max(1, rates[p]?.[idx] ?? 1);
    for (let newer = idx + 1; newer < kept.length; newer++) {
      const via = kept[newer] as KeptOptimum;
      const inner = 2 * Math.max(1, rates[via.phase]?.[idx] ?? 1);
      w = Math.max(w, (weights.get(via.phase) ?? 1) * inner);
    }
    weights.set(k.phase, w);
  }
  return weights;
}
