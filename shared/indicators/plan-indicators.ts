/**
 * The plan's SPASER and EGalim indicators (issue 5, point 7): needs and
 * budget with responsible suppliers in range, what the allocation gives
 * them, estimated transport, and the EGalim shares of collective catering.
 */
import type { Allocation, AllocationLine } from '../allocation/allocation-types';
import { LABEL_NAMES } from '../model';
import type { MatchResult, Need, NeedMatch, Plan, Supplier } from '../model';
import { CANONICAL_UNITS } from '../plan/units';
import { EGALIM_SUSTAINABLE_LABELS, EGALIM_TARGETS, isCateringNeed } from './egalim';
import { indicatorSentences } from './indicator-sentences';
import {
  INDICATOR_KINDS,
  type IndicatorKind,
  type CompletePlanIndicators,
  type UnitTransport,
} from './indicator-types';
import { indicatorKindsOf, isResponsibleSupplier } from './supplier-kinds';

type SupplierTraits = Pick<Supplier, 'kind' | 'labels'>;
type KindIndicator = CompletePlanIndicators['kinds'][number];

/** One need as the indicators see it. */
interface NeedFigures {
  need: Need;
  budget: number | null;
  /** Kinds with at least one supplier in range, and whether any responsible one is. */
  kindsInRange: Set<IndicatorKind>;
  responsibleInRange: boolean;
  /** Annual demand; null when the need has no quantity. */
  demand: number | null;
  lines: readonly AllocationLine[];
}

function knownBudget(need: Need): number | null {
  const budget = need.budget;
  return typeof budget === 'number' && Number.isFinite(budget) && budget >= 0
    ? budget
    : null;
}

/**
 * Kind and labels of a supplier of the allocation: from the catalogue, else
 * from the need's candidates (a supplier a later sync removed).
 */
function traitsFinder(
  suppliersById: ReadonlyMap<string, Supplier>,
  matchesById: ReadonlyMap<string, NeedMatch>,
): (needId: string, supplierId: string) => SupplierTraits | null {
  return (needId, supplierId) =>
    suppliersById.get(supplierId) ??
    matchesById.get(needId)?.candidates.find((c) => c.supplierId === supplierId) ??
    null;
}

/** Whether a need has responsible suppliers in range, by kind and in all. */
function inRangeOf(match: NeedMatch | undefined): {
  kinds: Set<IndicatorKind>;
  responsible: boolean;
} {
  const kinds = new Set(
    INDICATOR_KINDS.filter((kind) => (match?.inRange.byKind[kind] ?? 0) > 0),
  );
  // TODO(issue 5): a supplier with only the réemploi label is seen among the
  // candidates only (inRange counts indicator kinds), so beyond the top N it is missed.
  const responsible =
    kinds.size > 0 || (match?.candidates.some((c) => isResponsibleSupplier(c)) ?? false);
  return { kinds, responsible };
}

/** Σ of the lines' quantities that `keep` accepts. */
function quantityOf(
  lines: readonly AllocationLine[],
  keep: (line: AllocationLine) => boolean,
): number {
  return lines.reduce((sum, line) => (keep(line) ? sum + line.quantity : sum), 0);
}

/**
 * What the allocation gives to the lines `keep` accepts: the mean over the
 * needs with a quantity of each need's share of its demand, and the
 * budget pro rata of that share.
 */
function allocatedTo(
  figures: readonly NeedFigures[],
  keep: (needId: string, line: AllocationLine) => boolean,
): { share: number | null; budget: number } {
  let shares = 0;
  let counted = 0;
  let budget = 0;
  for (const f of figures) {
    if (f.demand === null) continue;
    const given = quantityOf(f.lines, (line) => keep(f.need.id, line));
    const share = Math.min(1, given / f.demand);
    shares += share;
    counted += 1;
    if (f.budget !== null) budget += f.budget * share;
  }
  return { share: counted > 0 ? shares / counted : null, budget };
}

