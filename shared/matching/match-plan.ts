/**
 * Matching a plan against the catalogue.
 *
 * For each need, in this order (why-not.ts tells the same checks for one
 * supplier):
 * 1. Activity: a supplier is kept only when its activity fits (sector-fit.ts):
 *    its CPV code equals or covers the need's, or shares its category (5
 *    digits), class (4), group (3) or division (2); or a sector is shared; or
 *    all words of a need keyword appear in its name, sectors, description or
 *    offers. The count of these is NeedMatch.sectorMatches.
 * 2. Place: a need without a resolved place gets no candidates.
 * 3. Required labels: the supplier carries every one of them.
 * 4. Distance (reach.ts): Turf great-circle distance from every delivery site
 *    to the supplier, times the road factor (1 by default), the farthest
 *    site counting, ≤ the need's maximum distance (after a cheap lat/lon box).
 * 5. Service area: every site inside the supplier's radius, départements,
 *    régions or France; an unknown area is « à confirmer », never excluding.
 * 6. Lead time and 7. season (timing.ts): one offer delivering before the
 *    need's date and available in its month; unknown is « à confirmer ».
 * 8. Score (score-parts.ts): sector weight × fit factor (code 1, category 0.9,
 *    class 0.8, sector 0.7, group 0.65, keyword 0.5, division 0.45); labels
 *    weight × share of the preferred labels carried (all of it without any);
 *    distance weight × (1 − km / max km); capacity (capacity-part.ts) when
 *    the catalogue knows it, else "à confirmer" with neither points nor
 *    maximum. score = 100 × Σ points / Σ max, rounded to 0.1.
 * 9. Order (rank-candidates.ts): score desc, distance asc, fit precision
 *    (code > category > class > group > division > sector > keyword),
 *    supplier name (French collation), supplier id; the first topN are kept.
 */
import type {
  Candidate,
  LabelCode,
  MatchOptions,
  MatchResult,
  Need,
  NeedMatch,
  Place,
  Plan,
  Sector,
  Supplier,
} from '../model';
import { LABEL_NAMES } from '../model';
import { INDICATOR_KINDS, type IndicatorKind } from '../indicators/indicator-types';
import { indicatorKindsOf } from '../indicators/supplier-kinds';
import { capacityPart } from './capacity-part';
import { boxAround, distanceKm, frenchNumber } from './distance-km';
import { groupNeeds } from './group-needs';
import { methodText } from './method-text';
import { rankCandidates } from './rank-candidates';
import {
  REGION_OF_DEPARTEMENT,
  reachOf,
  reachText,
  roadFactorOf,
  serviceAreaCheck,
  sitesOf,
  type Reach,
  type RegionLookup,
} from './reach';
import { roundTenth, scoreParts } from './score-parts';
import { timingOf } from './timing';
import type { WhyNotCheck } from './why-not-types';
import { preparedSectorFit, sectorFitOf, type SectorFit } from './sector-fit';
import { isPreciseFit, reservableCounts } from '../law/reservable';
import {
  buildSupplierIndex,
  listsToScan,
  needFits,
  possibleFits,
  type NeedFits,
  type SupplierIndex,
} from './supplier-index';

export { distanceKm, sectorFitOf };

/** Default weights (sum 100), 10 candidates per need, 50 km. */
export const DEFAULT_MATCH_OPTIONS: MatchOptions = {
  weights: { sector: 40, labels: 20, distance: 30, capacity: 10 },
  topN: 10,
  defaultMaxDistanceKm: 50,
};

/** The method with the default options, for the report's "Méthode" sheet. */
export const METHOD_TEXT: readonly string[] = methodText(DEFAULT_MATCH_OPTIONS);

export { methodText };

const km = (value: number): string => frenchNumber(value, 1);

