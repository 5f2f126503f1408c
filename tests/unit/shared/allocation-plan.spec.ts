import { describe, expect, it } from 'vitest';
import { allocatePlan, greedyAllocation } from '../../../shared/allocation/allocate-plan';
import type {
  Allocation,
  NeedAllocation,
} from '../../../shared/allocation/allocation-types';
import { checkAllocation } from '../../../shared/allocation/check-allocation';
import { makeNeed } from '../../helpers/make-need';
import { fixture, kgNeed, offer, supplier, type Fixture } from './allocation-fixture';

/** supplierId → quantity, for one need. */
function quantities(allocation: Allocation, needId: string): Record<string, number> {
  const need = allocation.needs.find((n) => n.needId === needId) as NeedAllocation;
  return Object.fromEntries(need.lines.map((l) => [l.supplierId, l.quantity]));
}

function expectQuantities(
  actual: Record<string, number>,
  expected: Record<string, number>,
) {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [id, q] of Object.entries(expected)) expect(actual[id]).toBeCloseTo(q, 4);
}

async function allocateAndCheck(f: Fixture): Promise<Allocation> {
  const allocation = await allocatePlan(f.plan, f.match, f.suppliersById);
  expect(checkAllocation(f.plan, f.match, f.suppliersById, allocation)).toEqual([]);
  const greedy = greedyAllocation(f.plan, f.match, f.suppliersById);
  expect(checkAllocation(f.plan, f.match, f.suppliersById, greedy)).toEqual([]);
  return allocation;
}

