/**
 * The allocation solved by HiGHS (WebAssembly), lexicographically, in three
 * phases on one persistent model (lexicographic-phases.ts):
 * 1. maximise Σ shares given to responsible suppliers;
 * 2. keeping that optimum (less 1e-9 of it), maximise Σ shares;
 * 3. keeping both, minimise Σ share × km.
 * Phases rather than one weighted objective fixed in advance: weights that
 * provably respect the order would have to separate 1,000 needs × 10
 * candidates × hundreds of km, i.e. ratios near 1e-9, below the solver's own
 * tolerances (1e-7). Within a MIP round the later phases do fold the earlier
 * objectives in with weights, but their answer is checked against the
 * earlier optima, which is what makes it exact (see lexicographic-phases.ts).
 *
 * Variables are shares of each need's demand (0…1), so every coefficient is
 * a ratio near 1. A line to an offer with a known minimum order is 0 or at
 * least that minimum through a binary y (share ≤ upper × y, share ≥
 * minimum × y). Binaries are added lazily: the phases first run with none;
 * the lines whose share falls strictly between 0 and their minimum get one,
 * and the phases run again, until no line breaks its minimum. The answer of a
 * relaxation that meets every minimum is optimal for the full problem, so
 * this is exact, and a plan whose minimums do not bind stays a pure LP.
 * The first MIP round proves phases 1–2 and only scouts phase 3 (an LP with
 * the binaries fixed) for the lines that break their minimum; it never ends
 * the rounds. In every later round the last phase runs first alone, held to
 * the earlier optima of the round before (a relaxation of this one, so they
 * are upper bounds); when its answer reaches them, they are this round's
 * optima too and the earlier phases need not run again. A round's answer that
 * breaks a few minimums is first mended by one LP with every line kept on
 * its side of its minimum (repair-answer.ts); it ends the rounds when it is
 * proven within the gap of the round's bound.
 *
 * Bench (allocation.bench.ts, bloc-minimums, 2 shared cores): 3 rounds and
 * 6–9 s, proven; with dense rows in every phase it stopped at the 10 s limit.
 * Under heavier load it can still reach the limit (about 7 s of CPU).
 *
 * Independent parts of the plan are solved apart (split-problem.ts). A MIP
 * phase is proven within HiGHS's default gap (0.01 %). Past the time limit
 * (10 s by default) the best answer found is kept, topped up the greedy way,
 * and its status is not "Optimal".
 */
import highsLoader, { type Highs } from 'highs';
import type { AllocationProblem } from './build-problem';
import { greedyShares } from './greedy-allocation';
import { binaryColumns, modelData } from './highs-model';
import {
  DEFAULT_MIP_GAP,
  phasesOf,
  runPhases,
  type ExchangeRates,
  type PhaseResult,
  type PhasesRun,
} from './lexicographic-phases';
import { repairAnswer } from './repair-answer';
import { splitProblem } from './split-problem';

export { PHASE_TOLERANCE, type PhaseResult } from './lexicographic-phases';

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

