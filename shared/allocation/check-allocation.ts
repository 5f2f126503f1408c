/**
 * An independent check that an allocation is feasible, worked out again from
 * the plan, the match and the catalogue (not from the solver's problem):
 * every need once, no negative line, no need over its demand, no line to a
 * supplier that is not its candidate, no offer over its capacity across the
 * needs it serves, no line under its minimum order, totals that add up.
 * Returns French sentences, one per breach; empty when feasible.
 */
import type { Candidate, MatchResult, Need, Plan, Supplier } from '../model';
import { parseUnit } from '../plan/units';
import { foldText } from '../text/fold-text';
import type { Allocation, AllocationLine } from './allocation-types';

/** Relative slack for float noise in the solver's answer. */
const SLACK = 1e-6;

const over = (value: number, limit: number): boolean =>
  value > limit + SLACK * Math.max(1, Math.abs(limit));

/** The minimum order converted to the need's annual unit per order, or null. */
function minimumPerOrder(need: Need, supplier: Supplier, offerId: string | null) {
  const offer = supplier.offers.find((o) => o.id === offerId);
  if (!offer || offer.minimumOrder === null || offer.minimumOrder <= 0) return null;
  if (need.quantity === null || need.quantity <= 0) return null;
  const fold = (u: string): string => foldText(u);
  if (offer.unit === null || need.unit === null || fold(offer.unit) === fold(need.unit)) {
    return { minimum: offer.minimumOrder, perOrder: need.quantity };
  }
  const unit = parseUnit(offer.unit);
  if (unit.status !== 'found' || unit.unit.kind !== need.quantityKind) return null;
  if (need.normalizedQuantity === null) return null;
  return {
    minimum: offer.minimumOrder * unit.unit.factor,
    perOrder: need.normalizedQuantity,
  };
}

interface PoolUse {
  label: string;
  /** Σ quantity ÷ capacity in the line's own need's unit. */
  used: number;
}

/** Breaches of the allocation's feasibility, in French; [] when it is feasible. */
export function checkAllocation(
  plan: Plan,
  match: MatchResult,
  suppliersById: ReadonlyMap<string, Supplier>,
  allocation: Allocation,
): string[] {
  const problems: string[] = [];
  const needs = new Map(plan.needs.map((n) => [n.id, n]));
  const candidates = new Map(match.needs.map((m) => [m.needId, m.candidates]));
  const pools = new Map<string, PoolUse>();
  const seen = new Set<string>();

  for (const entry of allocation.needs) {
    const need = needs.get(entry.needId);
    if (!need) {
      problems.push(`Besoin ${entry.needId} : absent du plan.`);
      continue;
    }
    if (seen.has(need.id)) problems.push(`Besoin ${need.id} : affecté deux fois.`);
    seen.add(need.id);
    const q = need.annualQuantity;
    const demand = q !== null && Number.isFinite(q) && q > 0 ? q : null;
    if (demand === null && entry.lines.length > 0) {
      problems.push(`Besoin ${need.id} : volume attribué sans quantité.`);
    }
    let total = 0;
    let responsible = 0;
    for (const line of entry.lines) {
      const where = `Besoin ${need.id}, ${line.supplierName}`;
      if (line.quantity < 0)
        problems.push(`${where} : quantité négative (${line.quantity}).`);
      total += line.quantity;
      if (line.responsible) responsible += line.quantity;
      const candidate = (candidates.get(need.id) ?? []).find(
        (c) => c.supplierId === line.supplierId && c.offerId === line.offerId,
      );
      if (!candidate) {
        problems.push(`${where} : ce fournisseur n’est pas candidat pour ce besoin.`);
        continue;
      }
      checkMinimum(need, line, suppliersById, problems);
      usePool(pools, candidate, line);
    }
    if (demand !== null && over(total, demand)) {
      problems.push(
        `Besoin ${need.id} : ${total} attribués pour un besoin de ${demand}.`,
      );
    }
    if (Math.abs(total - entry.allocated) > SLACK * Math.max(1, total)) {
      problems.push(
        `Besoin ${need.id} : total ${entry.allocated} ≠ somme des lignes ${total}.`,
      );
    }
    if (Math.abs(responsible - entry.responsibleAllocated) > SLACK * Math.max(1, total)) {
      problems.push(
        `Besoin ${need.id} : part responsable ${entry.responsibleAllocated} ≠ ${responsible}.`,
      );
    }
  }
  for (const need of plan.needs) {
    if (!seen.has(need.id)) problems.push(`Besoin ${need.id} : absent de l’affectation.`);
  }
  for (const pool of pools.values()) {
    if (over(pool.used, 1)) {
      const percent = (pool.used * 100).toLocaleString('fr-FR', {
        maximumFractionDigits: 4,
      });
      problems.push(`${pool.label} : ${percent} % de sa capacité demandée.`);
    }
  }
  return problems;
}

function checkMinimum(
  need: Need,
  line: AllocationLine,
  suppliersById: ReadonlyMap<string, Supplier>,
  problems: string[],
): void {
  const supplier = suppliersById.get(line.supplierId);
  const rule = supplier && minimumPerOrder(need, supplier, line.offerId);
  if (!rule || line.quantity <= 0 || need.annualQuantity === null) return;
  // Each order is split like the year: this line's part of each order.
  const perOrder = (line.quantity / need.annualQuantity) * rule.perOrder;
  if (perOrder < rule.minimum * (1 - SLACK)) {
    problems.push(
      `Besoin ${need.id}, ${line.supplierName} : ${perOrder} par commande, ` +
        `sous le minimum de ${rule.minimum}.`,
    );
  }
}

function usePool(
  pools: Map<string, PoolUse>,
  candidate: Candidate,
  line: AllocationLine,
) {
  const capacity = candidate.annualCapacity;
  if (capacity === null) return;
  const key = `${candidate.supplierId}\u0000${candidate.offerId ?? ''}`;
  const pool = pools.get(key) ?? {
    label: `${candidate.supplierName} (offre ${candidate.offerId ?? '—'})`,
    used: 0,
  };
  pool.used += capacity > 0 ? line.quantity / capacity : line.quantity > 0 ? Infinity : 0;
  pools.set(key, pool);
}