describe('allocatePlan', () => {
  it('gives the shared responsible supplier to the need that has no other one', async () => {
    const r1 = supplier('r1', true);
    const r2 = supplier('r2', true);
    const c = supplier('c', false);
    const f = fixture(
      [
        {
          need: kgNeed('n1', 100),
          candidates: [
            { supplier: r1, km: 4, capacity: 100 },
            { supplier: r2, km: 10, capacity: 100 },
          ],
        },
        {
          need: kgNeed('n2', 100),
          candidates: [
            { supplier: r1, km: 6, capacity: 100 },
            { supplier: c, km: 2, capacity: 1000 },
          ],
        },
      ],
      [r1, r2, c],
    );
    const allocation = await allocateAndCheck(f);
    // Greedy: n1 takes r1's 100 kg; n2 finds r1 empty and goes to c.
    //   responsible coverage (1 + 0) / 2 = 0.5; Σ q × km = 100×4 + 100×2 = 600.
    // Solver: n1 → r2 (100 kg), n2 → r1 (100 kg): both needs responsible, 1.
    //   Σ q × km = 100×10 + 100×6 = 1 600; Σ share × km = 10 + 6 = 16.
    expectQuantities(quantities(allocation, 'n1'), { r2: 100 });
    expectQuantities(quantities(allocation, 'n2'), { r1: 100 });
    expect(allocation.status).toBe('Optimal');
    expect(allocation.totals.responsibleCoverage).toBeCloseTo(1, 6);
    expect(allocation.totals.distanceWeightedVolume).toBeCloseTo(1600, 3);
    expect(allocation.totals.shareWeightedKm).toBeCloseTo(16, 5);
    expect(allocation.greedyTotals?.responsibleCoverage).toBeCloseTo(0.5, 9);
    expect(allocation.greedyTotals?.coverage).toBeCloseTo(1, 9);
    expect(allocation.greedyTotals?.distanceWeightedVolume).toBeCloseTo(600, 9);
    expect(allocation.needs.map((n) => n.note)).toEqual([null, null]);
  });

  it('splits a need across responsible suppliers, nearest first', async () => {
    const c = supplier('c', false);
    const r1 = supplier('r1', true);
    const r2 = supplier('r2', true);
    const r3 = supplier('r3', true);
    const f = fixture(
      [
        {
          need: kgNeed('n', 300),
          candidates: [
            { supplier: c, km: 1, capacity: 1000 },
            { supplier: r1, km: 5, capacity: 120 },
            { supplier: r2, km: 8, capacity: 100 },
            { supplier: r3, km: 20, capacity: 500 },
          ],
        },
      ],
      [c, r1, r2, r3],
    );
    const allocation = await allocateAndCheck(f);
    // Responsible first: r1 120 + r2 100 + r3 80 = 300, the nearest filled first.
    // Σ share × km = (120×5 + 100×8 + 80×20) / 300 = 3 000 / 300 = 10.
    // Greedy takes the first-ranked c for all 300 kg: responsible coverage 0.
    expectQuantities(quantities(allocation, 'n'), { r1: 120, r2: 100, r3: 80 });
    expect(allocation.totals.shareWeightedKm).toBeCloseTo(10, 5);
    expect(allocation.greedyTotals?.responsibleCoverage).toBe(0);
    expect(allocation.needs[0]?.responsibleAllocated).toBeCloseTo(300, 4);
  });

  it('leaves an unknown capacity unbounded and says so; a need without quantity gets nothing', async () => {
    const u = supplier('u', true);
    const r1 = supplier('r1', true);
    const f = fixture(
      [
        {
          need: kgNeed('n', 500),
          candidates: [
            { supplier: u, km: 30, capacity: null, offerId: null },
            { supplier: r1, km: 10, capacity: 200 },
          ],
        },
        {
          need: kgNeed('sans-quantite', null),
          candidates: [{ supplier: r1, km: 10, capacity: 200 }],
        },
      ],
      [u, r1],
    );
    const allocation = await allocateAndCheck(f);
    // r1 is nearer: it gives its 200 kg; u, unbounded, the other 300.
    expectQuantities(quantities(allocation, 'n'), { r1: 200, u: 300 });
    expect(allocation.unboundedSuppliers).toEqual(['u']);
    expect(allocation.needs[0]?.note).toBe(
      'Capacité à confirmer chez Fournisseur u : volume attribué sans plafond.',
    );
    expect(allocation.needs[1]).toMatchObject({
      demand: null,
      allocated: 0,
      lines: [],
      note: 'Quantité annuelle non précisée : aucun volume n’est attribué.',
    });
    // Only the need with a quantity is measured.
    expect(allocation.totals.needCount).toBe(1);
    expect(allocation.methodText.at(-1)).toBe(
      'Capacité inconnue chez 1 fournisseur : « à confirmer », sans plafond dans le calcul, ' +
        'jamais remplacée par un chiffre.',
    );
  });

  it('keeps a line at 0 or at least the minimum order, per order', async () => {
    const far = supplier('far', true, [offer('far-offre', 6)]);
    const near = supplier('near', true);
    const f = fixture(
      [
        {
          // 10 kg a week, 520 kg a year.
          need: kgNeed('n', 520, 52),
          candidates: [
            { supplier: near, km: 5, capacity: 260 },
            { supplier: far, km: 10, capacity: 10_000 },
          ],
        },
      ],
      [far, near],
    );
    const allocation = await allocateAndCheck(f);
    // Without the minimum: near 260 (its capacity, 5 kg per order), far 260.
    // far's minimum is 6 kg per order = 0.6 of each 10 kg order = 312 kg a
    // year, so far takes 312 and near the remaining 208 (4 kg per order).
    expectQuantities(quantities(allocation, 'n'), { near: 208, far: 312 });
    expect(allocation.totals.shareWeightedKm).toBeCloseTo(0.4 * 5 + 0.6 * 10, 5);
  });

  it('keeps the responsible optimum when a minimum order would trade it for coverage', async () => {
    const r = supplier('r', true);
    const c = supplier('c', false, [offer('c-offre', 60)]);
    const f = fixture(
      [
        {
          need: kgNeed('n', 100),
          candidates: [
            { supplier: r, km: 1, capacity: 50 },
            { supplier: c, km: 1, capacity: 1000 },
          ],
        },
      ],
      [r, c],
    );
    const allocation = await allocateAndCheck(f);
    // Responsible first: r gives its 50 kg (0.5). The 50 kg left are under
    // c's 60 kg minimum, so c stays at 0 (coverage 0.5). r 40 + c 60 would
    // cover all of it, but with 0.4 responsible: the order forbids it. The
    // pure LP round puts c at 0.5 (under its minimum); the MIP round's
    // coverage phase, weighted, must still keep r at 50.
    expectQuantities(quantities(allocation, 'n'), { r: 50 });
    expect(allocation.status).toBe('Optimal');
    expect(allocation.totals.responsibleCoverage).toBeCloseTo(0.5, 6);
    expect(allocation.totals.coverage).toBeCloseTo(0.5, 6);
  });

  it('skips a supplier whose minimum order the need cannot reach', async () => {
    const big = supplier('big', true, [offer('big-offre', 150)]);
    const small = supplier('small', true);
    const f = fixture(
      [
        {
          need: kgNeed('n', 100),
          candidates: [
            { supplier: big, km: 1, capacity: 10_000 },
            { supplier: small, km: 5, capacity: 30 },
          ],
        },
      ],
      [big, small],
    );
    const allocation = await allocateAndCheck(f);
    // 100 kg < 150 kg minimum: big is out; small gives its 30 kg.
    expectQuantities(quantities(allocation, 'n'), { small: 30 });
    expect(allocation.needs[0]?.note).toBe(
      'Couvert à 30\u00a0% (dont 30\u00a0% par des fournisseurs responsables) : ' +
        'les capacités connues des candidats ne suffisent pas pour le reste ; ' +
        'minimum de commande hors de portée chez Fournisseur big.',
    );
  });

  it('measures coverage per need, never adding kilograms and hours', async () => {
    const r1 = supplier('r1', true);
    const r2 = supplier('r2', true);
    const hours = makeNeed({
      id: 'heures',
      quantity: 10,
      unit: 'h',
      quantityKind: 'hours',
      unitCode: 'HUR',
      normalizedQuantity: 10,
      timesPerYear: 1,
      annualQuantity: 10,
    });
    const f = fixture(
      [
        {
          need: kgNeed('kilos', 1000),
          candidates: [{ supplier: r1, km: 1, capacity: 5000 }],
        },
        { need: hours, candidates: [{ supplier: r2, km: 1, capacity: 5 }] },
      ],
      [r1, r2],
    );
    const allocation = await allocateAndCheck(f);
    // kilos fully covered (1), heures half (5 of 10 h): mean (1 + 0.5) / 2 = 0.75,
    // where adding quantities would claim (1 000 + 5) / 1 010 = 99.5 %.
    expect(allocation.totals.coverage).toBeCloseTo(0.75, 6);
    expect(allocation.totals.responsibleCoverage).toBeCloseTo(0.75, 6);
    expect(allocation.needs[1]?.unitCode).toBe('HUR');
    expect(allocation.needs[1]?.note).toMatch(/^Couvert à 50\u00a0%/);
  });

  it('answers an empty plan', async () => {
    const f = fixture([], []);
    const allocation = await allocatePlan(f.plan, f.match, f.suppliersById);
    expect(allocation.needs).toEqual([]);
    expect(allocation.totals.needCount).toBe(0);
    expect(allocation.status).toBe('Empty');
  });
});

