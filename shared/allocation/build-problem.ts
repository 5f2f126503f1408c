/**
 * The allocation problem, free of any solver: one line per (need, candidate),
 * measured as a share of the need's annual demand (0…1), and one pool per
 * supplier offer whose capacity binds the lines that draw on it.
 *
 * - Share, not quantity: a line's variable is the part of its need's demand it
 *   carries, so needs in kilograms and needs in hours never add up.
 * - Pool = supplier + offer. Each line knows the pool's capacity in its own
 *   need's unit (Candidate.annualCapacity), so the pool constraint is
 *   Σ quantity ÷ capacity-in-that-unit ≤ 1: the part of the capacity each
 *   line uses, which adds up whatever the units.
 * - Unknown capacity (null): the line is bounded only by its need's demand,
 *   and the supplier is listed as unbounded; the capacity is never guessed.
 * - Minimum order, when the offer knows it in a unit comparable to the
 *   need's: a line is 0 or at least minimumOrder ÷ quantity per order.
 */
import type { Candidate, MatchResult, Need, Offer, Plan, Supplier } from '../model';
import { isResponsibleSupplier } from '../indicators/supplier-kinds';
import { parseUnit } from '../plan/units';
import { foldText } from '../text/fold-text';

/** One possible share of a need given to one candidate. */
export interface ProblemLine {
  index: number;
  needIndex: number;
  candidate: Candidate;
  responsible: boolean;
  distanceKm: number;
  /** Index in AllocationProblem.pools; null when the capacity is unknown. */
  poolIndex: number | null;
  /** Capacity of the pool over a year in the need's unit; null when unknown. */
  capacity: number | null;
  /** Largest share the line can take alone: 1, or capacity ÷ demand. */
  upperShare: number;
  /** Smallest non-zero share (minimum order ÷ quantity per order), or null. */
  minShare: number | null;
  /** Why the line can take nothing, in French, when upperShare is 0. */
  blocked: string | null;
}

export interface ProblemNeed {
  need: Need;
  /** Annual demand; null when the need has no positive quantity. */
  demand: number | null;
  lineIndices: number[];
  /** French note when nothing can be allocated before solving. */
  note: string | null;
}

/** A supplier's offer with a known capacity, shared by the lines using it. */
export interface ProblemPool {
  supplierId: string;
  offerId: string | null;
  lineIndices: number[];
}

export interface AllocationProblem {
  needs: ProblemNeed[];
  lines: ProblemLine[];
  pools: ProblemPool[];
  /** Suppliers with a line of unknown capacity, sorted by id. */
  unboundedSuppliers: string[];
}

const sameWord = (a: string, b: string): boolean => foldText(a) === foldText(b);

/**
 * The minimum order as a share of the need's quantity per order, or null when
 * the offer has none or gives it in a unit that does not compare.
 */
export function minimumShare(need: Need, offer: Offer | undefined): number | null {
  const minimum = offer?.minimumOrder ?? null;
  if (!offer || minimum === null || minimum <= 0) return null;
  if (need.quantity === null || need.quantity <= 0) return null;
  // Same rule as the score's capacity part: a unit missing on either side
  // or the same word on both compares as written.
  if (offer.unit === null || need.unit === null || sameWord(offer.unit, need.unit)) {
    return minimum / need.quantity;
  }
  const parsed = parseUnit(offer.unit);
  if (parsed.status !== 'found' || parsed.unit.kind !== need.quantityKind) return null;
  if (need.normalizedQuantity === null || need.normalizedQuantity <= 0) return null;
  return (minimum * parsed.unit.factor) / need.normalizedQuantity;
}

const frenchNumber = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

function demandOf(need: Need): number | null {
  const q = need.annualQuantity;
  return q !== null && Number.isFinite(q) && q > 0 ? q : null;
}

function poolKey(candidate: Candidate): string {
  return `${candidate.supplierId}\u0000${candidate.offerId ?? ''}`;
}

function lineOf(
  index: number,
  needIndex: number,
  need: Need,
  demand: number,
  candidate: Candidate,
  supplier: Supplier,
): ProblemLine {
  const capacity = candidate.annualCapacity;
  const known = capacity !== null && Number.isFinite(capacity);
  const upperShare = known ? Math.min(1, Math.max(0, capacity) / demand) : 1;
  const offer = supplier.offers.find((o) => o.id === candidate.offerId);
  let minShare = minimumShare(need, offer);
  let blocked: string | null = known && capacity <= 0 ? 'capacité nulle' : null;
  if (minShare !== null && minShare > upperShare) {
    // The minimum cannot be reached within this need: the line stays at 0.
    blocked = `minimum de commande (${frenchNumber.format(offer?.minimumOrder ?? 0)}) hors de portée`;
    minShare = null;
  }
  return {
    index,
    needIndex,
    candidate,
    responsible: isResponsibleSupplier(supplier),
    distanceKm: candidate.distanceKm,
    poolIndex: null,
    capacity: known ? capacity : null,
    upperShare: blocked ? 0 : upperShare,
    minShare,
    blocked,
  };
}

/** Builds the problem from the plan, its match and the suppliers of the candidates. */
export function buildProblem(
  plan: Plan,
  match: MatchResult,
  suppliersById: ReadonlyMap<string, Supplier>,
): AllocationProblem {
  const matches = new Map(match.needs.map((m) => [m.needId, m]));
  const lines: ProblemLine[] = [];
  const pools: ProblemPool[] = [];
  const poolIndex = new Map<string, number>();
  const unbounded = new Set<string>();

  const needs = plan.needs.map((need, needIndex): ProblemNeed => {
    const demand = demandOf(need);
    const candidates = matches.get(need.id)?.candidates ?? [];
    if (demand === null) {
      return {
        need,
        demand,
        lineIndices: [],
        note: 'Quantité annuelle non précisée : aucun volume n’est attribué.',
      };
    }
    if (candidates.length === 0) {
      return { need, demand, lineIndices: [], note: 'Aucun fournisseur candidat.' };
    }
    const lineIndices: number[] = [];
    for (const candidate of [...candidates].sort((a, b) => a.rank - b.rank)) {
      const supplier = suppliersById.get(candidate.supplierId);
      if (!supplier) {
        throw new Error(
          `Fournisseur ${candidate.supplierId} absent du catalogue (besoin ${need.id}).`,
        );
      }
      const line = lineOf(lines.length, needIndex, need, demand, candidate, supplier);
      if (line.capacity === null) {
        unbounded.add(candidate.supplierId);
      } else {
        const key = poolKey(candidate);
        let p = poolIndex.get(key);
        if (p === undefined) {
          p = pools.length;
          poolIndex.set(key, p);
          pools.push({
            supplierId: candidate.supplierId,
            offerId: candidate.offerId,
            lineIndices: [],
          });
        }
        line.poolIndex = p;
        pools[p]?.lineIndices.push(line.index);
      }
      lines.push(line);
      lineIndices.push(line.index);
    }
    return { need, demand, lineIndices, note: null };
  });

  return { needs, lines, pools, unboundedSuppliers: [...unbounded].sort() };
}

/**
 * How much of a pool's capacity one unit of share of this line uses:
 * demand ÷ capacity, both in the line's need's unit.
 */
export function poolCoefficient(problem: AllocationProblem, line: ProblemLine): number {
  const demand = problem.needs[line.needIndex]?.demand ?? 0;
  return line.capacity === null || line.capacity <= 0 ? 0 : demand / line.capacity;
}
