/**
 * The greedy baseline: needs in plan order, each served by its candidates in
 * rank order, every candidate taking what is left of the need and of its
 * capacity. A line that cannot reach its minimum order is skipped. It is what
 * a buyer does by hand, and what the solver is compared with.
 */
import { poolCoefficient, type AllocationProblem } from './build-problem';

/**
 * Shares given to each line of the problem (index = ProblemLine.index),
 * starting from `from` when given: the same pass then only tops up a
 * feasible allocation, never taking anything back.
 */
export function greedyShares(
  problem: AllocationProblem,
  from?: Float64Array,
): Float64Array {
  const shares = from ? Float64Array.from(from) : new Float64Array(problem.lines.length);
  // Part of each pool's capacity still free, 1 = all of it.
  const poolFree = new Float64Array(problem.pools.length).fill(1);
  for (const line of problem.lines) {
    if (line.poolIndex === null) continue;
    const used = (shares[line.index] ?? 0) * poolCoefficient(problem, line);
    poolFree[line.poolIndex] = (poolFree[line.poolIndex] ?? 0) - used;
  }

  for (const need of problem.needs) {
    let left = 1 - need.lineIndices.reduce((s, i) => s + (shares[i] ?? 0), 0);
    for (const index of need.lineIndices) {
      if (left <= 0) break;
      const line = problem.lines[index];
      const current = shares[index] ?? 0;
      if (!line || line.upperShare <= current) continue;
      const coefficient = poolCoefficient(problem, line);
      const free =
        line.poolIndex === null || coefficient === 0
          ? Infinity
          : Math.max(0, poolFree[line.poolIndex] ?? 0) / coefficient;
      const take = Math.min(left, line.upperShare - current, free);
      if (take <= 0) continue;
      if (line.minShare !== null && current + take < line.minShare) continue;
      shares[index] = current + take;
      left -= take;
      if (line.poolIndex !== null) {
        poolFree[line.poolIndex] = (poolFree[line.poolIndex] ?? 0) - take * coefficient;
      }
    }
  }
  return shares;
}
