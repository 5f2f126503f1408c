/**
 * One allocation method on one benchmark plan, in its own process so that its
 * peak memory is its own:
 * `tsx tests/bench/allocation-step.ts <solver|greedy> <secteurs|bloc|bloc-minimums>`;
 * prints one line of JSON.
 */
import { allocatePlan, greedyAllocation } from '../../shared/allocation/allocate-plan';
import type { Allocation } from '../../shared/allocation/allocation-types';
import { buildProblem } from '../../shared/allocation/build-problem';
import { checkAllocation } from '../../shared/allocation/check-allocation';
import { loadHighs } from '../../shared/allocation/solve-allocation';
import { allocationBenchPlan, type BenchOptions } from './allocation-plan';

/** Sectors: candidates within 40 sectors; bloc: any need may compete with any. */
export const SCENARIOS: Record<string, BenchOptions> = {
  secteurs: { sectors: 40, minimumShare: 0.1 },
  bloc: { sectors: 1, minimumShare: 0 },
  'bloc-minimums': { sectors: 1, minimumShare: 0.1 },
};

async function main(): Promise<void> {
  const method = process.argv[2] === 'greedy' ? 'greedy' : 'solver';
  const scenario = process.argv[3] ?? 'secteurs';
  const { plan, match, suppliersById } = allocationBenchPlan(SCENARIOS[scenario]);
  const problem = buildProblem(plan, match, suppliersById);

  let loadMs = 0;
  if (method === 'solver') {
    const loadStart = performance.now();
    await loadHighs();
    loadMs = performance.now() - loadStart;
  }
  const cpu = process.cpuUsage();
  const start = performance.now();
  const allocation: Allocation =
    method === 'solver'
      ? await allocatePlan(plan, match, suppliersById, {
          compareWithGreedy: false,
          timeLimitSeconds: 10,
        })
      : greedyAllocation(plan, match, suppliersById);
  const ms = performance.now() - start;
  const cpuMs = process.cpuUsage(cpu).user / 1000;

  const report = {
    scenario,
    method,
    status: allocation.status,
    needs: plan.needs.length,
    lines: problem.lines.length,
    minimumLines: problem.lines.filter((l) => l.minShare !== null && l.upperShare > 0)
      .length,
    loadMs,
    ms,
    cpuMs,
    // ru_maxrss is in kilobytes on Linux.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    coverage: allocation.totals.coverage,
    responsibleCoverage: allocation.totals.responsibleCoverage,
    distanceWeightedVolume: allocation.totals.distanceWeightedVolume,
    shareWeightedKm: allocation.totals.shareWeightedKm,
    breaches: checkAllocation(plan, match, suppliersById, allocation).length,
  };
  process.stdout.write(JSON.stringify(report) + '\n');
}

void main();