/** A phase's objective (Σ cost × share) for these shares. */
function lineObjective(
  problem: AllocationProblem,
  name: PhaseResult['name'],
  shares: Float64Array,
): number {
  const phase = phasesOf(problem).find((p) => p.name === name);
  let v = 0;
  for (const line of problem.lines)
    v += (phase?.cost(line.index) ?? 0) * (shares[line.index] ?? 0);
  return v;
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

/**
 * A MIP start for the round after `last`: its columns, each binary at 1 where
 * its line is used, and at 0 on the lines that just got one (they broke their
 * minimum), so that HiGHS repairs it with the binaries as given.
 */
function nextStart(
  problem: AllocationProblem,
  last: PhasesRun,
  binaryOf: ReadonlyMap<number, number>,
  numCols: number,
): Float64Array | null {
  if (!last.best) return null;
  const start = new Float64Array(numCols);
  start.set(last.best);
  for (const [line, column] of binaryOf) {
    const s = last.best[line] ?? 0;
    const meets = problem.lines[line]?.minShare ?? 0;
    start[column] = s >= ZERO_SHARE && s >= meets - ZERO_SHARE ? 1 : 0;
    if (start[column] === 0) start[line] = 0;
  }
  return start;
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

  const mipGap = options.mipRelativeGap ?? DEFAULT_MIP_GAP;
  let rates: ExchangeRates = [];
  // The last MIP round that proved all its phases, for the shortcut.
  let lastMip: PhasesRun | null = null;
  for (let rounds = 1; ; rounds++) {
    const data = modelData(problem, highs, withBinary);
    const binaryOf = binaryColumns(problem, withBinary);
    const run = highs.withModel(data, (model) => {
      model.options.set({
        output_flag: false,
        // Primal simplex keeps the basis primal feasible from one phase to
        // the next (only the objective and one row change): 5–10× faster.
        simplex_strategy: 4,
        mip_rel_gap: mipGap,
        ...options.highsOptions,
      });
      // The first MIP round proves phases 1–2 only and scouts the last one
      // (an LP with its binaries fixed) for the lines that break their
      // minimum; the next round proves it, through the shortcut below.
      const scoutLast = withBinary.size > 0 && lastMip === null;
      const plan = { deadline, mipGap, binaryOf, rates, scoutLast };
      // An answer under some minimums, mended when that is proven as good.
      const mended = (run: PhasesRun): PhasesRun => {
        if (run.status !== 'Optimal' || !run.best || run.scouted) return run;
        if (underMinimum(problem, run.best).every((i) => withBinary.has(i))) return run;
        const columns = repairAnswer(model, problem, highs, run, binaryOf, deadline);
        if (!columns) return run;
        const best = columns.slice(0, problem.lines.length);
        const phases = run.phases.map((p, i) =>
          i === run.phases.length - 1 && run.last
            ? { ...p, objective: lineObjective(problem, p.name, best) }
            : p,
        );
        return { ...run, best, columns, phases };
      };
      const last = lastMip && phasesOf(problem).length > 1 ? lastMip : null;
      if (last) {
        // The earlier optima of the last round bound this round's: when the
        // last phase alone reaches them, they hold here too.
        const phase = phasesOf(problem).length - 1;
        const kept = last.kept.filter((k) => k.phase < phase);
        const start = nextStart(problem, last, binaryOf, data.numCols);
        const shortcut = runPhases(model, problem, highs, {
          ...plan,
          from: { phase, kept, start },
        });
        if (shortcut.best && shortcut.status !== 'Not Set') {
          const earlier = last.phases.filter((r) =>
            shortcut.phases.every((q) => q.name !== r.name),
          );
          return mended({ ...shortcut, phases: [...earlier, ...shortcut.phases] });
        }
        // Out of time: the last round's answer, its minimums snapped.
        if (Date.now() > deadline) return { ...last, status: 'Time limit reached' };
      }
      return mended(runPhases(model, problem, highs, plan));
    });
    if (withBinary.size === 0) rates = run.rates;
    if (!run.best) return answer(null, run.status, run.phases, rounds);
    // A line that already has its binary may sit a hair under its minimum
    // (integrality tolerance): cleanShares snaps it; only new lines count.
    const under = underMinimum(problem, run.best).filter((i) => !withBinary.has(i));
    const scouted = run.scouted && run.status === 'Optimal';
    if (
      (under.length === 0 && !scouted) ||
      run.status !== 'Optimal' ||
      Date.now() > deadline
    ) {
      // Past the time limit, the lines still under their minimum are snapped
      // to 0 or to it by cleanShares; the status says the answer is not proven.
      const status =
        (under.length > 0 || scouted) && run.status === 'Optimal'
          ? 'Time limit reached'
          : run.status;
      const shares = cleanShares(problem, run.best);
      // An answer not proven optimal is at least topped up the greedy way.
      return answer(
        status === 'Optimal' ? shares : greedyShares(problem, shares),
        status,
        run.phases,
        rounds,
      );
    }
    if (withBinary.size > 0) lastMip = run;
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
