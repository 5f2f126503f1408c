/**
 * "Why not": for one need and any supplier of the catalogue, the checks of
 * match-plan.ts in the same order (activity, place, labels, distance, service
 * area, lead time, season, then rank), each with its French sentence.
 */
import type { MatchOptions, Need, Plan, Supplier } from '../model';
import {
  checkSupplier,
  fitsOf,
  matchNeed,
  prepareRun,
  type MatchCatalogue,
} from './match-plan';
import { sitesOf } from './reach';
import type { WhyNot, WhyNotCheck } from './why-not-types';
import { frenchNumber } from './distance-km';

/** A need alone, or a need of a plan (its family at its site counts for minimums). */
export type WhyNotTarget = Need | { plan: Plan; needId: string };

function planAndNeed(target: WhyNotTarget): { plan: Plan; need: Need } {
  if ('plan' in target) {
    const need = target.plan.needs.find((n) => n.id === target.needId);
    if (!need) throw new Error(`whyNot: no need ${target.needId} in the plan`);
    return { plan: target.plan, need };
  }
  const plan = { name: '', sourceFile: null, importedAt: '', needs: [target] };
  return { plan, need: target };
}

const s = (n: number): string => (n > 1 ? 's' : '');

/** The rank check: kept within topN, or kept by every filter but ranked beyond. */
function rankCheck(
  rank: number,
  total: number,
  score: number,
  topN: number,
): WhyNotCheck {
  const passed = rank <= topN;
  const where =
    `Classé n° ${rank} sur ${total} fournisseur${s(total)} retenu${s(total)} ` +
    `(score ${frenchNumber(score, 1)})`;
  return {
    criterion: 'rank',
    passed,
    explanation: passed ? where : `${where}, au-delà des ${topN} premiers gardés`,
  };
}

/**
 * Tells whether the supplier is among the need's candidates as matchPlan
 * ranks them, and otherwise the first criterion that excluded it. The
 * supplier must be one of the catalogue's.
 */
export function whyNot(
  target: WhyNotTarget,
  supplier: Supplier,
  catalogue: MatchCatalogue,
  options: MatchOptions,
  now: Date,
): WhyNot {
  const { plan, need } = planAndNeed(target);
  const run = prepareRun(plan, catalogue, options, now);
  const position = run.index.prepared.findIndex((p) => p.supplier.id === supplier.id);
  if (position < 0)
    throw new Error(`whyNot: supplier ${supplier.id} not in the catalogue`);
  const fit = fitsOf(need, run.index).get(position) ?? null;

  const checks: WhyNotCheck[] = [
    {
      criterion: 'activity',
      passed: fit !== null,
      explanation:
        fit?.detail ??
        'Son activité ne correspond pas au besoin (ni code CPV, ni secteur, ni mots-clés)',
    },
  ];
  const sites = sitesOf(need);
  checks.push({
    criterion: 'place',
    passed: sites.length > 0,
    explanation:
      sites.length > 0
        ? `Lieu de livraison : ${sites.map((p) => p.label).join(', ')}`
        : 'Lieu de livraison à préciser : le besoin n’a pas de candidats',
  });
  let rank: number | null = null;
  if (sites.length > 0 && fit !== null) {
    const checked = checkSupplier(need, supplier, fit, sites, run);
    checks.push(...checked.checks);
    if (checked.candidate) {
      // Ranked among every supplier kept, to tell how far beyond topN it is.
      const all = matchNeed(need, { ...run, options: { ...options, topN: Infinity } });
      const found = all.candidates.find((c) => c.supplierId === supplier.id);
      if (found) {
        const check = rankCheck(
          found.rank,
          all.candidates.length,
          found.score,
          options.topN,
        );
        checks.push(check);
        if (check.passed) rank = found.rank;
      } else {
        // Cannot happen while matchNeed and checkSupplier test alike; never claim "kept".
        const explanation = 'Absent du classement du rapprochement';
        checks.push({ criterion: 'rank', passed: false, explanation });
      }
    }
  } else if (sites.length > 0) {
    // Activity failed: the other checks are still told, for the buyer's information.
    const checked = checkSupplier(need, supplier, null, sites, run);
    checks.push(...checked.checks);
  }

  const failed = checks.find((c) => !c.passed) ?? null;
  const who = `« ${supplier.name} »`;
  const what = `le besoin « ${need.title} »`;
  const explanation = failed
    ? `${who} n’est pas retenu pour ${what} : ${lower(failed.explanation)}.`
    : `${who} est retenu pour ${what} : ${lower(checks[checks.length - 1]?.explanation ?? '')}.`;
  return {
    needId: need.id,
    supplierId: supplier.id,
    supplierName: supplier.name,
    rank,
    excludedBy: failed?.criterion ?? null,
    explanation,
    checks,
  };
}

const lower = (text: string): string => `${text.charAt(0).toLowerCase()}${text.slice(1)}`;