/** The catalogue as matching reads it. */
export interface MatchCatalogue {
  version: string;
  sectors: Sector[];
  suppliers: Supplier[];
  /**
   * Région of each département, to honour service areas given by région;
   * default: the built-in COG 2024 table (reach.ts REGION_OF_DEPARTEMENT).
   */
  regionOfDepartement?: RegionLookup;
}

/** What every need of one run shares. */
export interface MatchRun {
  index: SupplierIndex;
  options: MatchOptions;
  now: Date;
  regions: RegionLookup;
  /** For each need, the needs of its family at its site (group-needs.ts). */
  groups: Map<string, Need[]>;
}

/** Indexes the catalogue and groups the plan's needs once for a run. */
export function prepareRun(
  plan: Plan,
  catalogue: MatchCatalogue,
  options: MatchOptions,
  now: Date,
): MatchRun {
  return {
    index: buildSupplierIndex(catalogue.suppliers, catalogue.sectors),
    options,
    now,
    regions: catalogue.regionOfDepartement ?? REGION_OF_DEPARTEMENT,
    groups: groupNeeds(plan.needs),
  };
}

function hasLabels(supplier: Supplier, labels: readonly LabelCode[]): boolean {
  return labels.every((l) => supplier.labels.includes(l));
}

/** The need's maximum distance, or the options' default when it gives none. */
export function maxKmOf(need: Need, options: MatchOptions): number {
  return Number.isFinite(need.maxDistanceKm) && need.maxDistanceKm > 0
    ? need.maxDistanceKm
    : options.defaultMaxDistanceKm;
}

/** The suppliers (by index position) whose activity fits the need, with the fit. */
export function fitsOf(need: Need, index: SupplierIndex): Map<number, SectorFit> {
  const fits = new Map<number, SectorFit>();
  for (const i of possibleFits(index, need)) {
    const prepared = index.prepared[i];
    const fit = prepared && preparedSectorFit(need, prepared, index.sectorsById);
    if (fit) fits.set(i, fit);
  }
  return fits;
}

const labelNames = (labels: readonly LabelCode[]): string =>
  labels.map((l) => LABEL_NAMES[l]).join(', ');

