/**
 * The allocation solved by HiGHS (WebAssembly), lexicographically, in three
 * phases on one persistent model:
 * 1. maximise Σ shares given to responsible suppliers;
 * 2. keeping that optimum (less 1e-9 of it), maximise Σ shares;
 * 3. keeping both, minimise Σ share × km.
 * Phases rather than one weighted objective: weights that provably respect
 * the order would have to separate 1,000 needs × 10 candidates × hundreds of
 * km, i.e. ratios near 1e-9, below the solver's own tolerances (1e-7).
 *
 * Variables are shares of each need's demand (0…1), so every coefficient is
 * a ratio near 1. A line to an offer with a known minimum order is 0 or at
 * least that minimum through a binary y (share ≤ upper × y, share ≥
 * minimum × y). Binaries are added lazily: the phases first run with none;
 * the lines whose share falls strictly between 0 and their minimum get one,
 * and the phases run again, until no line breaks its minimum. The answer of a
 * relaxation that meets every minimum is optimal for the full problem, so
 * this is exact, and a plan whose minimums do not bind stays a pure LP.
 *
 * Independent parts of the plan are solved apart (split-problem.ts). A MIP
 * phase is proven within HiGHS's default gap (0.01 %). Past the time limit
 * (10 s by default) the best answer found is kept, topped up the greedy way,
 * and its status is not "Optimal". Known weak spot: phases 2–3 of a MIP over
 * one block of 1,000 competing needs (allocation.bench.ts, bloc-minimums)
 * spend seconds in HiGHS's root cuts and stop at the time limit.
 */
import highsLoader, {
  type Highs,
  type HighsCallbackMap,
  type InterruptCallbackEvent,
  type Model,
} from 'highs';
import type { AllocationProblem } from './build-problem';
import { greedyShares } from './greedy-allocation';
import { binaryColumns, modelData, STATUS_NAMES } from './highs-model';
import { splitProblem } from './split-problem';

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
const DEFAULT_MIP_GAP = 1e-4;
/**
 * Shares below this are solver noise (the feasibility tolerance, or the
 * slack a later phase spends) and become 0: a ten-millionth of a need.
 */
const ZERO_SHARE = 1e-7;

export interface SolveOptions {
  /** A loaded HiGHS runtime; loaded once per process when absent. */
  highs?: Highs;
  /** Time allowed for all phases and parts together, seconds (default 10). */
  timeLimitSeconds?: number;
  /** Relative MIP gap of each phase when minimum orders make it a MIP. */
  mipRelativeGap?: number;
  /** Further HiGHS options, for experiments. */
  highsOptions?: Record<string, string | number | boolean>;
}

export interface PhaseResult {
  name: 'responsable' | 'couverture' | 'distance';
  status: string;
  /** Objective reached, computed from the shares. */
  objective: number;
  /** Time spent in HiGHS for this phase, ms. */
  elapsedMs: number;
}

export interface SolveResult {
  /** Null when HiGHS found no solution at all (time limit on a hard MIP). */
  shares: Float64Array | null;
  /** "Optimal" when every phase was, else the first other status. */
  status: string;
  /** Phases of the last round. */
  phases: PhaseResult[];
  /** Lines with a minimum order, and those that needed a binary. */
  minimumLines: number;
  integerLines: number;
  /** Most rounds of phases run in one part (1 when no minimum order binds). */
  rounds: number;
  /** Independent parts solved one after the other. */
  parts: number;
}

let loading: Promise<Highs> | null = null;

/**
 * Loads HiGHS once per process. The package resolves highs.wasm beside its
 * own highs.mjs (node_modules/highs/build), which holds under tsx, vitest and
 * the Electron main process, where electron-vite leaves dependencies external.
 */
export function loadHighs(): Promise<Highs> {
  loading ??= highsLoader();
  return loading;
}

interface Phase {
  name: PhaseResult['name'];
  maximise: boolean;
  /** Cost of each share column. */
  cost: (lineIndex: number) => number;
}

