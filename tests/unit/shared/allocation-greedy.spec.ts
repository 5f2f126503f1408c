import { describe, expect, it } from 'vitest';
import { buildProblem } from '../../../shared/allocation/build-problem';
import { greedyShares } from '../../../shared/allocation/greedy-allocation';
import { splitProblem } from '../../../shared/allocation/split-problem';
import { fixture, kgNeed, offer, supplier } from './allocation-fixture';

const r1 = supplier('r1', true, [offer('r1-offre', 40)]);
const r2 = supplier('r2', true);
const c = supplier('c', false);
const u = supplier('u', true);
// n1 and n2 share r1's offer (100 kg a year); n3 has only u, capacity unknown,
// and c (1 000 kg); n2 also has c.
const F = fixture(
  [
    {
      need: kgNeed('n1', 100),
      candidates: [
        { supplier: r1, km: 4, capacity: 100 },
        { supplier: r2, km: 10, capacity: 30 },
      ],
    },
    {
      need: kgNeed('n2', 100),
      candidates: [
        { supplier: r1, km: 6, capacity: 100 },
        { supplier: c, km: 2, capacity: 1000 },
      ],
    },
    {
      need: kgNeed('n3', 50),
      candidates: [
        { supplier: u, km: 3, capacity: null, offerId: null },
        { supplier: c, km: 2, capacity: 1000 },
      ],
    },
  ],
  [r1, r2, c, u],
);
const problem = buildProblem(F.plan, F.match, F.suppliersById);

describe('greedyShares', () => {
  it('serves needs in plan order, best-ranked candidate first, within capacity', () => {
    // n1: r1 takes all 100 kg (share 1), r2 nothing. n2: r1 is full, c 100 kg.
    // n3: u, unbounded, 50 kg. Lines: n1 r1, n1 r2, n2 r1, n2 c, n3 u, n3 c.
    expect([...greedyShares(problem)]).toEqual([1, 0, 0, 1, 1, 0]);
  });

  it('tops up a feasible allocation without taking anything back', () => {
    // From n1: r1 0.5 (50 kg), n2: r1 0.3 (30 kg) → r1 has 20 kg left.
    // n1: r1 +0.2 (its 20 kg), r2 +0.3 (30 kg capacity) → 1.
    // n2: r1 full, c +0.7 → 1. n3: u 1.
    const from = Float64Array.from([0.5, 0, 0.3, 0, 0, 0]);
    const topped = [...greedyShares(problem, from)];
    expect(topped[0]).toBeCloseTo(0.7, 12);
    expect(topped[1]).toBeCloseTo(0.3, 12);
    expect(topped[2]).toBeCloseTo(0.3, 12);
    expect(topped[3]).toBeCloseTo(0.7, 12);
    expect(topped.slice(4)).toEqual([1, 0]);
  });

  it('skips a line that would stay under its minimum order', () => {
    // r1's minimum is 40 kg; n1 takes 70 kg of it first, leaving 30 < 40 for n2.
    const from = Float64Array.from([0.7, 0, 0, 0, 0, 0]);
    const topped = [...greedyShares(problem, from)];
    expect(topped[2]).toBe(0);
    expect(topped[3]).toBe(1);
  });
});

describe('splitProblem', () => {
  it('keeps needs sharing a known capacity together, and unknown capacity apart', () => {
    // n1 and n2 share r1's offer; n2 and n3 share c's offer (capacity 1 000):
    // one part. u's unknown capacity links nothing.
    expect(
      splitProblem(problem).map((p) => p.problem.needs.map((n) => n.need.id)),
    ).toEqual([['n1', 'n2', 'n3']]);
    const alone = buildProblem(
      { ...F.plan, needs: F.plan.needs.slice(0, 1).concat(F.plan.needs.slice(2)) },
      {
        ...F.match,
        needs: [F.match.needs[0], F.match.needs[2]].filter((n) => n !== undefined),
      },
      F.suppliersById,
    );
    const parts = splitProblem(alone);
    expect(parts.map((p) => p.problem.needs.map((n) => n.need.id))).toEqual([
      ['n1'],
      ['n3'],
    ]);
    // Lines keep their whole-problem index: n3's lines are 2 and 3.
    expect(parts[1]?.lineIds).toEqual([2, 3]);
    expect(parts[1]?.problem.lines.map((l) => l.index)).toEqual([0, 1]);
  });
});