const capitalised = (text: string): string =>
  `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

function labelsCheck(need: Need, supplier: Supplier): WhyNotCheck {
  const wanted = need.requiredLabels;
  const missing = wanted.filter((l) => !supplier.labels.includes(l));
  const explanation =
    wanted.length === 0
      ? 'Aucun label exigé'
      : missing.length === 0
        ? `Porte les labels exigés (${labelNames(wanted)})`
        : `N’a pas ${missing.length > 1 ? 'les labels exigés' : 'le label exigé'} ` +
          `${labelNames(missing)}`;
  return { criterion: 'labels', passed: missing.length === 0, explanation };
}

/** The distance in a sentence: « 11,1 km du lieu de livraison » when plain. */
function distanceText(reach: Reach, factor: number): string | undefined {
  return reach.sites.length === 1 && factor === 1 ? undefined : reachText(reach, factor);
}

function distanceCheck(reach: Reach, factor: number, maxKm: number): WhyNotCheck {
  const passed = reach.farthest.roadKm <= maxKm;
  const text =
    distanceText(reach, factor) ?? `${km(reach.shownKm)} km du lieu de livraison`;
  const rule = passed ? 'dans le maximum de' : 'au-delà du maximum de';
  return {
    criterion: 'distance',
    passed,
    explanation: `${capitalised(text)}, ${rule} ${km(maxKm)} km`,
  };
}

/** Every check after the activity and the place, for one supplier and one need. */
export interface SupplierChecks {
  /** Labels, distance, service area, lead time, season: in this order. */
  checks: WhyNotCheck[];
  /** Within the maximum distance, whatever its labels. */
  near: boolean;
  labelled: boolean;
  /** The scored candidate (rank 0) when every check passed. */
  candidate: Candidate | null;
}

/**
 * Labels, distance, service area, lead time and season of a supplier for a
 * need with at least one site; the candidate when its activity fits (`fit`)
 * and all pass. `known`: the reach matchNeed already measured. `explained`
 * false (matchNeed, which reads only the candidate, for thousands of
 * suppliers): `checks` is left empty, its sentences unwritten.
 */
export function checkSupplier(
  need: Need,
  supplier: Supplier,
  fit: SectorFit | null,
  sites: readonly Place[],
  run: MatchRun,
  known?: Reach,
  explained = true,
): SupplierChecks {
  const { options } = run;
  const factor = roadFactorOf(options.roadFactor);
  const maxKm = maxKmOf(need, options);
  const reach = known ?? reachOf(sites, supplier.location, factor);
  const area = serviceAreaCheck(supplier, reach, run.regions);
  const timing = timingOf(need, supplier.offers, run.now);
  const labelled = hasLabels(supplier, need.requiredLabels);
  const near = reach.farthest.roadKm <= maxKm;
  const passed =
    labelled &&
    near &&
    area.status !== 'out' &&
    timing.leadTime.status !== 'fail' &&
    timing.season.status !== 'fail';
  const checks: WhyNotCheck[] = [];
  if (explained) {
    checks.push(
      labelsCheck(need, supplier),
      distanceCheck(reach, factor, maxKm),
      {
        criterion: 'service-area',
        passed: area.status !== 'out',
        explanation: area.explanation,
      },
      {
        criterion: 'lead-time',
        passed: timing.leadTime.status !== 'fail',
        explanation: timing.leadTime.explanation,
      },
      {
        criterion: 'season',
        passed: timing.season.status !== 'fail',
        explanation: timing.season.explanation,
      },
    );
  }
  if (fit === null || !passed) {
    return { checks, near, labelled, candidate: null };
  }

  const capacity = capacityPart(need, supplier, options.weights.capacity, {
    offers: timing.offers,
    groupedWith: run.groups.get(need.id) ?? [],
  });
  const text = distanceText(reach, factor);
  const scored = scoreParts(need, supplier, fit, reach.shownKm, maxKm, options.weights, {
    capacity,
    ...(text === undefined ? {} : { distanceText: text }),
  });
  const toConfirm = [...scored.toConfirm];
  if (timing.leadTime.status === 'unknown') toConfirm.push('délai');
  if (timing.season.status === 'unknown') toConfirm.push('saisonnalité');
  if (area.status === 'unknown') toConfirm.push('zone d’intervention');
  const candidate: Candidate = {
    rank: 0,
    supplierId: supplier.id,
    supplierName: supplier.name,
    siret: supplier.siret,
    kind: supplier.kind,
    labels: supplier.labels,
    city: supplier.address.city,
    inseeCode: supplier.address.inseeCode,
    location: supplier.location,
    distanceKm: reach.shownKm,
    score: scored.score,
    parts: scored.parts,
    sectorFit: fit.level,
    toConfirm,
    offerId: capacity.offerId,
    annualCapacity: capacity.annualCapacity,
  };
  return { checks, near, labelled, candidate };
}

/** What the filters saw for one need, to explain an empty result. */
interface FilterCounts {
  /** Suppliers whose activity fits. */
  fits: number;
  /** Of these, those within the maximum distance, whatever their labels. */
  near: Supplier[];
  /**
   * Of the fits with every required label, wherever they are, the distance
   * to the closest (closestLabelled); null when none has them. Measured only
   * when an empty result needs it.
   */
  closestLabelled: () => number | null;
  /** Near and labelled, yet ruled out by service area, lead time or season. */
  ruledOutLater: number;
}

/** « 14 fournisseurs du secteur à moins de 50 km, aucun n’a les labels exigés (ESUS) ». */
function nearWithoutLabels(need: Need, near: readonly Supplier[], maxKm: number): string {
  // Name the required labels no nearby supplier has; if each is held by
  // someone but never all together, name them all.
  const missing = need.requiredLabels.filter(
    (l) => !near.some((s) => s.labels.includes(l)),
  );
  const names = labelNames(missing.length > 0 ? missing : need.requiredLabels);
  const which = missing.length > 0 ? 'les labels exigés' : 'tous les labels exigés';
  const head =
    near.length === 1
      ? `1 fournisseur du secteur à moins de ${km(maxKm)} km, qui n’a pas ${which}`
      : `${near.length} fournisseurs du secteur à moins de ${km(maxKm)} km, ` +
        `aucun n’a ${which}`;
  return `${head} (${names})`;
}

/** Turf's longest distance, half the Earth's circumference: a box this wide holds all. */
const HALF_EARTH_KM = 20016;

/** Below this many suppliers to measure, growing boxes would not pay. */
const FEW_TO_MEASURE = 256;

/**
 * Distance (farthest site, road factor applied, rounded as shown) to the
 * closest supplier whose activity fits the need and that has every required
 * label; null when none has. When they are many, searched in growing boxes
 * around the first site: a supplier outside a box of radius r lies farther
 * than r from that site, so farther than factor × r by road from the
 * farthest site.
 */
function closestLabelled(
  need: Need,
  sites: readonly Place[],
  fits: NeedFits,
  index: SupplierIndex,
  factor: number,
  startKm: number,
): number | null {
  const labelled: number[] = [];
  for (const i of fits.possible) {
    const supplier = (index.prepared[i] as { supplier: Supplier }).supplier;
    if (hasLabels(supplier, need.requiredLabels) && fits.fitOf(i)) labelled.push(i);
  }
  if (labelled.length === 0) return null;
  const first = sites[0] as Place;
  const few = labelled.length <= FEW_TO_MEASURE;
  // The boxes' grid cells hold every supplier: the marked ones are measured.
  const { mark } = index;
  for (const i of labelled) mark[i] = 1;
  let best = Infinity;
  for (let radius = Math.max(startKm, 1); ; radius *= 4) {
    const whole =
      few || !Number.isFinite(factor) || factor <= 0 || radius >= HALF_EARTH_KM;
    const lists = whole
      ? [labelled]
      : listsToScan(index, boxAround(first, radius), labelled);
    for (const list of lists) {
      for (const i of list) {
        if (mark[i] !== 1) continue;
        const location = (index.prepared[i] as { supplier: Supplier }).supplier.location;
        // reachOf's farthest.roadKm, without its objects: thousands are measured.
        let roadKm = -Infinity;
        for (const site of sites)
          roadKm = Math.max(roadKm, distanceKm(site, location) * factor);
        if (roadKm < best) best = roadKm;
      }
    }
    if (whole || best <= factor * radius) break;
  }
  for (const i of labelled) mark[i] = 0;
  return roundTenth(best);
}

/** Why a need has no candidate, in French. */
function emptyNote(need: Need, counts: FilterCounts, maxKm: number): string {
  if (counts.fits === 0)
    return 'Aucun fournisseur du catalogue ne correspond à l’activité demandée.';
  const sites = sitesOf(need);
  if (sites.length === 0) return 'Lieu de livraison à préciser.';
  const { near } = counts;
  // Ruled out later means near, fitting and labelled: some have the labels.
  if (counts.ruledOutLater > 0) {
    const n = counts.ruledOutLater;
    return n === 1
      ? '1 fournisseur du secteur à portée, écarté par sa zone d’intervention, son ' +
          'délai de livraison ou sa saison ; voir « Pourquoi pas ? ».'
      : `${n} fournisseurs du secteur à portée, écartés par leur zone d’intervention, ` +
          'leur délai de livraison ou leur saison ; voir « Pourquoi pas ? ».';
  }
  const closestValue = counts.closestLabelled();
  if (closestValue === null) {
    const names = labelNames(need.requiredLabels);
    return `Aucun des ${counts.fits} fournisseurs du secteur n’a les labels exigés (${names}).`;
  }
  const closest = km(closestValue);
  if (near.length > 0) {
    // Suppliers are close enough: the required labels are what rules them out.
    const note = nearWithoutLabels(need, near, maxKm);
    return `${note} ; le plus proche qui les a est à ${closest} km.`;
  }
  return (
    `Aucun fournisseur du secteur à moins de ${km(maxKm)} km ` +
    `(le plus proche est à ${closest} km).`
  );
}

/**
 * How many suppliers passed every filter, in all and for each indicator kind;
 * the reservable counts only those of `precise` (fit finer than the CPV
 * division, isPreciseFit), the ones a reserved contract can count on.
 */
function inRangeCounts(
  suppliers: readonly Supplier[],
  precise: readonly Supplier[] = suppliers,
): NeedMatch['inRange'] {
  const byKind = Object.fromEntries(INDICATOR_KINDS.map((k) => [k, 0])) as Record<
    IndicatorKind,
    number
  >;
  for (const supplier of suppliers) {
    for (const kind of indicatorKindsOf(supplier)) byKind[kind] += 1;
  }
  return { total: suppliers.length, byKind, reservable: reservableCounts(precise) };
}

/** The ranked candidates of one need, and why there are none when so. */
export function matchNeed(need: Need, run: MatchRun): NeedMatch {
  const { index, options } = run;
  const fits = needFits(index, need);
  const base = { needId: need.id, sectorMatches: fits.count };
  const sites = sitesOf(need);
  const first = sites[0];
  if (!first) {
    return {
      ...base,
      candidates: [],
      note: 'Lieu de livraison à préciser.',
      inRange: inRangeCounts([]),
    };
  }

  const maxKm = maxKmOf(need, options);
  const factor = roadFactorOf(options.roadFactor);
  // Within maxKm by road means within maxKm / factor as the crow flies of every site.
  const box = boxAround(first, maxKm / factor);
  const counts: FilterCounts = {
    fits: fits.count,
    near: [],
    closestLabelled: () =>
      closestLabelled(need, sites, fits, index, factor, maxKm / factor),
    ruledOutLater: 0,
  };
  const candidates: Candidate[] = [];
  const kept: Supplier[] = [];
  const precise: Supplier[] = [];
  // Only suppliers in the box (read from the grid cells around the site, or
  // from the activity list if shorter) are measured; the labelled ones
  // elsewhere only matter to explain an empty result (closestLabelled).
  for (const list of listsToScan(index, box, fits.possible))
    for (const i of list) {
      const supplier = (index.prepared[i] as { supplier: Supplier }).supplier;
      const fit = fits.fitOf(i);
      if (!fit) continue;
      const labelled = hasLabels(supplier, need.requiredLabels);
      // The same tests as checkSupplier's, numbers only: its sentences cost more.
      const reach = reachOf(sites, supplier.location, factor);
      if (reach.farthest.roadKm > maxKm) continue;
      counts.near.push(supplier);
      if (!labelled) continue;
      const checked = checkSupplier(need, supplier, fit, sites, run, reach, false);
      if (!checked.candidate) {
        counts.ruledOutLater += 1;
        continue;
      }
      kept.push(supplier);
      if (isPreciseFit(fit.level)) precise.push(supplier);
      candidates.push(checked.candidate);
    }
  const ranked = rankCandidates(candidates, options.topN);
  const note = ranked.length > 0 ? null : emptyNote(need, counts, maxKm);
  return { ...base, candidates: ranked, note, inRange: inRangeCounts(kept, precise) };
}

/** Ranks, for every need of the plan, the catalogue's suppliers that can serve it. */
export function matchPlan(
  plan: Plan,
  catalogue: MatchCatalogue,
  options: MatchOptions,
  now: Date,
): MatchResult {
  const run = prepareRun(plan, catalogue, options, now);
  return {
    generatedAt: now.toISOString(),
    catalogueVersion: catalogue.version,
    options,
    needs: plan.needs.map((need) => matchNeed(need, run)),
  };
}