function phasesOf(problem: AllocationProblem): Phase[] {
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

/** Snaps solver noise: tiny shares to 0, a need's total to at most 1. */
function cleanShares(problem: AllocationProblem, colValue: Float64Array): Float64Array {
  const shares = new Float64Array(problem.lines.length);
  for (const line of problem.lines) {
    let s = Math.min(colValue[line.index] ?? 0, line.upperShare);
    if (s < ZERO_SHARE) s = 0;
    if (line.minShare !== null && s > 0 && s < line.minShare) {
      s = s >= line.minShare - 1e-7 ? line.minShare : 0;
    }
    shares[line.index] = s;
  }
  for (const need of problem.needs) {
    const total = need.lineIndices.reduce((sum, i) => sum + (shares[i] ?? 0), 0);
    if (total <= 1) continue;
    for (const i of need.lineIndices) shares[i] = (shares[i] ?? 0) / total;
  }
  return shares;
}

/**
 * Callbacks that interrupt HiGHS past the deadline. Its own time_limit is
 * looked at between steps and overshoots by seconds in a MIP's root cuts;
 * the simplex callback comes at every iteration, the MIP one between steps.
 */
function stopAt(highs: Highs, deadline: number): HighsCallbackMap {
  const stop = (event: InterruptCallbackEvent): undefined => {
    if (Date.now() > deadline) event.interrupt();
    return undefined;
  };
  return {
    [highs.constants.callbackType.simplexInterrupt]: stop,
    [highs.constants.callbackType.mipInterrupt]: stop,
  };
}

function runPhases(
  model: Model,
  problem: AllocationProblem,
  highs: Highs,
  deadline: number,
  binaryOf: ReadonlyMap<number, number>,
): { best: Float64Array | null; status: string; phases: PhaseResult[] } {
  const mip = binaryOf.size > 0;
  const lineCount = problem.lines.length;
  const numCols = model.getDimensions().numCols;
  const results: PhaseResult[] = [];
  let best: Float64Array | null = null;
  let status = 'Optimal';
  // Row added to keep the previous optimum, to loosen if it proves too tight.
  let kept: { row: number; objective: number; maximise: boolean } | null = null;

  for (const phase of phasesOf(problem)) {
    const costs = new Float64Array(numCols);
    for (let i = 0; i < lineCount; i++) costs[i] = phase.cost(i);
    model.changeColsCost({ kind: 'range', from: 0, to: numCols - 1 }, costs);
    model.changeObjectiveSense(
      phase.maximise
        ? highs.constants.objectiveSense.maximize
        : highs.constants.objectiveSense.minimize,
    );
    const left = Math.max(0.1, (deadline - Date.now()) / 1000);
    model.options.set('time_limit', left);
    const phaseStart = performance.now();
    if (mip && best)
      model.setSolution({ colValue: mipStart(problem, best, numCols, binaryOf) });
    model.run(stopAt(highs, deadline));
    if (kept && model.getModelStatus() === highs.constants.modelStatus.infeasible) {
      const slack = RETRY_TOLERANCE * Math.max(1, Math.abs(kept.objective));
      if (kept.maximise)
        model.changeRowBounds(kept.row, kept.objective - slack, highs.infinity);
      else model.changeRowBounds(kept.row, -highs.infinity, kept.objective + slack);
      model.run(stopAt(highs, deadline));
    }

    let code: number = model.getModelStatus();
    // Our own deadline interrupts HiGHS: it is the time limit all the same.
    if (code === highs.constants.modelStatus.interrupted) {
      code = highs.constants.modelStatus.timeLimit;
    }
    const phaseStatus = STATUS_NAMES[code] ?? `Statut ${code}`;
    const feasible = Number(model.info.get('primal_solution_status')) === 2;
    if (!feasible) {
      status = phaseStatus;
      break;
    }
    best = model.getSolution().colValue.slice(0, lineCount);
    let objective = 0;
    for (let i = 0; i < lineCount; i++) objective += (costs[i] ?? 0) * (best[i] ?? 0);
    const elapsedMs = performance.now() - phaseStart;
    results.push({ name: phase.name, status: phaseStatus, objective, elapsedMs });
    if (code !== highs.constants.modelStatus.optimal) {
      // A solution not proven optimal cannot be fixed for the next phase.
      status = phaseStatus;
      break;
    }
    // Keep this optimum, less a tolerance, while the next phase runs.
    const slack = PHASE_TOLERANCE * Math.max(1, Math.abs(objective));
    const indices: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < lineCount; i++) {
      if (costs[i] !== 0) {
        indices.push(i);
        values.push(costs[i] ?? 0);
      }
    }
    if (indices.length === 0) continue;
    if (phase.maximise)
      model.addRow(objective - slack, highs.infinity, { indices, values });
    else model.addRow(-highs.infinity, objective + slack, { indices, values });
    const row = model.getDimensions().numRows - 1;
    kept = { row, objective, maximise: phase.maximise };
  }
  return { best, status, phases: results };
}

/**
 * A MIP start for the next phase: the last phase's answer topped up the
 * greedy way (never taking a share back, so the kept optimum still holds),
 * and each binary at 1 where its line is used. With a phase cut short by the
 * time limit, it is at least this good.
 */
function mipStart(
  problem: AllocationProblem,
  best: Float64Array,
  numCols: number,
  binaryOf: ReadonlyMap<number, number>,
): Float64Array {
  const shares = greedyShares(problem, cleanShares(problem, best));
  const colValue = new Float64Array(numCols);
  colValue.set(shares);
  for (const [line, column] of binaryOf)
    colValue[column] = (shares[line] ?? 0) > 0 ? 1 : 0;
  return colValue;
}