describe('allocatePlan out of time', () => {
  it('falls back on a feasible allocation and says it is not proven', async () => {
    // 30 needs competing for 3 responsible suppliers of 100 kg each, with a
    // minimum order: no time at all leaves HiGHS without an answer.
    const suppliers = [0, 1, 2].map((i) =>
      supplier(`r${i}`, true, [offer(`r${i}-offre`, 5)]),
    );
    const c = supplier('c', false);
    const rows = Array.from({ length: 30 }, (_, n) => ({
      need: kgNeed(`n${n}`, 20),
      candidates: [
        ...suppliers.map((s, i) => ({
          supplier: s,
          km: 1 + ((n + i) % 7),
          capacity: 100,
        })),
        { supplier: c, km: 1, capacity: 10_000 },
      ],
    }));
    const f = fixture(rows, [...suppliers, c]);
    const allocation = await allocatePlan(f.plan, f.match, f.suppliersById, {
      timeLimitSeconds: 0,
    });
    expect(checkAllocation(f.plan, f.match, f.suppliersById, allocation)).toEqual([]);
    expect(allocation.status).not.toBe('Optimal');
    expect(allocation.methodText.at(-1)).toMatch(
      /^Le calcul s’est arrêté avant la preuve d’optimalité/,
    );
    // Whatever HiGHS had, the greedy top-up covers every need: 30 × 20 kg,
    // 300 kg of it by the responsible suppliers at most.
    expect(allocation.totals.coverage).toBeCloseTo(1, 9);
  });
});
