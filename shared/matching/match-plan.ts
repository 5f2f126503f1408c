/**
 * Matching a plan against the catalogue.
 *
 * For each need:
 * 1. Activity: a supplier is kept only when its activity fits (sector-fit.ts):
 *    its CPV code equals or covers the need's, or shares its category (5
 *    digits), class (4), group (3) or division (2); or a sector is shared; or
 *    all words of a need keyword appear in its name, sectors or description
 *    (singular or plural). The count of these is NeedMatch.sectorMatches.
 * 2. Required labels: the supplier carries every one of them.
 * 3. Distance: Turf great-circle distance from the delivery place to the
 *    supplier ≤ the need's maximum distance (after a cheap lat/lon box).
 *    A need without a resolved place gets no candidates.
 * 4. Score (score-parts.ts): sector weight × fit factor (code 1, category 0.9,
 *    class 0.8, sector 0.7, group 0.65, keyword 0.5, division 0.45); labels
 *    weight × share of the preferred labels carried (all of it without any);
 *    distance weight × (1 − km / max km); capacity when the catalogue knows it,
 *    else "à confirmer" with neither points nor maximum.
 *    score = 100 × Σ points / Σ max, rounded to 0.1.
 * 5. Order (rank-candidates.ts): score desc, distance asc, fit precision
 *    (code > category > class > group > division > sector > keyword),
 *    supplier name (French collation), supplier id; the first topN are kept.
 */
import type {
  Candidate,
  LabelCode,
  LatLon,
  MatchOptions,
  MatchResult,
  Need,
  NeedMatch,
  Plan,
  Sector,
  Supplier,
} from '../model';
import { LABEL_NAMES } from '../model';
import { INDICATOR_KINDS, type IndicatorKind } from '../indicators/indicator-types';
import { indicatorKindsOf } from '../indicators/supplier-kinds';
import { formatFrenchNumber } from '../plan/parse-french-number';
import { boxAround, distanceKm, isInBox } from './distance-km';
import { methodText } from './method-text';
import { rankCandidates } from './rank-candidates';
import { roundTenth, scoreParts } from './score-parts';
import { preparedSectorFit, sectorFitOf, type SectorFit } from './sector-fit';
import { buildSupplierIndex, possibleFits, type SupplierIndex } from './supplier-index';

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

const km = (value: number): string => formatFrenchNumber(value, 1);

function hasLabels(supplier: Supplier, labels: readonly LabelCode[]): boolean {
  return labels.every((l) => supplier.labels.includes(l));
}

/** What the filters saw for one need, to explain an empty result. */
interface FilterCounts {
  /** Suppliers whose activity fits. */
  fits: number;
  /** Of these, those within the maximum distance, whatever their labels. */
  near: Supplier[];
  /** Of the fits, those with every required label, wherever they are. */
  withLabels: Supplier[];
}

const labelNames = (labels: readonly LabelCode[]): string =>
  labels.map((l) => LABEL_NAMES[l]).join(', ');

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

/** Distance to the closest supplier with the required labels, as shown. */
function closestKm(place: LatLon, suppliers: readonly Supplier[]): string {
  return km(roundTenth(Math.min(...suppliers.map((s) => distanceKm(place, s.location)))));
}

/** Why a need has no candidate, in French. */
function emptyNote(need: Need, counts: FilterCounts, maxKm: number): string {
  if (counts.fits === 0)
    return 'Aucun fournisseur du catalogue ne correspond à l’activité demandée.';
  const place = need.place;
  if (!place) return 'Lieu de livraison à préciser.';
  const { near, withLabels } = counts;
  if (withLabels.length === 0) {
    const names = labelNames(need.requiredLabels);
    return `Aucun des ${counts.fits} fournisseurs du secteur n’a les labels exigés (${names}).`;
  }
  const closest = closestKm(place, withLabels);
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

/** How many suppliers passed every filter, in all and for each indicator kind. */
function inRangeCounts(suppliers: readonly Supplier[]): NeedMatch['inRange'] {
  const byKind = Object.fromEntries(INDICATOR_KINDS.map((k) => [k, 0])) as Record<
    IndicatorKind,
    number
  >;
  for (const supplier of suppliers) {
    for (const kind of indicatorKindsOf(supplier)) byKind[kind] += 1;
  }
  return { total: suppliers.length, byKind };
}

function matchNeed(need: Need, index: SupplierIndex, options: MatchOptions): NeedMatch {
  const fits = new Map<number, SectorFit>();
  for (const i of possibleFits(index, need)) {
    const prepared = index.prepared[i];
    const fit = prepared && preparedSectorFit(need, prepared, index.sectorsById);
    if (fit) fits.set(i, fit);
  }
  const base = { needId: need.id, sectorMatches: fits.size };
  const place = need.place;
  if (!place) {
    return {
      ...base,
      candidates: [],
      note: 'Lieu de livraison à préciser.',
      inRange: inRangeCounts([]),
    };
  }

  const maxKm =
    Number.isFinite(need.maxDistanceKm) && need.maxDistanceKm > 0
      ? need.maxDistanceKm
      : options.defaultMaxDistanceKm;
  const box = boxAround(place, maxKm);
  const counts: FilterCounts = { fits: fits.size, near: [], withLabels: [] };
  const candidates: Candidate[] = [];
  const kept: Supplier[] = [];
  for (const [i, fit] of fits) {
    const supplier = (index.prepared[i] as { supplier: Supplier }).supplier;
    const labelled = hasLabels(supplier, need.requiredLabels);
    if (labelled) counts.withLabels.push(supplier);
    if (!isInBox(box, supplier.location)) continue;
    const distance = distanceKm(place, supplier.location);
    if (distance > maxKm) continue;
    counts.near.push(supplier);
    if (!labelled) continue;
    kept.push(supplier);
    const shownKm = roundTenth(distance);
    const scored = scoreParts(need, supplier, fit, shownKm, maxKm, options.weights);
    candidates.push({
      rank: 0,
      supplierId: supplier.id,
      supplierName: supplier.name,
      siret: supplier.siret,
      kind: supplier.kind,
      labels: supplier.labels,
      city: supplier.address.city,
      inseeCode: supplier.address.inseeCode,
      distanceKm: shownKm,
      score: scored.score,
      parts: scored.parts,
      sectorFit: fit.level,
      toConfirm: scored.toConfirm,
      // TODO(issue 5, point 2): capacity-part.ts is to name the offer and its yearly capacity.
      offerId: null,
      annualCapacity: null,
    });
  }
  const ranked = rankCandidates(candidates, options.topN);
  const note = ranked.length > 0 ? null : emptyNote(need, counts, maxKm);
  return { ...base, candidates: ranked, note, inRange: inRangeCounts(kept) };
}

/** Ranks, for every need of the plan, the catalogue's suppliers that can serve it. */
export function matchPlan(
  plan: Plan,
  catalogue: { version: string; sectors: Sector[]; suppliers: Supplier[] },
  options: MatchOptions,
  now: Date,
): MatchResult {
  const index = buildSupplierIndex(catalogue.suppliers, catalogue.sectors);
  return {
    generatedAt: now.toISOString(),
    catalogueVersion: catalogue.version,
    options,
    needs: plan.needs.map((need) => matchNeed(need, index, options)),
  };
}
