/**
 * One benchmark scenario in its own process, so that its peak memory is its own:
 * `tsx tests/bench/run-scenario.ts <harnes|decp1000> <indexed|brute>`; prints JSON.
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
import { decpPlan } from './bench-plans';

const RESOURCES = resolve('resources');
// The baseline is slow: one run of it is enough to compare.
const repeatsFor = (method: string): number => (method === 'brute' ? 1 : 5);

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(resolve(RESOURCES, name), 'utf8')) as T;
}

/** Baseline: every supplier of the catalogue scored with Turf for every need. */
function bruteForce(plan: Plan, catalogue: Catalogue): number {
  const sectorsById = new Map<number, Sector>(catalogue.sectors.map((s) => [s.id, s]));
  let kept = 0;
  for (const need of plan.needs) {
    const place = need.place;
    if (!place) continue;
    const scored = catalogue.suppliers
      .map((supplier) => ({
        supplier,
        km: distanceKm(place, supplier.location),
        fit: sectorFitOf(need, supplier, sectorsById),
      }))
      .filter((c) => c.fit !== null && c.km <= need.maxDistanceKm)
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
  const [planName, method] = process.argv.slice(2);
  const catalogue = readJson<Catalogue>('catalogue.json');
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