/** Lines with a minimum order whose share lies strictly between 0 and it. */
function underMinimum(problem: AllocationProblem, shares: Float64Array): number[] {
  return problem.lines
    .filter((l) => {
      const s = shares[l.index] ?? 0;
      return l.minShare !== null && s >= ZERO_SHARE && s < l.minShare - ZERO_SHARE;
    })
    .map((l) => l.index);
}

/** Solves one independent part of the problem. */
function solvePart(
  problem: AllocationProblem,
  highs: Highs,
  options: SolveOptions,
  deadline: number,
): SolveResult {
  const minimumLines = problem.lines.filter(
    (l) => l.minShare !== null && l.upperShare > 0,
  ).length;
  const withBinary = new Set<number>();
  const answer = (
    shares: Float64Array | null,
    status: string,
    phases: PhaseResult[],
    rounds: number,
  ): SolveResult => ({
    shares,
    status,
    phases,
    minimumLines,
    integerLines: withBinary.size,
    rounds,
    parts: 1,
  });
  if (problem.lines.length === 0) return answer(new Float64Array(0), 'Empty', [], 0);

  for (let rounds = 1; ; rounds++) {
    const data = modelData(problem, highs, withBinary);
    const run = highs.withModel(data, (model) => {
      model.options.set({
        output_flag: false,
        // Primal simplex keeps the basis primal feasible from one phase to
        // the next (only the objective and one row change): 5–10× faster.
        simplex_strategy: 4,
        mip_rel_gap: options.mipRelativeGap ?? DEFAULT_MIP_GAP,
        ...options.highsOptions,
      });
      return runPhases(
        model,
        problem,
        highs,
        deadline,
        binaryColumns(problem, withBinary),
      );
    });
    if (!run.best) return answer(null, run.status, run.phases, rounds);
    // A line that already has its binary may sit a hair under its minimum
    // (integrality tolerance): cleanShares snaps it; only new lines count.
    const under = underMinimum(problem, run.best).filter((i) => !withBinary.has(i));
    if (under.length === 0 || run.status !== 'Optimal' || Date.now() > deadline) {
      // Past the time limit, the lines still under their minimum are snapped
      // to 0 or to it by cleanShares; the status says the answer is not proven.
      const status =
        under.length > 0 && run.status === 'Optimal' ? 'Time limit reached' : run.status;
      const shares = cleanShares(problem, run.best);
      // An answer not proven optimal is at least topped up the greedy way.
      return answer(
        status === 'Optimal' ? shares : greedyShares(problem, shares),
        status,
        run.phases,
        rounds,
      );
    }
    for (const i of under) withBinary.add(i);
  }
}

/**
 * Solves the problem lexicographically, part by part (split-problem.ts);
 * shares indexed like problem.lines.
 */
export async function solveAllocation(
  problem: AllocationProblem,
  options: SolveOptions = {},
): Promise<SolveResult> {
  const highs = options.highs ?? (await loadHighs());
  // Aim at 90 % of the time allowed: even interrupted, HiGHS may finish a
  // round of root cuts (up to a second here) before it stops.
  const deadline = Date.now() + (options.timeLimitSeconds ?? 10) * 900;
  const shares = new Float64Array(problem.lines.length);
  const total: SolveResult = {
    shares,
    status: problem.lines.length === 0 ? 'Empty' : 'Optimal',
    phases: [],
    minimumLines: 0,
    integerLines: 0,
    rounds: 0,
    parts: 0,
  };
  for (const part of splitProblem(problem)) {
    const solved = solvePart(part.problem, highs, options, deadline);
    total.parts += 1;
    total.minimumLines += solved.minimumLines;
    total.integerLines += solved.integerLines;
    total.rounds = Math.max(total.rounds, solved.rounds);
    if (total.status === 'Optimal' && solved.status !== 'Optimal')
      total.status = solved.status;
    for (const phase of solved.phases) {
      const sum = total.phases.find((p) => p.name === phase.name);
      if (sum) {
        sum.objective += phase.objective;
        sum.elapsedMs += phase.elapsedMs;
      } else total.phases.push({ ...phase });
    }
    // A part HiGHS found no solution for (time limit on a hard MIP) gets the
    // greedy allocation, feasible; the status says so.
    const partShares = solved.shares ?? greedyShares(part.problem);
    if (!solved.shares) total.status = `${solved.status} (repli glouton)`;
    part.lineIds.forEach((id, i) => (shares[id] = partShares[i] ?? 0));
  }
  return total;
}
