import { describe, expect, it } from 'vitest';
import type {
  Allocation,
  AllocationLine,
  NeedAllocation,
} from '../../../shared/allocation/allocation-types';
import { checkAllocation } from '../../../shared/allocation/check-allocation';
import { fixture, kgNeed, offer, supplier } from './allocation-fixture';

// Two needs of 100 kg; r1 (capacity 100 kg a year, minimum 30 kg per order)
// serves both, c (capacity 1 000) only n2.
const r1 = supplier('r1', true, [offer('r1-offre', 30)]);
const c = supplier('c', false);
const F = fixture(
  [
    { need: kgNeed('n1', 100), candidates: [{ supplier: r1, km: 4, capacity: 100 }] },
    {
      need: kgNeed('n2', 100),
      candidates: [
        { supplier: r1, km: 6, capacity: 100 },
        { supplier: c, km: 2, capacity: 1000 },
      ],
    },
  ],
  [r1, c],
);

function line(needId: string, supplierId: string, quantity: number): AllocationLine {
  return {
    needId,
    supplierId,
    supplierName: `Fournisseur ${supplierId}`,
    offerId: `${supplierId}-offre`,
    quantity,
    unitCode: 'KGM',
    distanceKm: 1,
    responsible: supplierId === 'r1',
  };
}

function needOf(needId: string, lines: AllocationLine[]): NeedAllocation {
  const sum = (ls: AllocationLine[]): number => ls.reduce((s, l) => s + l.quantity, 0);
  return {
    needId,
    demand: 100,
    unitCode: 'KGM',
    allocated: sum(lines),
    responsibleAllocated: sum(lines.filter((l) => l.responsible)),
    lines,
    note: null,
  };
}

function allocation(needs: NeedAllocation[]): Allocation {
  const zero = {
    demand: 0,
    allocated: 0,
    responsibleAllocated: 0,
    distanceWeightedVolume: 0,
    needCount: 0,
    coverage: 0,
    responsibleCoverage: 0,
    shareWeightedKm: 0,
  };
  return {
    method: 'solver',
    status: 'Optimal',
    needs,
    totals: zero,
    unboundedSuppliers: [],
    greedyTotals: null,
    elapsedMs: 0,
    methodText: [],
  };
}

const check = (a: Allocation): string[] =>
  checkAllocation(F.plan, F.match, F.suppliersById, a);

describe('checkAllocation', () => {
  it('accepts a feasible allocation: r1 60 + 40 = its 100 kg', () => {
    const ok = allocation([
      needOf('n1', [line('n1', 'r1', 60)]),
      needOf('n2', [line('n2', 'r1', 40), line('n2', 'c', 60)]),
    ]);
    expect(check(ok)).toEqual([]);
  });

  it('finds a supplier asked for more than its capacity across needs', () => {
    // 70 + 40 = 110 kg of r1's 100: 110 %.
    const a = allocation([
      needOf('n1', [line('n1', 'r1', 70)]),
      needOf('n2', [line('n2', 'r1', 40), line('n2', 'c', 60)]),
    ]);
    expect(check(a)).toEqual([
      'Fournisseur r1 (offre r1-offre) : 110 % de sa capacité demandée.',
    ]);
  });

  it('finds a need over its demand, a negative line, a line under its minimum', () => {
    const a = allocation([
      needOf('n1', [line('n1', 'r1', 20)]),
      needOf('n2', [line('n2', 'c', 110), line('n2', 'r1', -5)]),
    ]);
    expect(check(a)).toEqual([
      'Besoin n1, Fournisseur r1 : 20 par commande, sous le minimum de 30.',
      'Besoin n2, Fournisseur r1 : quantité négative (-5).',
      'Besoin n2 : 105 attribués pour un besoin de 100.',
    ]);
  });

  it('finds a line to a supplier that is not a candidate, and a missing need', () => {
    const a = allocation([needOf('n1', [line('n1', 'c', 50)])]);
    expect(check(a)).toEqual([
      'Besoin n1, Fournisseur c : ce fournisseur n’est pas candidat pour ce besoin.',
      'Besoin n2 : absent de l’affectation.',
    ]);
  });

  it('finds totals that do not add up', () => {
    const n1 = { ...needOf('n1', [line('n1', 'r1', 50)]), allocated: 60 };
    const a = allocation([n1, needOf('n2', [])]);
    expect(check(a)).toEqual(['Besoin n1 : total 60 ≠ somme des lignes 50.']);
  });
});
