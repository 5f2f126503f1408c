/**
 * Mending a round's answer that breaks a few minimum orders, proven against
 * the round's bound, so that the rounds of binaries can stop early.
 */
import type { Highs, Model } from 'highs';
import type { AllocationProblem } from './build-problem';
import {
  PHASE_TOLERANCE,
  phasesOf,
  slackOf,
  stopAt,
  valueOf,
  type PhasesRun,
  type SolvedObjective,
} from './lexicographic-phases';

/** Shares below this are solver noise (see solve-allocation.ts). */
const ZERO_SHARE = 1e-7;

/**
 * Tries to mend a round's answer whose lines break minimums they had no
 * binary for, without another round. Every line with a minimum keeps the
 * side it is on (0, or at least its minimum); the lines under it are first
 * all raised to it, then, failing that, all set to 0; the LP left is solved
 * on the round's last objective. The mended answer meets every minimum, and
 * is kept only when it still holds every earlier optimum and is within the
 * round's gap of the round's proven bound. That bound holds for the full
 * problem too (the round is a relaxation of it), so the mended answer is
 * optimal within the same gap, by the same argument as the folded weights.
 * Returns the mended columns, or null.
 */
export function repairAnswer(
  model: Model,
  problem: AllocationProblem,
  highs: Highs,
  run: PhasesRun,
  binaryOf: ReadonlyMap<number, number>,
  deadline: number,
): Float64Array | null {
  const last = run.last;
  const columns = run.columns;
  if (!last || !columns || !Number.isFinite(last.bound)) return null;
  model.clearIntegrality();
  model.changeColsCost({ kind: 'range', from: 0, to: columns.length - 1 }, last.costs);
  model.changeObjectiveSense(
    last.maximise
      ? highs.constants.objectiveSense.maximize
      : highs.constants.objectiveSense.minimize,
  );
  for (const raise of [true, false]) {
    if (Date.now() > deadline) return null;
    for (const line of problem.lines) {
      if (line.minShare === null || line.upperShare <= 0) continue;
      const binary = binaryOf.get(line.index);
      const share = columns[line.index] ?? 0;
      const on =
        binary !== undefined
          ? (columns[binary] ?? 0) > 0.5
          : share >= line.minShare - ZERO_SHARE || (raise && share >= ZERO_SHARE);
      if (binary !== undefined) model.changeColBounds(binary, on ? 1 : 0, on ? 1 : 0);
      model.changeColBounds(line.index, on ? line.minShare : 0, on ? line.upperShare : 0);
    }
    model.zeroAllClocks();
    model.options.set('time_limit', Math.max(0.1, (deadline - Date.now()) / 1000));
    model.run(stopAt(highs, deadline));
    if (model.getModelStatus() !== highs.constants.modelStatus.optimal) continue;
    const mended = model.getSolution().colValue.slice();
    if (withinBound(last, mended) && keepsOptima(problem, run, mended)) return mended;
  }
  return null;
}

function withinBound(last: SolvedObjective, columns: Float64Array): boolean {
  const value = valueOf(last.costs, columns, columns.length);
  return last.maximise ? value >= last.bound - last.gap : value <= last.bound + last.gap;
}

/** The answer holds every kept optimum but the last phase's own. */
function keepsOptima(
  problem: AllocationProblem,
  run: PhasesRun,
  columns: Float64Array,
): boolean {
  const phases = phasesOf(problem);
  return run.kept.slice(0, -1).every((k) => {
    const phase = phases[k.phase];
    if (!phase) return true;
    let v = 0;
    for (const line of problem.lines)
      v += phase.cost(line.index) * (columns[line.index] ?? 0);
    const slack = slackOf(k.objective, PHASE_TOLERANCE);
    return phase.maximise ? v >= k.objective - slack : v <= k.objective + slack;
  });
}
