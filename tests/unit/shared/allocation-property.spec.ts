import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocatePlan, greedyAllocation } from '../../../shared/allocation/allocate-plan';
import { checkAllocation } from '../../../shared/allocation/check-allocation';
import { loadHighs } from '../../../shared/allocation/solve-allocation';
import type { Supplier } from '../../../shared/model';
import {
  fixture,
  kgNeed,
  offer,
  supplier,
  type CandidateSpec,
} from './allocation-fixture';

/** A random small problem: up to 6 suppliers, 7 needs, 4 candidates each. */
const problemArbitrary = fc
  .record({
    suppliers: fc.array(
      fc.record({
        responsible: fc.boolean(),
        // null: no minimum order; most offers have none.
        minimum: fc.option(fc.integer({ min: 1, max: 80 }), { freq: 3 }),
        capacity: fc.option(fc.integer({ min: 0, max: 300 }), { freq: 4 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    needs: fc.array(
      fc.record({
        annual: fc.option(fc.integer({ min: 1, max: 300 }), { freq: 8 }),
        times: fc.constantFrom(1, 4, 12),
        picks: fc.array(
          fc.record({ supplier: fc.nat(), km: fc.integer({ min: 0, max: 80 }) }),
          { maxLength: 4 },
        ),
      }),
      { minLength: 1, maxLength: 7 },
    ),
  })
  .map(({ suppliers: specs, needs: needSpecs }) => {
    const suppliers: Supplier[] = specs.map((s, i) =>
      supplier(`s${i}`, s.responsible, [offer(`s${i}-offre`, s.minimum)]),
    );
    const rows = needSpecs.map((n, i) => {
      const seen = new Set<number>();
      const candidates: CandidateSpec[] = [];
      for (const pick of n.picks) {
        const index = pick.supplier % suppliers.length;
        if (seen.has(index)) continue;
        seen.add(index);
        const capacity = specs[index]?.capacity ?? null;
        candidates.push({
          supplier: suppliers[index] as Supplier,
          km: pick.km,
          capacity,
          // The capacity is per offer; an unknown one has no offer, like the matcher's.
          offerId: capacity === null ? null : `s${index}-offre`,
        });
      }
      return { need: kgNeed(`n${i}`, n.annual, n.times), candidates };
    });
    return fixture(rows, suppliers);
  });

describe('allocation on random small problems', () => {
  it('is feasible, within demand, non-negative, and covers as much responsibly as greedy', async () => {
    await loadHighs();
    await fc.assert(
      fc.asyncProperty(problemArbitrary, async (f) => {
        const solved = await allocatePlan(f.plan, f.match, f.suppliersById);
        const greedy = greedyAllocation(f.plan, f.match, f.suppliersById);
        expect(checkAllocation(f.plan, f.match, f.suppliersById, solved)).toEqual([]);
        expect(checkAllocation(f.plan, f.match, f.suppliersById, greedy)).toEqual([]);
        for (const need of solved.needs) {
          for (const line of need.lines) expect(line.quantity).toBeGreaterThanOrEqual(0);
          if (need.demand === null) expect(need.lines).toEqual([]);
          else expect(need.allocated).toBeLessThanOrEqual(need.demand * (1 + 1e-6));
        }
        // The solver maximises responsible coverage first; greedy is one of
        // the feasible answers it beat or matched (less the noise it drops).
        expect(solved.totals.responsibleCoverage).toBeGreaterThanOrEqual(
          greedy.totals.responsibleCoverage - 1e-6,
        );
        expect(solved.greedyTotals).toEqual(greedy.totals);
      }),
      { numRuns: 200, seed: 20261205 },
    );
  });
});
