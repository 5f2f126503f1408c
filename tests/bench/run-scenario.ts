/**
 * One benchmark scenario in its own process, so that its peak memory is its own:
 * `tsx tests/bench/run-scenario.ts <harnes|decp1000> <indexed|brute> [suppliers]`;
 * prints JSON. With `suppliers` (e.g. 100000), the real catalogue is repeated
 * to that count with moved coordinates (bench-feed-data.ts).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildCpvNomenclature } from '../../shared/cpv';
import { buildPlaceIndex } from '../../shared/places/place-index';
import {
  DEFAULT_MATCH_OPTIONS,
  distanceKm,
  matchPlan,
  sectorFitOf,
} from '../../shared/matching/match-plan';
import type { Catalogue, CommunesFile, CpvFile, Plan, Sector } from '../../shared/model';
import { benchSuppliers } from './bench-feed-data';
import { decpPlan } from './bench-plans';

const RESOURCES = resolve('resources');
// The baseline is slow: one run of it is enough to compare.
const repeatsFor = (method: string): number => (method === 'brute' ? 1 : 3);

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(resolve(RESOURCES, name), 'utf8')) as T;
}

/**
 * Baseline: for every need, every supplier of the catalogue measured with
 * Turf first, then those in range filtered by activity and labels.
 */
function bruteForce(plan: Plan, catalogue: Catalogue): number {
  const sectorsById = new Map<number, Sector>(catalogue.sectors.map((s) => [s.id, s]));
  let kept = 0;
  for (const need of plan.needs) {
    const place = need.place;
    if (!place) continue;
    const scored = catalogue.suppliers
      .map((supplier) => ({ supplier, km: distanceKm(place, supplier.location) }))
      .filter((c) => c.km <= need.maxDistanceKm)
      .filter((c) => sectorFitOf(need, c.supplier, sectorsById) !== null)
      .filter((c) => need.requiredLabels.every((l) => c.supplier.labels.includes(l)))
      .sort((a, b) => a.km - b.km);
    kept += Math.min(scored.length, DEFAULT_MATCH_OPTIONS.topN);
  }
  return kept;
}

function indexed(plan: Plan, catalogue: Catalogue): number {
  const result = matchPlan(plan, catalogue, DEFAULT_MATCH_OPTIONS, new Date(0));
  return result.needs.reduce((sum, n) => sum + n.candidates.length, 0);
}

function main(): void {
  const [planName, method, count] = process.argv.slice(2);
  const embedded = readJson<Catalogue>('catalogue.json');
  const catalogue =
    count === undefined
      ? embedded
      : { ...embedded, suppliers: benchSuppliers(embedded.suppliers, Number(count)) };
  const places = buildPlaceIndex(readJson<CommunesFile>('communes.json'));
  const cpv = buildCpvNomenclature(readJson<CpvFile>('cpv.json'));
  const plan =
    planName === 'harnes'
      ? decpPlan(Infinity, places, cpv, 'Mairie de Harnes')
      : decpPlan(1000, places, cpv);
  const run = method === 'brute' ? bruteForce : indexed;

  const times: number[] = [];
  let candidates = 0;
  for (let i = 0; i < repeatsFor(method ?? ''); i++) {
    const start = performance.now();
    candidates = run(plan, catalogue);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const report = {
    plan: planName,
    method,
    needs: plan.needs.length,
    suppliers: catalogue.suppliers.length,
    candidates,
    medianMs: times[Math.floor(times.length / 2)],
    // ru_maxrss is in kilobytes on Linux.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(report) + '\n');
}

main();