function shareOf(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Σ quantity × km of the allocation's lines, in all and by unit. */
function transportOf(
  allocation: Allocation,
  needsById: ReadonlyMap<string, Need>,
): CompletePlanIndicators['transport'] {
  const byUnit = new Map<string, UnitTransport>();
  let volume = 0;
  let weighted = 0;
  for (const needAllocation of allocation.needs) {
    const written = needsById.get(needAllocation.needId)?.unit ?? null;
    for (const line of needAllocation.lines) {
      const unit = line.unitCode ?? needAllocation.unitCode ?? written ?? '';
      const canonical = Object.values(CANONICAL_UNITS).find((u) => u.code === unit);
      const entry = byUnit.get(unit) ?? {
        unit,
        symbol: canonical?.symbol ?? (unit === '' ? 'unité' : unit),
        volume: 0,
        distanceWeightedVolume: 0,
        meanKm: null,
      };
      entry.volume += line.quantity;
      entry.distanceWeightedVolume += line.quantity * line.distanceKm;
      byUnit.set(unit, entry);
      volume += line.quantity;
      weighted += line.quantity * line.distanceKm;
    }
  }
  for (const entry of byUnit.values()) {
    entry.meanKm = shareOf(entry.distanceWeightedVolume, entry.volume);
  }
  return {
    distanceWeightedVolume: weighted,
    meanKm: shareOf(weighted, volume),
    byUnit: [...byUnit.values()],
  };
}

/** The EGalim shares, pro rata of volume, of the catering needs' known budget. */
function egalimOf(
  figures: readonly NeedFigures[],
  allocated: boolean,
  traitsOf: (needId: string, supplierId: string) => SupplierTraits | null,
): CompletePlanIndicators['egalim'] {
  const catering = figures.filter((f) => isCateringNeed(f.need));
  if (catering.length === 0) return null;
  const cateringBudget = catering.reduce((sum, f) => sum + (f.budget ?? 0), 0);
  const labelled =
    (labels: readonly string[]) =>
    (needId: string, line: AllocationLine): boolean => {
      const traits = traitsOf(needId, line.supplierId);
      return traits !== null && traits.labels.some((l) => labels.includes(l));
    };
  const bio = allocatedTo(catering, labelled(['bio']));
  const sustainable = allocatedTo(catering, labelled(EGALIM_SUSTAINABLE_LABELS));
  // No catering need with a quantity: nothing was allocated to them, so the
  // shares are unknown (bio.share is null), not 0 %.
  const computable = allocated && bio.share !== null;
  const inRange = (kinds: readonly IndicatorKind[]): number =>
    catering.filter((f) => kinds.some((k) => f.kindsInRange.has(k))).length;
  return {
    needs: catering.length,
    needsWithoutBudget: catering.filter((f) => f.budget === null).length,
    cateringBudget,
    needsWithQuantity: catering.filter((f) => f.demand !== null).length,
    needsWithBioInRange: inRange(['bio']),
    needsWithSustainableInRange: inRange(['bio', 'commerce-equitable']),
    bioShare: computable ? shareOf(bio.budget, cateringBudget) : null,
    sustainableShare: computable ? shareOf(sustainable.budget, cateringBudget) : null,
    targets: { ...EGALIM_TARGETS },
  };
}

/**
 * The indicators of a plan and its match, and after `allocation` when one
 * is given. Shares of demand are averaged need by need (units differ);
 * budgets after allocation are taken pro rata of the volume allocated.
 */
export function planIndicators(
  plan: Plan,
  match: MatchResult,
  allocation: Allocation | null,
  suppliersById: ReadonlyMap<string, Supplier>,
): CompletePlanIndicators {
  const matchesById = new Map(match.needs.map((m) => [m.needId, m]));
  const allocationsById = new Map(allocation?.needs.map((a) => [a.needId, a]) ?? []);
  const traitsOf = traitsFinder(suppliersById, matchesById);
  const figures: NeedFigures[] = plan.needs.map((need) => {
    const inRange = inRangeOf(matchesById.get(need.id));
    const allocated = allocationsById.get(need.id);
    const demand = allocated ? allocated.demand : need.annualQuantity;
    return {
      need,
      budget: knownBudget(need),
      kindsInRange: inRange.kinds,
      responsibleInRange: inRange.responsible,
      demand: demand !== null && demand > 0 ? demand : null,
      lines: allocated?.lines ?? [],
    };
  });

  const needCount = figures.length;
  const withBudget = figures.filter((f) => f.budget !== null);
  const budgetTotal = withBudget.reduce((sum, f) => sum + (f.budget ?? 0), 0);
  const needsWithQuantity = figures.filter((f) => f.demand !== null).length;
  const after = (
    keep: (needId: string, line: AllocationLine) => boolean,
  ): Pick<
    KindIndicator,
    'allocatedShare' | 'allocatedBudget' | 'allocatedBudgetShare'
  > => {
    if (!allocation) {
      return { allocatedShare: null, allocatedBudget: null, allocatedBudgetShare: null };
    }
    const given = allocatedTo(figures, keep);
    // No need with a quantity: nothing is allocated, the figures are unknown.
    if (given.share === null) {
      return { allocatedShare: null, allocatedBudget: null, allocatedBudgetShare: null };
    }
    return {
      allocatedShare: given.share,
      allocatedBudget: given.budget,
      allocatedBudgetShare: shareOf(given.budget, budgetTotal),
    };
  };
  const before = (inRange: (f: NeedFigures) => boolean) => {
    const kept = figures.filter(inRange);
    const budget = kept.reduce((sum, f) => sum + (f.budget ?? 0), 0);
    return {
      needs: kept.length,
      needShare: needCount > 0 ? kept.length / needCount : 0,
      budget,
      budgetShare: shareOf(budget, budgetTotal),
      needsWithoutBudget: kept.filter((f) => f.budget === null).length,
    };
  };

  const kinds: KindIndicator[] = INDICATOR_KINDS.map((kind) => ({
    kind,
    label: LABEL_NAMES[kind],
    ...before((f) => f.kindsInRange.has(kind)),
    ...after((needId, line) => {
      const traits = traitsOf(needId, line.supplierId);
      return traits !== null && indicatorKindsOf(traits).includes(kind);
    }),
  }));
  const responsible = before((f) => f.responsibleInRange);
  const indicators: Omit<CompletePlanIndicators, 'sentences'> = {
    needCount,
    needsWithBudget: withBudget.length,
    budgetTotal,
    needsWithoutQuantity: needCount - needsWithQuantity,
    needsWithQuantity,
    kinds,
    anyResponsible: {
      needs: responsible.needs,
      needShare: responsible.needShare,
      budget: responsible.budget,
      budgetShare: responsible.budgetShare,
      ...after((_needId, line) => line.responsible),
    },
    transport: allocation
      ? transportOf(allocation, new Map(plan.needs.map((n) => [n.id, n])))
      : null,
    egalim: egalimOf(figures, allocation !== null, traitsOf),
  };
  return {
    ...indicators,
    sentences: indicatorSentences(indicators, allocation !== null),
  };
}
