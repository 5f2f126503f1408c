/**
 * The allocation problem written for HiGHS: one column per line (its share),
 * then one binary per line whose minimum order needs one; rows for each
 * need (Σ shares ≤ 1), each shared pool (Σ share × demand ÷ capacity ≤ 1)
 * and each minimum (share ≤ upper × y, share ≥ minimum × y).
 */
import type { Highs, ModelData } from 'highs';
import { poolCoefficient, type AllocationProblem } from './build-problem';

/** HiGHS's own names of its model statuses. */
export const STATUS_NAMES: Record<number, string> = {
  0: 'Not Set',
  1: 'Load error',
  2: 'Model error',
  3: 'Presolve error',
  4: 'Solve error',
  5: 'Postsolve error',
  6: 'Empty',
  7: 'Optimal',
  8: 'Infeasible',
  9: 'Primal infeasible or unbounded',
  10: 'Unbounded',
  11: 'Bound on objective reached',
  12: 'Target for objective reached',
  13: 'Time limit reached',
  14: 'Iteration limit reached',
  15: 'Unknown',
  16: 'Solution limit reached',
  17: 'Interrupted by user',
};

interface Columns {
  /** Entries (row, value) of each column. */
  entries: [number, number][][];
  lower: number[];
  upper: number[];
  integer: boolean[];
}

/** The problem as HiGHS model data: columns = shares, then binaries. */
export function modelData(
  problem: AllocationProblem,
  highs: Highs,
  withBinary: ReadonlySet<number>,
): ModelData {
  const cols: Columns = { entries: [], lower: [], upper: [], integer: [] };
  const rowUpper: number[] = [];
  const rowLower: number[] = [];
  const addRow = (lower: number, upper: number): number => {
    rowLower.push(lower);
    rowUpper.push(upper);
    return rowLower.length - 1;
  };
  for (const line of problem.lines) {
    cols.entries.push([]);
    cols.lower.push(0);
    cols.upper.push(line.upperShare);
    cols.integer.push(false);
  }
  // Each need: Σ shares ≤ 1.
  for (const need of problem.needs) {
    if (need.lineIndices.length === 0) continue;
    const row = addRow(-highs.infinity, 1);
    for (const i of need.lineIndices) cols.entries[i]?.push([row, 1]);
  }
  // Each pool: Σ share × demand ÷ capacity ≤ 1 (alone, a line is already bounded).
  for (const pool of problem.pools) {
    if (pool.lineIndices.length < 2) continue;
    const row = addRow(-highs.infinity, 1);
    for (const i of pool.lineIndices) {
      const line = problem.lines[i];
      const coefficient = line ? poolCoefficient(problem, line) : 0;
      if (coefficient > 0) cols.entries[i]?.push([row, coefficient]);
    }
  }
  // Minimum order: share = 0, or minimum ≤ share ≤ upper, through a binary y.
  for (const line of problem.lines) {
    if (line.minShare === null || !withBinary.has(line.index)) continue;
    const y = cols.entries.length;
    cols.entries.push([]);
    cols.lower.push(0);
    cols.upper.push(1);
    cols.integer.push(true);
    const atMost = addRow(-highs.infinity, 0);
    const atLeast = addRow(0, highs.infinity);
    cols.entries[line.index]?.push([atMost, 1], [atLeast, 1]);
    cols.entries[y]?.push([atMost, -line.upperShare], [atLeast, -line.minShare]);
  }

  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const column of cols.entries) {
    for (const [row, value] of column) {
      indices.push(row);
      values.push(value);
    }
    starts.push(indices.length);
  }
  const numCols = cols.entries.length;
  const numRows = rowLower.length;
  const mip = cols.integer.some(Boolean);
  return {
    numCols,
    numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost: new Float64Array(numCols),
    colLower: cols.lower,
    colUpper: cols.upper,
    rowLower,
    rowUpper,
    matrix: { format: 'csc', numRows, numCols, starts, indices, values },
    ...(mip
      ? {
          integrality: cols.integer.map((i) =>
            i
              ? highs.constants.variableType.integer
              : highs.constants.variableType.continuous,
          ),
        }
      : {}),
  };
}

/** Column of each line's binary: after the shares, in line order (see modelData). */
export function binaryColumns(
  problem: AllocationProblem,
  withBinary: ReadonlySet<number>,
): Map<number, number> {
  const columns = new Map<number, number>();
  for (const line of problem.lines) {
    if (line.minShare !== null && withBinary.has(line.index)) {
      columns.set(line.index, problem.lines.length + columns.size);
    }
  }
  return columns;
}
