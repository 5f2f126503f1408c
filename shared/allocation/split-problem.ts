/**
 * Splits an allocation problem into independent parts: needs linked by a
 * shared pool of known capacity fall in the same part, others apart (a plan's
 * catering needs never compete with its green-space needs). Every objective
 * is a sum over lines and every constraint stays within one part, so the
 * lexicographic optimum of the whole is the union of the parts' optima, and
 * a part without a binding minimum order stays a small LP.
 */
import type { AllocationProblem, ProblemLine, ProblemPool } from './build-problem';

export interface ProblemPart {
  problem: AllocationProblem;
  /** Index in the whole problem of each of the part's lines. */
  lineIds: number[];
}

function find(parent: number[], i: number): number {
  let root = i;
  while (parent[root] !== root) root = parent[root] ?? root;
  // Path halving keeps later look-ups short.
  while (parent[i] !== root) {
    const next = parent[i] ?? root;
    parent[i] = root;
    i = next;
  }
  return root;
}

/** The parts, each a problem of its own with lines, needs and pools renumbered. */
export function splitProblem(problem: AllocationProblem): ProblemPart[] {
  const parent = problem.needs.map((_, i) => i);
  for (const pool of problem.pools) {
    const first = problem.lines[pool.lineIndices[0] ?? -1];
    if (!first) continue;
    for (const i of pool.lineIndices) {
      const line = problem.lines[i];
      if (!line) continue;
      const a = find(parent, first.needIndex);
      const b = find(parent, line.needIndex);
      if (a !== b) parent[b] = a;
    }
  }

  const partOfRoot = new Map<number, number>();
  const parts: { needIds: number[] }[] = [];
  problem.needs.forEach((need, i) => {
    if (need.lineIndices.length === 0) return;
    const root = find(parent, i);
    let part = partOfRoot.get(root);
    if (part === undefined) {
      part = parts.length;
      partOfRoot.set(root, part);
      parts.push({ needIds: [] });
    }
    parts[part]?.needIds.push(i);
  });

  return parts.map(({ needIds }) => {
    const lines: ProblemLine[] = [];
    const lineIds: number[] = [];
    const pools: ProblemPool[] = [];
    const poolIndex = new Map<number, number>();
    const needs = needIds.map((needId, needIndex) => {
      const need = problem.needs[needId] as AllocationProblem['needs'][number];
      const lineIndices: number[] = [];
      for (const id of need.lineIndices) {
        const line = problem.lines[id] as ProblemLine;
        let p: number | null = null;
        if (line.poolIndex !== null) {
          p = poolIndex.get(line.poolIndex) ?? null;
          if (p === null) {
            const whole = problem.pools[line.poolIndex] as ProblemPool;
            p = pools.length;
            poolIndex.set(line.poolIndex, p);
            pools.push({ ...whole, lineIndices: [] });
          }
          pools[p]?.lineIndices.push(lines.length);
        }
        lineIndices.push(lines.length);
        lineIds.push(id);
        lines.push({ ...line, index: lines.length, needIndex, poolIndex: p });
      }
      return { ...need, lineIndices };
    });
    return {
      problem: { needs, lines, pools, unboundedSuppliers: [] },
      lineIds,
    };
  });
}
